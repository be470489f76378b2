import { instantOrNull } from '../../../shared/datetime';
import { hasControlCharacters } from '../../../shared/text';
import { TokenDeskError } from '../errors';
import type { ExchangeContext, ExchangeResult, Provider } from './types';

/**
 * The provider boundary: what any provider (built-in or custom) hands the engine from a server's answer
 * is checked here before it is stored. A token or cookie with a control character is refused (a CR/LF
 * in it would add a header of the server's choosing to `token --format header`, `curl` or a copy), and
 * a time no date can hold counts as unknown (one such expiry broke `--json list` for the whole vault).
 */

/**
 * Refuses `value` from `provider`'s answer when it holds a control character: `bad_response`, so the
 * refresh fails and the current token is kept. `what` names the value, never shows it.
 */
export function requirePlainValue(value: string, what: string, provider: string): string {
  if (!hasControlCharacters(value)) return value;
  throw new TokenDeskError(
    'bad_response',
    `${provider}'s answer held control characters (such as a line break) in ${what}, which no real one has: used in a header they would add one of the server's choosing. Nothing was stored and the current token is kept. Check that the account's address points at the real ${provider} service.`,
  );
}

/** The exchange's result as the engine may store it (see the module comment). */
export function checkedResult(provider: string, result: ExchangeResult): ExchangeResult {
  requirePlainValue(result.token, 'the token', provider);
  const issuedAt = result.issuedAt === undefined ? {} : { issuedAt: instantOrNull(result.issuedAt) };
  return { ...result, expiresAt: instantOrNull(result.expiresAt), ...issuedAt };
}

/** `provider` with every exchange going through the boundary: its result and the field values it rotates. */
export function withAnswerChecks<P extends Provider>(provider: P): P {
  const name = provider.info.displayName.en;
  const exchange = provider.exchange.bind(provider);
  return {
    ...provider,
    async exchange(input, ctx: ExchangeContext) {
      const save = ctx.saveFields;
      const checkedCtx: ExchangeContext = save
        ? {
            ...ctx,
            saveFields: async (values) => {
              for (const [field, value] of Object.entries(values)) requirePlainValue(value, `the new ${field}`, name);
              await save(values);
            },
          }
        : ctx;
      return checkedResult(name, await exchange(input, checkedCtx));
    },
  };
}
