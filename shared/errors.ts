import { z } from 'zod';
import { NextStepSchema } from './next-step';

/** The closed set of error codes every layer reports (docs/architecture.md, "Errors"). */
export const ERROR_CODES = [
  'provider_rejected',
  'http_error',
  'bad_response',
  'network',
  'timeout',
  'invalid_input',
  'not_found',
  'locked',
  'internal',
] as const;

/** One of the closed set of error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The provider's own error code and message, kept verbatim (never containing a secret we sent). */
export const ProviderErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
});
/** The provider's own error code and message. */
export type ProviderError = z.infer<typeof ProviderErrorSchema>;

/** An error as a value: what crosses IPC, is printed by the CLI and is stored as an account's last error. */
export const ErrorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  provider: ProviderErrorSchema.optional(),
  /** True when retrying cannot help until a person acts (credentials rejected, SUD code expired). */
  needsUser: z.boolean().optional(),
  /** HTTP status of the failed exchange, when there was one. */
  status: z.number().int().optional(),
  /**
   * What went wrong, as a stable key the window explains in the person's language, when the provider
   * knows more than the codes say (e.g. `session_refresh_refused`). Never carries a value.
   */
  reason: z.string().max(64).optional(),
  /** Epoch ms from when asking again can succeed (a request refused for coming too often). */
  retryAt: z.number().optional(),
  /** The one action that gets past it, which each surface words as its own (shared/next-step.ts). */
  next: NextStepSchema.optional(),
  /** The account the error is about, where the error itself names one (for the CLI's next step). */
  account: z.string().max(200).optional(),
  /** Epoch ms when the error happened. */
  at: z.number().optional(),
});
/** An error as a value. */
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

/** True when the value has the shape of an ErrorInfo. */
export function isErrorInfo(value: unknown): value is ErrorInfo {
  return ErrorInfoSchema.safeParse(value).success;
}
