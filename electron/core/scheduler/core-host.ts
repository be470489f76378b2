import { marginsFromSettings } from '../../../shared/refresh-margin';
import type { Settings } from '../../../shared/settings';
import type { TokenDeskCore } from '../engine/types';
import { TokenDeskError, toErrorInfo } from '../errors';
import { providers } from '../providers/registry';
import type { SchedulerHost } from './types';

/**
 * Adapts the engine to the scheduler: accounts from `core.list()`, refreshes recorded with trigger
 * 'auto', state published into the account views. A locked vault reads as no accounts. `marginMs` is a
 * fixed margin before expiry (`tokendesk watch --margin`), instead of the settings.
 */
export function createCoreSchedulerHost(core: TokenDeskCore, settings: () => Settings, marginMs?: number): SchedulerHost {
  return {
    accounts() {
      if (core.status().state !== 'unlocked') return [];
      // An account whose custom provider is missing or cannot run waits for a person: nothing to plan.
      const runnable = new Set(core.providers().filter((p) => p.problem === undefined).map((p) => p.id));
      return core.list().map((view) => ({
        id: view.id,
        expiresAt: view.expiresAt,
        issuedAt: view.issuedAt,
        // An account changed outside TokenDesk waits for a person to confirm it: nothing to plan.
        autoRefresh: view.autoRefresh.enabled && view.damage !== 'changed' && runnable.has(view.provider),
        hasToken: view.hasToken,
        revision: view.updatedAt,
        // A custom provider has no second deadline.
        renewBy: providers.find((p) => p.info.id === view.provider)?.renewBy?.(view.fields) ?? null,
      }));
    },
    async refresh(id) {
      try {
        const result = await core.refresh(id, 'auto');
        return { ok: result.ok, expiresAt: result.expiresAt, error: result.error };
      } catch (error) {
        // refresh() throws only for `locked` and `not_found`; both are answers the scheduler handles.
        return { ok: false, expiresAt: null, error: toErrorInfo(error) };
      }
    },
    publish(id, state) {
      try {
        core.setAutoRefreshState(id, state);
      } catch (error) {
        // The account was removed or the vault locked meanwhile: nothing left to show the state on.
        if (!(error instanceof TokenDeskError) || (error.code !== 'not_found' && error.code !== 'locked')) throw error;
      }
    },
    margins() {
      if (marginMs !== undefined) return { percent: 0, minMs: marginMs, maxMs: marginMs };
      return marginsFromSettings(settings());
    },
  };
}
