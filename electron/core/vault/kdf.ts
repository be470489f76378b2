import { scrypt, scryptSync } from 'node:crypto';
import { TokenDeskError } from '../errors';
import { KEY_BYTES } from './crypto';
import type { ScryptParams } from './types';

/** Cheap parameters for tests only, far below what calibration ever picks. */
export const FAST_TEST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

const MIN_LOG2_N = 10;
const MAX_LOG2_N = 20;
/** Calibration never goes below this N, whatever the machine: weaker would be too cheap to guess. */
const CALIBRATION_MIN_LOG2_N = 14;
/** scrypt needs about 128·N·r bytes; parameters read from a file may not ask for more than this. */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;

/** What a fast computer's calibration writes: a bundle from one must still open on a slower or busy one. */
const FAST_COMPUTER_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

/** scrypt's work, N·r·p: its time grows with it, and its memory (128·N·r bytes) is bounded by it. */
export function scryptCost(params: ScryptParams): number {
  return params.N * params.r * params.p;
}

/**
 * The costliest derivation a file from elsewhere (an export bundle) may ask for: four times what export
 * writes here (`exported`, this computer's calibration), counted as at least a fast computer's.
 */
export function maxForeignScryptCost(exported: () => ScryptParams = defaultScrypt): number {
  return 4 * Math.max(scryptCost(FAST_COMPUTER_SCRYPT), scryptCost(exported()));
}

/** Whether a foreign file's parameters are within maxForeignScryptCost (calibrating only when needed). */
export function foreignScryptAllowed(params: ScryptParams, exported: () => ScryptParams = defaultScrypt): boolean {
  const cost = scryptCost(params);
  // Calibrating takes a moment: only asked when the fast computer's figure alone would refuse.
  return cost <= 4 * scryptCost(FAST_COMPUTER_SCRYPT) || cost <= maxForeignScryptCost(exported);
}

/** True for parameters this build accepts (a hostile file must not make us allocate gigabytes). */
export function scryptParamsAreSane(params: ScryptParams): boolean {
  const { N, r, p } = params;
  const log2 = Math.log2(N);
  return (
    Number.isInteger(log2) && log2 >= MIN_LOG2_N && log2 <= MAX_LOG2_N &&
    Number.isInteger(r) && r >= 1 && r <= 32 &&
    Number.isInteger(p) && p >= 1 && p <= 16 &&
    128 * N * r <= MAX_SCRYPT_MEMORY
  );
}

function maxmem(params: ScryptParams): number {
  // Node refuses when 128·N·r exceeds maxmem; leave headroom for its own bookkeeping.
  return 128 * params.N * params.r * 2 + 16 * 1024 * 1024;
}

/** Derives the 32-byte key-encryption key of a passphrase slot (async: it must not block the app). */
export function deriveKek(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  if (!scryptParamsAreSane(params)) {
    return Promise.reject(new TokenDeskError(
      'invalid_input',
      `The passphrase settings (scrypt N=${params.N}, r=${params.r}, p=${params.p}) are outside what TokenDesk accepts. Use N a power of two between 2^${MIN_LOG2_N} and 2^${MAX_LOG2_N}, r 1–32, p 1–16.`,
    ));
  }
  // The same passphrase typed on another system may arrive in another Unicode normal form.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { ...params, maxmem: maxmem(params) }, (error, key) => {
      secret.fill(0);
      if (error) {
        reject(new TokenDeskError('internal', 'TokenDesk could not derive the key from the passphrase (the system refused the memory scrypt needs). Close other programs and try again.', { cause: error }));
      } else {
        resolve(key);
      }
    });
  });
}

function timeOnce(N: number): number {
  const params = { N, r: 8, p: 1 };
  const started = performance.now();
  scryptSync('calibration', 'tokendesk-calibration', KEY_BYTES, { ...params, maxmem: maxmem(params) });
  return performance.now() - started;
}

/**
 * Picks scrypt parameters (r=8, p=1, N a power of two) so that one derivation takes about `targetMs`
 * on this machine, never below N=2^14. It runs scrypt a few times, about twice the target in total.
 */
export function calibrateScrypt(targetMs = 250): ScryptParams {
  let log2 = CALIBRATION_MIN_LOG2_N;
  let elapsed = timeOnce(2 ** log2);
  // Doubling N doubles the time; stop at the power of two nearest the target on a log scale.
  while (log2 < MAX_LOG2_N && elapsed * Math.SQRT2 < targetMs) {
    log2 += 1;
    elapsed = timeOnce(2 ** log2);
  }
  return { N: 2 ** log2, r: 8, p: 1 };
}

let calibrated: ScryptParams | undefined;

/** The calibrated parameters of this process, measured once on first use. */
export function defaultScrypt(): ScryptParams {
  calibrated ??= calibrateScrypt();
  return calibrated;
}
