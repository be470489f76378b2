import type { z } from 'zod';
import { AccountCreateSchema, AccountUpdateSchema } from '../../../shared/account-input';
import { zodProblems } from '../../../shared/zod-problems';
import { TokenDeskError } from '../errors';

/** Input of TokenDeskCore.create, before defaults. */
export type CreateInput = z.input<typeof AccountCreateSchema>;
/** Input of TokenDeskCore.update. */
export type UpdateInput = z.input<typeof AccountUpdateSchema>;

/** Validates a create request; `invalid_input` says which part is wrong. */
export function parseCreate(input: CreateInput): z.output<typeof AccountCreateSchema> {
  const parsed = AccountCreateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TokenDeskError('invalid_input', `The new account is not valid: ${zodProblems(parsed.error)}.`);
}

/** Validates an update request; `invalid_input` says which part is wrong. */
export function parseUpdate(input: UpdateInput): z.output<typeof AccountUpdateSchema> {
  const parsed = AccountUpdateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TokenDeskError('invalid_input', `The account change is not valid: ${zodProblems(parsed.error)}.`);
}
