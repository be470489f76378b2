import type { CustomProvider, CustomRequest } from '../../../shared/custom-provider';
import { TokenDeskError } from '../errors';
import type { HttpClient } from '../http/types';
import { resolveRequest, type TemplateValues } from '../providers/custom/template';

/**
 * Where "Try it" may send an account's stored secrets: only to the origins the account's own provider
 * definition (as stored and signed) already sends them to with that account's values. A definition
 * typed into the editor, or values typed over the account's, that point anywhere else need the secrets
 * typed too: a window that was compromised could otherwise send any account's secrets to any host.
 */

/** The reason (ErrorInfo.reason) the window explains in the person's language. */
export const FOREIGN_ORIGIN_REASON = 'try_foreign_origin';

/** The origin each request of `definition` goes to with these values; a request that cannot resolve is never sent. */
export function requestOrigins(definition: CustomProvider, values: Omit<TemplateValues, 'integers'>): string[] {
  const integers = new Set(definition.fields.filter((f) => f.kind === 'integer').map((f) => f.name));
  const templates: CustomRequest[] = definition.refresh ? [definition.request, definition.refresh] : [definition.request];
  const origins = new Set<string>();
  for (const template of templates) {
    try {
      origins.add(new URL(resolveRequest(template, { ...values, integers }, 'origin', [], definition.name).url).origin);
    } catch {
      // A URL that does not resolve (a value missing) sends nothing: no origin to allow or refuse.
    }
  }
  return [...origins];
}

/** The error of a try that would take stored secrets elsewhere: where to, where they may go, what to do. */
export function foreignOriginError(accountName: string, foreign: readonly string[], allowed: ReadonlySet<string>): TokenDeskError {
  const own = allowed.size > 0 ? `only to ${[...allowed].join(', ')}, where its own provider sends them` : 'nowhere: its own provider definition is not one TokenDesk stored and signed';
  return new TokenDeskError(
    'invalid_input',
    `This try would send the stored secrets of "${accountName}" to ${foreign.join(', ')}. Try it sends an account's stored secrets ${own}. To try another server, try with typed values instead of the account (type the secrets too).`,
    { needsUser: true, reason: FOREIGN_ORIGIN_REASON },
  );
}

/** `http` refusing, before anything is sent, a request to an origin outside `allowed` (the rule above, at the last step). */
export function originGuard(http: HttpClient, allowed: ReadonlySet<string>, refuse: (origin: string) => TokenDeskError): HttpClient {
  return {
    request(request) {
      let origin: string;
      try {
        origin = new URL(request.url).origin;
      } catch {
        return Promise.reject(refuse(request.url));
      }
      return allowed.has(origin) ? http.request(request) : Promise.reject(refuse(origin));
    },
  };
}
