import { parseCustomProvider, type CustomProvider } from '../../../shared/custom-provider';
import { isBuiltinProviderId, type ProviderInfo } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { definedProvider, undefinedProviderInfo, type DefinedProvider } from '../providers/custom/custom';
import { getProvider, providers as builtins } from '../providers/registry';
import type { Provider } from '../providers/types';
import type { StoredDefinition, Vault } from '../vault/types';
import { jsonCopy } from '../json';

/** A stored definition, parsed once per stored version (records are replaced, never changed in place). */
interface Parsed {
  provider: DefinedProvider | null;
  /** Why the stored JSON does not run (it no longer validates), or null. */
  problem: string | null;
}

/** Why a definition changed outside TokenDesk is not run, and what to do. */
export function forgedDefinitionMessage(id: string): string {
  return `The definition of custom provider ${id} was changed outside TokenDesk (it no longer matches its signature), so it is not run and no secret is sent with it. Check it (tokendesk provider show ${id}), then store it again (tokendesk provider add --file DEF.json --replace, or save it in the editor).`;
}

/**
 * The providers of one vault: the built-in ones, then the custom providers its definitions declare
 * (vault metadata, readable while locked). A definition is parsed when its text changes, and run only
 * when it validates and, with the key at hand, matches its MAC.
 */
export class ProviderCatalog {
  private readonly parsed = new WeakMap<object, Parsed>();

  constructor(private readonly vault: Vault) {}

  /** Every provider: built-ins, then custom ones by name; a custom one that cannot run says why. */
  infos(): ProviderInfo[] {
    const custom = this.vault.definitions().map((stored) => this.infoOf(stored.id, this.parse(stored)));
    custom.sort((a, b) => a.displayName.en.localeCompare(b.displayName.en) || a.id.localeCompare(b.id));
    return [...builtins.map((p) => jsonCopy(p.info)), ...custom];
  }

  /** One provider's info, or undefined when it is not defined. */
  info(id: string): ProviderInfo | undefined {
    if (isBuiltinProviderId(id)) return jsonCopy(getProvider(id).info);
    const found = this.vault.definition(id);
    return found ? this.infoOf(id, this.parse(found)) : undefined;
  }

  /**
   * The provider of `id` for its views, forms and formats (nothing secret is sent): `not_found` with
   * what to do when it is not defined, `invalid_input` when its stored JSON no longer validates.
   */
  find(id: string): Provider {
    if (isBuiltinProviderId(id)) return getProvider(id);
    const found = this.vault.definition(id);
    if (!found) throw new TokenDeskError('not_found', `Its provider ${id} is not defined — add the definition again. The account and its secrets are kept.`, { needsUser: true, next: { kind: 'defineProvider' } });
    const parsed = this.parse(found);
    if (!parsed.provider) throw new TokenDeskError('invalid_input', `The definition of custom provider ${id} is not valid: ${parsed.problem ?? 'unknown problem'}. Store a corrected one (tokendesk provider add --file DEF.json --replace).`, { needsUser: true });
    return parsed.provider;
  }

  /** The provider a new account is created for: `invalid_input` listing the providers when `id` is none of them. */
  forNewAccount(id: string): Provider {
    if (isBuiltinProviderId(id) || this.isDefined(id)) return this.find(id);
    const known = this.infos().map((p) => p.id);
    throw new TokenDeskError('invalid_input', `Unknown provider "${id}". Valid providers: ${known.join(', ')}. Add a custom one with tokendesk provider add --file DEF.json.`);
  }

  /** The provider of `id` to run an exchange with: as find(), and a definition changed outside TokenDesk is refused. */
  runnable(id: string): Provider {
    const provider = this.find(id);
    if (!isBuiltinProviderId(id) && this.vault.definitionAuthentic(id) === false) {
      throw new TokenDeskError('invalid_input', forgedDefinitionMessage(id), { needsUser: true });
    }
    return provider;
  }

  /** The definition of custom provider `id` when it runs (defined, valid, signed); null otherwise and for built-ins. */
  runnableDefinition(id: string): CustomProvider | null {
    if (isBuiltinProviderId(id)) return null;
    try {
      const provider = this.runnable(id);
      return 'definition' in provider ? (provider as DefinedProvider).definition : null;
    } catch {
      return null;
    }
  }

  /** Whether `id` names a custom provider stored in this vault. */
  isDefined(id: string): boolean {
    return this.vault.definition(id) !== undefined;
  }

  /** The stored definition JSON as written; `not_found` for built-ins and unknown ids. */
  definition(id: string): unknown {
    const found = this.vault.definition(id);
    if (!found) {
      const why = isBuiltinProviderId(id) ? `${id} is a built-in provider, which has no definition to show` : `there is no custom provider "${id}"`;
      throw new TokenDeskError('not_found', `${why[0]?.toUpperCase() ?? ''}${why.slice(1)}. List the providers to see the custom ones (tokendesk provider list).`);
    }
    return found.definition;
  }

  private parse(stored: StoredDefinition): Parsed {
    const key = typeof stored.definition === 'object' && stored.definition !== null ? stored.definition : null;
    const known = key ? this.parsed.get(key) : undefined;
    if (known) return known;
    const result = parseCustomProvider(stored.definition);
    let parsed: Parsed;
    if (!result.ok) parsed = { provider: null, problem: result.problem };
    else if (result.definition.id !== stored.id) parsed = { provider: null, problem: `id: is "${result.definition.id}" but the definition is stored as "${stored.id}"` };
    else parsed = { provider: definedProvider(result.definition), problem: null };
    if (key) this.parsed.set(key, parsed);
    return parsed;
  }

  private infoOf(id: string, parsed: Parsed): ProviderInfo {
    const forged = this.vault.definitionAuthentic(id) === false;
    const problem = forged ? forgedDefinitionMessage(id) : parsed.problem ? `Its definition is not valid: ${parsed.problem}.` : null;
    if (parsed.provider) {
      const info: ProviderInfo = jsonCopy(parsed.provider.info);
      return problem ? { ...info, problem } : info;
    }
    // A definition that does not validate is still listed (so it can be shown, fixed or removed).
    return { ...undefinedProviderInfo(id), ...(problem ? { problem } : {}) };
  }
}
