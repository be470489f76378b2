import { originField, type ImportDifference, type ImportItem, type ImportOutcome } from '../../../shared/import-plan';
import { findNamed } from '../find-account';
import { table } from '../output';

/** What each outcome means, in a column of the report. */
const ACTION_TEXT: Record<ImportOutcome['action'], string> = {
  added: 'added',
  unchanged: 'already here, the same',
  replaced: "replaced with the bundle's copy (--replace)",
  kept: "kept this vault's copy: the bundle's differs (see below)",
};

const PART_LABEL: Record<ImportDifference['part'], string> = {
  displayName: 'display name',
  origin: 'goes to',
  path: 'path',
  method: 'method',
  fields: 'fields',
  secretFields: 'secret fields',
  otherParts: 'also differs',
  unverified: "this vault's definition was changed outside TokenDesk or no longer validates",
  provider: 'provider',
  address: 'address',
  field: 'field',
  name: 'name',
  env: 'environment',
  secrets: 'secret values differ',
  token: 'the token differs',
  autoRefresh: 'auto-refresh',
  damaged: "this vault's copy is damaged",
};

const shown = (value: string | null): string => (value === null || value === '' ? '(none)' : value);
/** An origin taken from the account's own field (`{{baseUrl}}`) says so. */
const origin = (value: string | null): string => {
  const field = originField(value);
  return field ? `the account's ${field}` : shown(value);
};

/** One difference as a line: what differs, here and in the bundle (never a secret value: those are null). */
export function differenceText(d: ImportDifference): string {
  const label = PART_LABEL[d.part];
  switch (d.part) {
    case 'unverified':
    case 'token':
      return label;
    case 'damaged':
      return `${label} (${shown(d.ours)})`;
    case 'secrets':
    case 'otherParts':
      return `${label}: ${shown(d.where)}`;
    case 'origin':
      return `${d.where === 'refresh' ? 'refresh' : 'token'} request ${label}: ${origin(d.ours)} here, ${origin(d.theirs)} in the bundle`;
    case 'path':
    case 'method':
      return `${d.where === 'refresh' ? 'refresh' : 'token'} request ${label}: ${shown(d.ours)} here, ${shown(d.theirs)} in the bundle`;
    case 'address':
    case 'field':
      return `${label} ${d.where ?? ''}: ${shown(d.ours)} here, ${shown(d.theirs)} in the bundle`;
    default:
      return `${label}: ${shown(d.ours)} here, ${shown(d.theirs)} in the bundle`;
  }
}

const itemLabel = (o: ImportOutcome): string => (o.kind === 'provider' ? `custom provider ${o.id} ("${o.name}")` : `account ${o.id.slice(0, 8)} ("${o.name}")`);

/** The import report as text: a table of custom providers, one of accounts, then what differs and how to take it. */
export function importReportText(outcomes: readonly ImportOutcome[], file: string): string {
  if (outcomes.length === 0) return 'The bundle holds no accounts.\n';
  const providers = outcomes.filter((o) => o.kind === 'provider');
  const accounts = outcomes.filter((o) => o.kind === 'account');
  const parts: string[] = [];
  if (providers.length > 0) parts.push(table(['CUSTOM PROVIDER', 'NAME', 'RESULT'], providers.map((o) => [o.id, o.name, ACTION_TEXT[o.action]])));
  if (accounts.length > 0) parts.push(table(['ID', 'NAME', 'PROVIDER', 'RESULT'], accounts.map((o) => [o.id.slice(0, 8), o.name, o.provider, ACTION_TEXT[o.action]])));
  const kept = outcomes.filter((o) => o.action === 'kept');
  if (kept.length > 0) {
    const lines = [`\nThis vault's copy was kept of ${kept.length === 1 ? 'one item that differs' : `${kept.length} items that differ`} in the bundle:`];
    for (const o of kept) lines.push(`  ${itemLabel(o)}`, ...o.differences.map((d) => `    ${differenceText(d)}`));
    lines.push(`To take the bundle's copy of one, import again naming it: tokendesk import ${quoted(file)} --replace ${kept[0]?.kind === 'account' ? kept[0].id.slice(0, 8) : (kept[0]?.id ?? '<id>')}`, '');
    parts.push(lines.join('\n'));
  }
  return parts.join('\n');
}

const quoted = (text: string): string => (/^[\w./~-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);

const REPLACE_WORDS = { what: 'item', list: 'Name an account (id, id prefix or name) or a custom provider (id) of the bundle; import without --replace to see what differs' };

/**
 * The items `refs` name among a bundle's (`--replace`): an account by id, id prefix or name (the bundle's,
 * or this vault's when they differ), a custom provider by id or name. The same lookup as every command's.
 */
export function resolveReplace(items: readonly ImportItem[], refs: readonly string[]): ImportItem[] {
  return refs.map((ref) => {
    try {
      return findNamed(items, ref, REPLACE_WORDS);
    } catch (error) {
      // This vault's name of an item whose name differs in the bundle.
      const named = items.flatMap((item) => item.differences.filter((d) => d.part === 'name' && d.ours !== null).map((d) => ({ ...item, name: d.ours ?? '' })));
      const found = named.length > 0 ? tryFind(named, ref) : null;
      if (found) return found;
      throw error;
    }
  });
}

function tryFind(items: readonly ImportItem[], ref: string): ImportItem | null {
  try {
    return findNamed(items, ref, REPLACE_WORDS);
  } catch {
    return null;
  }
}
