// Type checks that keep the Electron stand-in (electron.ts) honest against Electron 45's own typings
// (node_modules/electron/electron.d.ts): `npx tsc -b` fails when the stand-in has a member the real API
// lacks, or a method whose signature the real one would not accept.
import type { EventEmitter } from 'node:events';

type AnyFunction = (...args: never[]) => unknown;

/**
 * `Fake` as it must look to conform to `Real`: every public member (except EventEmitter's, and the
 * test-only ones named in `TestOnly`) exists in `Real`, and a method is assignable to the real one
 * (same or wider parameters, same return). A member that does not conform is typed `never`, so
 * assigning the fake to `Conforms<…>` fails to compile at that member.
 */
export type Conforms<Fake, Real, TestOnly extends PropertyKey = never> = {
  [K in Exclude<keyof Fake, keyof EventEmitter | TestOnly>]: K extends keyof Real
    ? Fake[K] extends AnyFunction
      ? Fake[K] extends Real[K]
        ? Fake[K]
        : never
      : Fake[K]
    : never;
};

/** Compiles only when `T` is exactly `true`. */
export type Assert<T extends true> = T;

/** The names of `Fake`'s members missing from `Real` (never when all are there). */
export type Unknown<Fake, Real> = Exclude<keyof Fake, keyof Real>;
