import type { HttpRequest } from './types';

/*
 * The bodies of an exchange, apart from the client that sends them: the recording client reads
 * them too, and must not load Node's HTTP stack for it (the CLI loads it at the first request).
 */

export interface Body {
  data: string | undefined;
  contentType: string | undefined;
}

/** The body a request sends, and the Content-Type it implies. */
export function encodeBody(request: HttpRequest): Body {
  if (request.body !== undefined) return { data: request.body, contentType: undefined };
  if (request.form !== undefined) {
    return { data: new URLSearchParams(request.form).toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  if (request.json !== undefined) return { data: JSON.stringify(request.json), contentType: 'application/json' };
  return { data: undefined, contentType: undefined };
}
