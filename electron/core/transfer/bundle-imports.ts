import { randomUUID } from 'node:crypto';
import type { ImportChoice, ImportItem, ImportOutcome } from '../../../shared/import-plan';
import { TokenDeskError } from '../errors';
import type { Vault } from '../vault/types';
import { openBundle, type BundlePayload } from './bundle';
import { applyImport, planImport } from './transfer';

/** How long an opened bundle waits for the person's choices before it is dropped. */
export const OPENED_BUNDLE_LIFE_MS = 5 * 60_000;

/**
 * Imports in two steps, for the window: open a bundle and show what differs, then import with the
 * person's choices. Between the two, the opened payload (secrets included) is held here under a random
 * ticket, never the passphrase: for a few minutes at most, used once, and dropped when the vault locks.
 */
export class BundleImports {
  private readonly opened = new Map<string, { payload: BundlePayload; timer: NodeJS.Timeout }>();

  constructor(
    private readonly vault: Vault,
    private readonly now: () => number,
  ) {}

  /** Opens a bundle's text and plans its import; nothing is written. */
  async open(text: string, passphrase: string): Promise<{ ticket: string; items: ImportItem[] }> {
    const payload = await openBundle(text, passphrase);
    const items = planImport(this.vault, payload);
    const ticket = randomUUID();
    const timer = setTimeout(() => this.discard(ticket), OPENED_BUNDLE_LIFE_MS);
    timer.unref();
    this.opened.set(ticket, { payload, timer });
    return { ticket, items };
  }

  /** Imports an opened bundle (once), replacing only the items in `replace` (see applyImport). */
  async import(ticket: string, replace: readonly ImportChoice[]): Promise<ImportOutcome[]> {
    const held = this.opened.get(ticket);
    if (!held) {
      throw new TokenDeskError('invalid_input', `The opened bundle was closed (after ${OPENED_BUNDLE_LIFE_MS / 60_000} minutes, or when TokenDesk locked), so nothing was imported. Open it again.`, { needsUser: true });
    }
    this.discard(ticket);
    return applyImport(this.vault, held.payload, replace, this.now());
  }

  /** Drops an opened bundle (the person cancelled). */
  discard(ticket: string): void {
    const held = this.opened.get(ticket);
    if (held) clearTimeout(held.timer);
    this.opened.delete(ticket);
  }

  /** Drops every opened bundle (the vault locked, or TokenDesk closes). */
  clear(): void {
    for (const ticket of [...this.opened.keys()]) this.discard(ticket);
  }
}
