import type { z } from 'zod';
import { AccountCreateSchema, AccountUpdateSchema } from '../../../shared/ipc-contract';
import { PROVIDER_IDS } from '../../../shared/providers';
import { TokenDeskError } from '../errors';

/** Input of TokenDeskCore.create, before defaults. */
export type CreateInput = z.input<typeof AccountCreateSchema>;
/** Input of TokenDeskCore.update. */
export type UpdateInput = z.input<typeof AccountUpdateSchema>;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.join('.') || 'input';
      // Never echo received values: they may be secrets.
      if (issue.path[0] === 'provider') return `provider must be one of ${PROVIDER_IDS.join(', ')}`;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Validates a create request; `invalid_input` says which part is wrong. */
export function parseCreate(input: CreateInput): z.output<typeof AccountCreateSchema> {
  const parsed = AccountCreateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TokenDeskError('invalid_input', `The new account is not valid: ${describeIssues(parsed.error)}.`);
}

/** Validates an update request; `invalid_input` says which part is wrong. */
export function parseUpdate(input: UpdateInput): z.output<typeof AccountUpdateSchema> {
  const parsed = AccountUpdateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new TokenDeskError('invalid_input', `The account change is not valid: ${describeIssues(parsed.error)}.`);
}
