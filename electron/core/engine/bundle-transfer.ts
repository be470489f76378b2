import type { ImportChoice, ImportItem, ImportOutcome } from '../../../shared/import-plan';
import type { Clock } from '../platform';
import { BundleImports } from '../transfer/bundle-imports';
import { exportAccounts } from '../transfer/transfer';
import type { ScryptParams, Vault } from '../vault/types';
import type { CoreNews } from './core-news';

/** Bundles out and in: export, and imports held under a ticket between opening and the person's choices. */
export class BundleTransfer {
  private readonly imports: BundleImports;

  constructor(
    private readonly vault: Vault,
    private readonly clock: Clock,
    private readonly news: CoreNews,
    private readonly options: { scrypt: ScryptParams | undefined; requireUnlocked(): void },
  ) {
    this.imports = new BundleImports(vault, () => clock.now());
  }

  async export(options: { ids?: string[]; passphrase: string }): Promise<{ text: string; count: number }> {
    this.options.requireUnlocked();
    return exportAccounts(this.vault, this.clock, { ...options, scrypt: this.options.scrypt });
  }

  async open(options: { text: string; passphrase: string }): Promise<{ ticket: string; items: ImportItem[] }> {
    this.options.requireUnlocked();
    return this.imports.open(options.text, options.passphrase);
  }

  async importOpened(options: { ticket: string; replace: ImportChoice[] }): Promise<ImportOutcome[]> {
    this.options.requireUnlocked();
    const outcomes = await this.imports.import(options.ticket, options.replace);
    const changed = (o: ImportOutcome): boolean => o.action === 'added' || o.action === 'replaced';
    if (outcomes.some((o) => o.kind === 'provider' && changed(o))) this.news.providersChanged();
    const written = outcomes.filter((o) => o.kind === 'account' && changed(o)).map((o) => o.id);
    if (written.length > 0) this.news.changedMany(written);
    return outcomes;
  }

  discard(ticket: string): void {
    this.imports.discard(ticket);
  }

  /** Drops every opened bundle (the vault locked, or the core closes). */
  clear(): void {
    this.imports.clear();
  }
}
