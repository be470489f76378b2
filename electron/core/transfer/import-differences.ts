import { isDeepStrictEqual } from 'node:util';
import type { CustomProvider, CustomRequest } from '../../../shared/custom-provider';
import type { ImportDifference } from '../../../shared/import-plan';
import type { FieldSpec } from '../../../shared/providers';
import type { AccountSecrets, StoredAccount } from '../vault/types';
import type { BundleAccount } from './bundle';

/**
 * What differs between this vault's copy of an item and a bundle's, in words a person can judge before
 * taking the bundle's copy: where each request goes (origin, path, method), which fields are secret, an
 * account's provider, addresses and name. Never a secret value: for secrets and tokens only that they differ.
 */

type Part = ImportDifference['part'];

const diff = (part: Part, where: string | null, ours: string | null, theirs: string | null): ImportDifference => ({ part, where, ours, theirs });

/** A URL template's origin (`https://host:port`, or a leading `{{field}}`) and the rest (path and query). */
export function urlParts(template: string): { origin: string; path: string } {
  const placeholder = /^(\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\})(.*)$/s.exec(template);
  if (placeholder) return { origin: placeholder[1] ?? '', path: placeholder[2] ?? '' };
  const absolute = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/is.exec(template);
  if (absolute) return { origin: (absolute[1] ?? '').toLowerCase(), path: absolute[2] ?? '' };
  return { origin: '', path: template };
}

function requestDifferences(where: 'request' | 'refresh', ours: CustomRequest | undefined, theirs: CustomRequest | undefined): ImportDifference[] {
  if (!ours && !theirs) return [];
  const a = ours ? urlParts(ours.url) : null;
  const b = theirs ? urlParts(theirs.url) : null;
  const out: ImportDifference[] = [];
  if (a?.origin !== b?.origin) out.push(diff('origin', where, a?.origin ?? null, b?.origin ?? null));
  if (a?.path !== b?.path) out.push(diff('path', where, a?.path ?? null, b?.path ?? null));
  if (ours?.method !== theirs?.method) out.push(diff('method', where, ours?.method ?? null, theirs?.method ?? null));
  return out;
}

const names = (fields: readonly FieldSpec[] | CustomProvider['fields']): string => fields.map((f) => f.name).join(', ');

/**
 * How the bundle's definition (`theirs`) differs from this vault's. `ours` is null when the stored one no
 * longer validates; `authentic` false when it was changed outside TokenDesk (either way it is reported).
 */
export function definitionDifferences(ours: CustomProvider | null, theirs: CustomProvider, authentic: boolean | null): ImportDifference[] {
  const out: ImportDifference[] = [];
  if (!ours || authentic === false) out.push(diff('unverified', null, null, null));
  if (!ours) return out;
  if (ours.name !== theirs.name || ours.nameZh !== theirs.nameZh) out.push(diff('displayName', null, ours.name, theirs.name));
  out.push(...requestDifferences('request', ours.request, theirs.request), ...requestDifferences('refresh', ours.refresh, theirs.refresh));
  if (names(ours.fields) !== names(theirs.fields)) out.push(diff('fields', null, names(ours.fields), names(theirs.fields)));
  const secret = (d: CustomProvider): string => names(d.fields.filter((f) => f.secret));
  if (secret(ours) !== secret(theirs)) out.push(diff('secretFields', null, secret(ours), secret(theirs)));
  // Everything else, named by part: headers and bodies (where field values go), and how answers are read.
  const other: string[] = [];
  for (const where of ['request', 'refresh'] as const) {
    const [a, b] = [ours[where], theirs[where]];
    if (!isDeepStrictEqual(a?.headers, b?.headers)) other.push(`${where}.headers`);
    if (!isDeepStrictEqual(a?.json, b?.json) || !isDeepStrictEqual(a?.form, b?.form)) other.push(`${where}.body`);
  }
  for (const part of ['success', 'token', 'expiry', 'error', 'description'] as const) if (!isDeepStrictEqual(ours[part], theirs[part])) other.push(part);
  const fieldDetails = (d: CustomProvider): unknown => d.fields.map(({ secret: _secret, ...rest }) => rest);
  if (names(ours.fields) === names(theirs.fields) && !isDeepStrictEqual(fieldDetails(ours), fieldDetails(theirs))) other.push('fields');
  if (other.length > 0) out.push(diff('otherParts', other.join(', '), null, null));
  return out;
}

const isAddress = (spec: FieldSpec | undefined, value: string | undefined): boolean =>
  spec?.kind === 'url' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value ?? '');

/** A field's value in a record read from a file: own keys only (`constructor` is a field name like any other). */
const own = (record: Readonly<Record<string, string>>, name: string): string | undefined => (Object.hasOwn(record, name) ? record[name] : undefined);

/**
 * How the bundle's copy of an account differs from this vault's. `ourSecrets` null: they cannot be read
 * here (`damage` says why), so they count as different. `specs` are the fields of the provider as this
 * vault runs it (to tell addresses from other fields).
 */
export function accountDifferences(
  ours: Readonly<StoredAccount>,
  ourSecrets: AccountSecrets | null,
  damage: string | null,
  theirs: BundleAccount,
  specs: readonly FieldSpec[],
): ImportDifference[] {
  const out: ImportDifference[] = [];
  const { account } = theirs;
  if (damage !== null) out.push(diff('damaged', null, damage, null));
  if (ours.provider !== account.provider) out.push(diff('provider', null, ours.provider, account.provider));
  if (ours.name !== account.name) out.push(diff('name', null, ours.name, account.name));
  if (ours.env !== account.env) out.push(diff('env', null, ours.env, account.env));
  const specOf = new Map(specs.map((spec) => [spec.name, spec]));
  for (const name of [...new Set([...Object.keys(ours.fields), ...Object.keys(account.fields)])].sort()) {
    const [a, b] = [own(ours.fields, name), own(account.fields, name)];
    if (a !== b) out.push(diff(isAddress(specOf.get(name), a ?? b) ? 'address' : 'field', name, a ?? null, b ?? null));
  }
  if (ours.autoRefresh !== account.autoRefresh) out.push(diff('autoRefresh', null, ours.autoRefresh ? 'on' : 'off', account.autoRefresh ? 'on' : 'off'));
  if (ourSecrets) {
    const fields = theirs.secrets.fields;
    const changed = [...new Set([...Object.keys(ourSecrets.fields), ...Object.keys(fields)])].filter((name) => own(ourSecrets.fields, name) !== own(fields, name));
    if (changed.length > 0) out.push(diff('secrets', changed.sort().join(', '), null, null));
    if (ourSecrets.token !== theirs.secrets.token) out.push(diff('token', null, null, null));
  }
  return out;
}
