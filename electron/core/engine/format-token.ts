import { TOKEN_FORMATS, type TokenFormat } from '../../../shared/providers';
import { hasControlCharacters } from '../../../shared/text';
import { TokenDeskError } from '../errors';
import type { ExchangeInput, Provider } from '../providers/types';
import type { StoredAccount } from '../vault/types';

/** What rendering a token needs to know about its account. */
export type TokenSubject = Pick<StoredAccount, 'id' | 'name' | 'env' | 'expiresAt' | 'issuedAt'>;

/** Formats every provider supports whatever its info says: the token itself and the JSON document. */
const ALWAYS: readonly TokenFormat[] = ['raw', 'json'];

/** The formats a provider's token can be rendered in, in the canonical order. */
export function supportedFormats(provider: Provider): TokenFormat[] {
  return TOKEN_FORMATS.filter((f) => ALWAYS.includes(f) || provider.info.formats.includes(f));
}

/** `abc` stays as is; anything a shell would interpret is single-quoted. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.,:/=+@%^-]+$/.test(value) ? value : forceQuote(value);
}

/** Upper-case ASCII slug of an account name for environment variable names (`My sud #2` → `MY_SUD_2`). */
export function envSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function headerLine(provider: Provider, token: string, input: ExchangeInput): string {
  const override = provider.formatToken?.(token, 'header', input);
  if (override !== undefined) return override;
  const formats = provider.info.formats;
  if (formats.includes('cookie') && !formats.includes('header')) return `Cookie: ${token}`;
  return `Authorization: Bearer ${token}`;
}

function baseUrl(provider: Provider, input: ExchangeInput): string {
  for (const spec of provider.info.fields) {
    const value = input.fields[spec.name];
    if (spec.kind === 'url' && !spec.secret && value) return value;
  }
  throw new TokenDeskError(
    'invalid_input',
    `This ${provider.info.displayName.en} account has no base URL to build a curl command from. Use --format header instead.`,
  );
}

/**
 * Renders `token` as `format`. The provider may override any format (e.g. SaiNiu's Cookie header);
 * a format the provider does not support is `invalid_input` naming the supported ones.
 */
export function formatToken(
  provider: Provider,
  subject: TokenSubject,
  token: string,
  format: TokenFormat,
  input: ExchangeInput,
): string {
  const supported = supportedFormats(provider);
  if (!supported.includes(format)) {
    throw new TokenDeskError(
      'invalid_input',
      `${provider.info.displayName.en} tokens cannot be rendered as "${format}". Use one of: ${supported.join(', ')}.`,
    );
  }
  // A token stored before the provider boundary refused control characters: as a header, an environment
  // line or a curl command, a line break in it would add a line of the server's choosing.
  if (format !== 'raw' && format !== 'json' && hasControlCharacters(token)) {
    throw new TokenDeskError(
      'bad_response',
      `The stored token of "${subject.name}" holds control characters (such as a line break), which ${provider.info.displayName.en} tokens never do, so it is not rendered as "${format}": that would add a line of the server's choosing. Refresh the account to replace it (a token like this is now refused), or use --format json to see it escaped.`,
    );
  }
  const override = provider.formatToken?.(token, format, input);
  if (override !== undefined) return override;
  switch (format) {
    case 'raw':
      return token;
    case 'header':
      return headerLine(provider, token, input);
    case 'cookie':
      return `Cookie: ${token}`;
    case 'env': {
      const slug = envSlug(subject.name) || provider.info.id.toUpperCase();
      return `TOKENDESK_${slug}_TOKEN=${shellQuote(token)}`;
    }
    case 'json':
      return JSON.stringify(
        {
          token,
          expiresAt: iso(subject.expiresAt),
          issuedAt: iso(subject.issuedAt),
          id: subject.id,
          name: subject.name,
          provider: provider.info.id,
          env: subject.env,
        },
        null,
        2,
      );
    case 'curl': {
      const header = headerLine(provider, token, input);
      return `curl -H ${forceQuote(header)} ${forceQuote(baseUrl(provider, input))}`;
    }
  }
}

/** Single-quoted for a shell, whatever it holds. */
function forceQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
