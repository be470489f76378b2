/**
 * The one deep copy of a JSON value: exactly what writing it to a file and reading it back gives
 * (undefined members dropped, non-finite numbers as null). Throws on a cycle or a BigInt.
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A text as JSON, or undefined when it is not JSON (a BOM and surrounding blanks are allowed). */
export function parseJson(text: string): unknown {
  const clean = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
  if (!clean) return undefined;
  try {
    return JSON.parse(clean) as unknown;
  } catch {
    return undefined;
  }
}

/** The JSON object or array a text holds (a body, or a field or value that carries JSON as text), else undefined. */
export function jsonInText(text: string): unknown {
  return /^\s*[[{]/.test(text) ? parseJson(text) : undefined;
}
