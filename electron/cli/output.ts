import type { AccountView, HistoryEntry, RefreshResult } from '../../shared/account';
import type { ErrorInfo } from '../../shared/errors';
import { stripControlCharacters } from '../../shared/text';
import { cliNextStep } from './next-step';

/**
 * One table cell or value as a terminal may show it: names, provider messages and history lines come
 * from vault.json and from servers, so escape sequences and text-direction overrides are dropped.
 */
export const cell = (text: string): string => stripControlCharacters(text);

/** A message of several lines, safe for a terminal (line breaks kept, every other control dropped). */
export const terminalText = (text: string): string => stripControlCharacters(text, { keepNewlines: true });

/** ISO 8601 or null. */
export const iso = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

/**
 * An error as the CLI prints it in JSON: `{ code, message, provider? }` (+ `at` as ISO where known, and
 * `next`: the next step with the command that takes it, for the account `accountId` or the error's own).
 */
export function errorJson(info: ErrorInfo, accountId?: string): Record<string, unknown> {
  return {
    code: info.code,
    message: info.message,
    ...(info.provider ? { provider: info.provider } : {}),
    ...(info.at !== undefined ? { at: iso(info.at) } : {}),
    ...(info.next ? { next: { ...info.next, command: cliNextStep(info.next, accountId ?? info.account) } } : {}),
  };
}

/** The account document of docs/architecture.md, "The command line". */
export function accountJson(view: AccountView): Record<string, unknown> {
  return {
    id: view.id,
    name: view.name,
    provider: view.provider,
    env: view.env,
    status: view.status,
    expiresAt: iso(view.expiresAt),
    issuedAt: iso(view.issuedAt),
    lastRefreshAt: iso(view.lastRefreshAt),
    lastError: view.lastError ? errorJson(view.lastError, view.id) : null,
    extras: view.extras,
    // `changed`: changed outside TokenDesk (confirm or remove it); `unreadable`: re-enter its secret.
    damage: view.damage,
    // Whether TokenDesk renews it ahead of expiry (the app, `tokendesk watch`); `tokendesk edit --auto-refresh` turns it on.
    autoRefresh: view.autoRefresh.enabled,
  };
}

/** One element of `refresh --json`. */
export function refreshJson(result: RefreshResult): Record<string, unknown> {
  return {
    id: result.id,
    ok: result.ok,
    expiresAt: iso(result.expiresAt),
    error: result.error ? errorJson(result.error, result.id) : null,
  };
}

/** One element of `history --json`. */
export function historyJson(entry: HistoryEntry): Record<string, unknown> {
  return { ...entry, at: iso(entry.at) };
}

/** Exactly one JSON document, pretty-printed, newline-terminated. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Terminal columns a string takes: East Asian wide characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

/** A plain aligned table: a header row, then rows; columns separated by two spaces. */
export function table(headers: string[], rawRows: string[][]): string {
  const rows = rawRows.map((row) => row.map(cell));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** Aligned `label  value` lines. */
export function keyValues(rawPairs: Array<[string, string]>, indent = ''): string {
  const pairs = rawPairs.map(([k, v]): [string, string] => [cell(k), cell(v)]);
  const width = Math.max(0, ...pairs.map(([k]) => displayWidth(k)));
  return pairs.map(([k, v]) => `${indent}${pad(k, width)}  ${v}`.trimEnd()).join('\n') + (pairs.length ? '\n' : '');
}
