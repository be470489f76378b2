import type { AppInfo, ParsedArgs, RequestChannel, RequestResult } from '../../../shared/ipc-contract';
import { toViewTable } from '../../../shared/account-view-table';
import type { ClipboardGuard } from '../policies/clipboard-guard';
import { readBundleFile, writeBundleFile } from '../../core';
import type { TokenDeskCore } from '../../core';
import { checkExternalUrl } from '../external-url';
import { createSecretRelease } from './secret-release';

export type { AppInfo } from '../../../shared/ipc-contract';

/** What the handler table needs; Electron supplies these in main, tests supply their own. */
export interface HandlerDeps {
  core: TokenDeskCore;
  clipboard: ClipboardGuard;
  /** Opens an already checked http(s) link in the system browser. */
  openExternal(url: string): Promise<void>;
  appInfo(): AppInfo;
  /** Asks the person where to save a bundle or which one to open (a native dialog); null when cancelled. */
  chooseBundleFile(purpose: 'export' | 'import'): Promise<string | null>;
  /** The wall clock of the reveal and copy budget (secret-release.ts); tests pass their own. */
  now?: () => number;
}

/** One handler per request channel; arguments arrive parsed by the channel's schema. */
export type Handlers = {
  [C in RequestChannel]: (args: ParsedArgs<C>) => Promise<RequestResult<C>>;
};

/**
 * The request handlers: thin calls into core. No Electron here, so the end-to-end tests wire real
 * Chromium to this same table. Errors are thrown as TokenDeskError; the dispatcher turns them into values.
 */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { core, clipboard } = deps;
  // Reveal and copy: a budget per minute, and a history line each (secret-release.ts).
  const release = createSecretRelease({ now: deps.now ?? Date.now, record: (id, operation, error) => core.recordSecretUse(id, operation, error) });
  return {
    'app:info': async () => deps.appInfo(),
    'vault:status': async () => core.status(),
    'vault:unlock': ({ passphrase }) => core.unlock(passphrase),
    'vault:lock': async () => core.lock(),
    'vault:setPassphrase': ({ next, current }) => core.setPassphrase(next, current),
    'vault:removePassphrase': ({ current }) => core.removePassphrase(current),
    'providers:list': async () => core.providers(),
    'providers:get': async ({ id }) => core.providerDefinition(id),
    'providers:define': ({ definition, replace }) => core.defineProvider(definition, { replace }),
    'providers:remove': ({ id, force }) => core.removeProvider(id, { force }),
    'providers:try': ({ definition, accountId, values }) => core.tryProvider({ definition, accountId, values }),
    'accounts:list': async () => toViewTable(core.list()),
    'accounts:create': (input) => core.create(input),
    'accounts:previewMany': async (input) => core.previewAccounts(input),
    'accounts:createMany': async (input) => ({ added: (await core.createAccounts(input)).map((view) => view.id) }),
    'accounts:update': (input) => core.update(input),
    'accounts:remove': async ({ id }) => {
      await core.remove(id);
      return { ok: true };
    },
    'accounts:confirm': ({ id }) => core.confirm(id),
    'accounts:refresh': ({ id }) => core.refresh(id, 'manual'),
    'accounts:refreshAll': () => core.refreshAll({ trigger: 'manual' }),
    'accounts:reveal': ({ id }) => release(id, 'reveal', () => ({ token: core.token(id) })),
    'accounts:copy': ({ id, format }) => release(id, `copy_${format}`, () => clipboard.copy(core.formatToken(id, format))),
    'accounts:copyDiagnostic': ({ id }) => clipboard.copy(core.diagnostic(id)),
    'history:list': ({ id, limit }) => core.history({ ...(id === undefined ? {} : { id }), ...(limit === undefined ? {} : { limit }) }),
    'settings:get': async () => core.settings(),
    'settings:update': (patch) => core.updateSettings(patch),
    'bundle:export': async ({ ids, passphrase }) => {
      const { text, count } = await core.exportBundle({ ids, passphrase });
      const file = await deps.chooseBundleFile('export');
      if (file === null) return { file: null, count: 0 };
      await writeBundleFile(file, text, true); // the save dialog asked before replacing a file
      return { file, count };
    },
    'bundle:open': async ({ passphrase }) => {
      const file = await deps.chooseBundleFile('import');
      if (file === null) return { file: null, ticket: null, items: [] };
      return { file, ...(await core.openBundle({ text: await readBundleFile(file), passphrase })) };
    },
    'bundle:import': async ({ ticket, replace }) => ({ outcomes: await core.importOpened({ ticket, replace }) }),
    'bundle:discard': async ({ ticket }) => {
      core.discardBundle(ticket);
      return { ok: true };
    },
    'login:start': async ({ id, nameFromNick }) => {
      const started = await core.startQrLogin(id, nameFromNick === undefined ? {} : { nameFromNick });
      // The image bytes stay in main; the window gets the data: URL only.
      const { image: _image, ...ticket } = started;
      return ticket;
    },
    'login:wait': ({ loginId, afterAttempt }) => core.waitQrLogin(loginId, afterAttempt),
    'login:cancel': async ({ loginId }) => {
      core.cancelQrLogin(loginId);
      return { ok: true };
    },
    'shell:openExternal': async ({ url }) => {
      await deps.openExternal(checkExternalUrl(url));
      return { ok: true };
    },
  };
}
