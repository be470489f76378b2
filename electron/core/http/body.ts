import type { HttpRequest } from './types';

/*
 * The bodies of an exchange, apart from the client that sends them: diagnostics and the recording
 * client read them too, and must not load Node's HTTP stack for it (the CLI loads it at the first request).
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

/** The body as JSON, or undefined when it is not JSON (a BOM and surrounding blanks are allowed). */
export function parseJson(text: string): unknown {
  const clean = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
  if (!clean) return undefined;
  try {
    return JSON.parse(clean) as unknown;
  } catch {
    return undefined;
  }
}
