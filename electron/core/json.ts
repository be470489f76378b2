/**
 * The one deep copy of a JSON value: exactly what writing it to a file and reading it back gives
 * (undefined members dropped, non-finite numbers as null). Throws on a cycle or a BigInt.
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
