import { z } from 'zod';
import { ProviderIdSchema } from './providers';
import { hasControlCharacters } from './text';

/*
 * What a person gives to add or edit an account, from any surface: the arguments of `accounts:create` and
 * `accounts:update` (ipc-contract.ts), which the engine checks too. Apart from the IPC contract, so that the
 * engine (and with it the CLI) does not build the whole contract to check one account.
 */

/** An account's (or a ticket's) id as a request names it. */
export const IdSchema = z.string().min(1).max(200);

/** Names and environments are shown in terminals and menus: no control or text-direction characters. */
const plainText = (max: number, min = 0) =>
  z.string().trim().min(min).max(max).refine((text) => !hasControlCharacters(text), {
    message: 'must not contain control characters or text-direction marks',
  });

/** Values for an account's provider fields, keyed by field name. */
export const FieldValuesSchema = z.record(z.string(), z.string().max(64 * 1024));

/** Input of `accounts:create`. */
export const AccountCreateSchema = z.object({
  provider: ProviderIdSchema,
  name: plainText(200, 1),
  env: plainText(50).default(''),
  values: FieldValuesSchema,
  autoRefresh: z.boolean().optional(),
});
/** Input of `accounts:create`. */
export type AccountCreate = z.input<typeof AccountCreateSchema>;

/** Input of `accounts:update`. A secret field left out (or empty) keeps its stored value. */
export const AccountUpdateSchema = z.object({
  id: IdSchema,
  name: plainText(200, 1).optional(),
  env: plainText(50).optional(),
  values: FieldValuesSchema.optional(),
  autoRefresh: z.boolean().optional(),
});
/** Input of `accounts:update`. */
export type AccountUpdate = z.input<typeof AccountUpdateSchema>;
