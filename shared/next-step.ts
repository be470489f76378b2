import { z } from 'zod';

/**
 * The one action that gets a person past an error (or that a hint offers), as data: each surface words
 * it itself, the CLI as the command to type (electron/cli/next-step.ts), the window as a button in its
 * own language (renderer/src/components/next-step-button.tsx). Core's messages say what happened and
 * what to do in words that fit every surface, and never name a surface's own action.
 */
export const NextStepSchema = z.discriminatedUnion('kind', [
  /** Change the account: these fields (by name) need a new value. */
  z.object({ kind: z.literal('edit'), fields: z.array(z.string().max(64)).max(16) }),
  /** Log in again (SaiNiu: a new QR code). */
  z.object({ kind: z.literal('login') }),
  /** Refresh the account (e.g. it has no token yet). */
  z.object({ kind: z.literal('refresh') }),
  /** Check an account changed outside TokenDesk, then vouch for it. */
  z.object({ kind: z.literal('confirm') }),
  /** Turn auto-refresh on. */
  z.object({ kind: z.literal('autoRefresh') }),
  /** Add the custom provider's definition again. */
  z.object({ kind: z.literal('defineProvider') }),
]);
/** The one action that gets a person past an error. */
export type NextStep = z.infer<typeof NextStepSchema>;

/** The next step of a field to fill in or correct. */
export const editFields = (...fields: string[]): NextStep => ({ kind: 'edit', fields });
