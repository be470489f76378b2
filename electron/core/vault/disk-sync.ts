import { basename } from 'node:path';
import { TokenDeskError } from '../errors';
import type { Entry } from './account-changes';
import { parseDocument, type ProviderRecord, type Slots, type VaultDocument } from './document';
import { watchVaultFile } from './external-watch';
import type { VaultLock } from './file-lock';
import {
  discardStaged, installStaged, keepAsBackup, quarantine, readSnapshot, sameStamp, stageVaultFile, statStamp, syncVaultDir,
  type FileStamp, type StagedFile, type VaultFiles,
} from './file-store';
import { documentBytes } from './document-bytes';
import { statStampSync, writeVaultFileSync } from './final-save';
import { mergeDisk, type Memory, type MergeResult, type Pending } from './merge';

/**
 * Told which accounts another process changed or removed, once memory holds its save; called with two
 * empty lists when only settings or key slots (the passphrase, or the vault itself) changed.
 */
export type ExternalChangeListener = (changedIds: string[], removedIds: string[]) => void;

/** What DiskSync needs of the vault that owns it. */
export interface SyncHost {
  /** The vault's memory; merges change it in place. */
  readonly memory: Memory;
  readonly pending: Pending;
  initialized(): boolean;
  /** A vault appeared on disk while this process had none (e.g. `tokendesk init` while the app waited). */
  adopt(doc: VaultDocument): Promise<void>;
  /** A merge changed the key slots (another process changed the passphrase). */
  slotsMerged(): Promise<void>;
  /**
   * The file holds a vault under another data key (the passphrase was changed elsewhere, which rotates
   * the key, or another vault was put in its place): memory takes it, locked, and drops unsaved changes.
   */
  replaced(doc: VaultDocument): void;
  notice(message: string): void;
  now(): number;
  /** An account changed here and in the file, mixed: signed, or replaced by theirs when theirs is forged. */
  settle(mixed: Entry, theirs: Entry, fileProviders: ReadonlyMap<string, ProviderRecord>): Entry;
  /** After each merge of another process's save (memory already holds it); `before` is what memory held. */
  merged(before: { slots: Slots; settings: Record<string, unknown> }, result: MergeResult): void;
  /** Right before memory is written: signs what this process changed (`batch`). */
  beforeSave(batch: Pending): void;
}

/** A save that also changes memory under the lock, after merging (a key rotation, a first signing). */
export interface SaveOptions {
  /** Runs after the merge; returns how to undo it if the write fails. */
  transform?: () => () => void;
  /** Also make vault.json.bak the new file (the old one must not stay readable with an old key). */
  replaceBackup?: boolean;
}

/** What saveNowSync did: wrote, had nothing to write, or left it (why, for the log). */
export type SaveNowOutcome = 'saved' | 'nothing' | 'a save was under way' | 'another TokenDesk process was saving' | 'another TokenDesk process saved meanwhile';

/** A save that found its lock taken over is retried this many times in all. */
const SAVE_ATTEMPTS = 3;

/**
 * Keeps memory and vault.json in step with other processes: each save runs under the write lock and
 * first merges any version another process saved since ours (see merge.ts); `check` brings such a
 * version into memory between saves. Saves and checks run one at a time.
 */
export class DiskSync {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<ExternalChangeListener>();
  private stopWatching: (() => void) | null = null;
  private announced: MergeResult[] = [];
  /** Set when a save found the vault replaced: its batch is dropped, not put back. */
  private droppedBatch = false;
  /** Saves and checks under way (exclusive). */
  private active = 0;

  constructor(
    private readonly files: VaultFiles,
    private readonly lock: VaultLock,
    private readonly host: SyncHost,
    /** The version of vault.json memory was last read from or written to; null: none yet. */
    private stamp: FileStamp | null,
  ) {}

  /** Saves memory, merged with any newer save of another process. Returns the bytes written. */
  save(options: SaveOptions = {}): Promise<number> {
    return this.exclusive(async () => {
      for (let attempt = 1; ; attempt += 1) {
        const staged = await this.lock.run((stillHeld) => this.saveLocked(stillHeld, options));
        if (staged) {
          await syncVaultDir(this.files);
          return staged.bytes;
        }
        if (attempt === SAVE_ATTEMPTS) {
          throw new TokenDeskError('locked', `The vault in ${this.files.dir} is busy: other TokenDesk processes kept taking over its lock, so this change is not saved yet. Try again in a moment.`);
        }
      }
    });
  }

  /** Brings another process's newer save into memory (accounts not changed here take its version). */
  check(): Promise<void> {
    return this.exclusive(() => this.checkNow());
  }

  /** Subscribes to other processes' changes; the first subscriber starts watching the folder. */
  onChange(listener: ExternalChangeListener): () => void {
    this.listeners.add(listener);
    this.stopWatching ??= watchVaultFile(this.files, () => {
      this.check().catch((error: unknown) => {
        const why = error instanceof TokenDeskError ? error.message : 'it could not be read';
        this.host.notice(`Changes saved by another TokenDesk process could not be loaded: ${why}`);
      });
    });
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops watching (close()). */
  stop(): void {
    this.stopWatching?.();
    this.stopWatching = null;
  }

  /**
   * Writes what memory holds and is not saved yet, synchronously, when the process is about to end with
   * no event-loop turn left (see final-save.ts). It writes only where no merge is needed and nobody
   * waits: not while a save of ours is under way, not when another process holds the lock or saved
   * since our last read. In those cases memory's changes are lost with the process, as they were never
   * reported saved.
   */
  saveNowSync(): SaveNowOutcome {
    if (!this.host.initialized() || this.host.pending.isEmpty()) return 'nothing';
    if (this.active > 0) return 'a save was under way';
    const outcome = this.lock.runNowSync((): SaveNowOutcome => {
      const disk = statStampSync(this.files.file);
      if (disk !== null && !sameStamp(disk, this.stamp)) return 'another TokenDesk process saved meanwhile';
      const batch = this.host.pending.take();
      try {
        this.host.beforeSave(batch);
        this.stamp = writeVaultFileSync(this.files, documentBytes(this.host.memory, this.host.now()));
      } catch (error) {
        this.host.pending.restore(batch);
        throw error;
      }
      return 'saved';
    });
    return outcome ?? 'another TokenDesk process was saving';
  }

  /** Runs `action` after the saves and checks before it; listeners hear what it merged once it ends. */
  private exclusive<T>(action: () => Promise<T>): Promise<T> {
    const counted = async (): Promise<T> => {
      this.active += 1;
      try {
        return await action();
      } finally {
        try {
          this.announce();
        } finally {
          this.active -= 1;
        }
      }
    };
    const run = this.tail.then(counted, counted);
    // The chain only orders the next action after this one; the outcome goes to this action's caller.
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** One save attempt under the lock; null when the lock was lost before the rename (nothing published). */
  private async saveLocked(stillHeld: () => Promise<boolean>, options: SaveOptions): Promise<StagedFile | null> {
    const disk = await this.readChanged(true);
    const batch = this.host.pending.take();
    let undo: (() => void) | null = null;
    try {
      if (disk) await this.merge(disk.doc, disk.stamp, batch);
      undo = options.transform?.() ?? null;
      this.host.beforeSave(batch);
      const staged = await stageVaultFile(this.files, documentBytes(this.host.memory, this.host.now()));
      if (!(await stillHeld())) {
        await discardStaged(this.files, staged);
        undo?.();
        this.host.pending.restore(batch);
        return null;
      }
      await installStaged(this.files, staged);
      this.stamp = staged.stamp;
      if (options.replaceBackup) await keepAsBackup(this.files);
      return staged;
    } catch (error) {
      undo?.();
      // Memory still holds the changes: the next save carries them (unless the vault was replaced).
      if (!this.droppedBatch) this.host.pending.restore(batch);
      this.droppedBatch = false;
      throw error;
    }
  }

  private async checkNow(): Promise<void> {
    const disk = await this.readChanged(false);
    if (!disk) return;
    if (!this.host.initialized()) {
      await this.host.adopt(disk.doc);
      this.stamp = disk.stamp;
      this.announced.push({ changed: [...this.host.memory.entries.keys()], removed: [], slotsChanged: true, settingsChanged: true, guardTaken: true, providersChanged: true });
      return;
    }
    if (disk.doc.check !== this.host.memory.check) {
      // While our first save is under way (stamp null), that save reports the clash itself.
      if (this.stamp !== null) this.takeReplacement(disk.doc, disk.stamp);
      return;
    }
    await this.merge(disk.doc, disk.stamp, this.host.pending);
  }

  private async merge(doc: VaultDocument, stamp: FileStamp, pending: Pending): Promise<void> {
    if (doc.check !== this.host.memory.check) {
      if (this.stamp === null) {
        throw new TokenDeskError('invalid_input', `Another TokenDesk process created a vault in ${this.files.dir} meanwhile, so this one was not saved over it. Unlock that vault with its passphrase instead.`);
      }
      this.takeReplacement(doc, stamp);
      this.droppedBatch = true;
      throw new TokenDeskError('locked', `vault.json in ${this.files.dir} now holds the vault under another key (its passphrase was changed by another TokenDesk process, or a different vault was put in its place), so TokenDesk did not save over it and locked it. Unlock it with its current passphrase; changes not saved before are lost, so make them again.`, { needsUser: true });
    }
    const before = { slots: this.host.memory.slots, settings: this.host.memory.settings };
    const result = mergeDisk(this.host.memory, doc, pending, (mixed, theirs, fileProviders) => this.host.settle(mixed, theirs, fileProviders));
    this.stamp = stamp;
    this.host.merged(before, result);
    if (result.slotsChanged) await this.host.slotsMerged();
    this.announced.push(result);
  }

  /**
   * The document on disk when another process saved since our last read or write, else null. A file
   * from a newer TokenDesk throws. A damaged file is set aside before a save (under the lock) and left
   * alone by a check.
   */
  private async readChanged(setAsideDamaged: boolean): Promise<{ doc: VaultDocument; stamp: FileStamp } | null> {
    const current = await statStamp(this.files.file);
    if (current === null || sameStamp(current, this.stamp)) return null;
    const snapshot = await readSnapshot(this.files.file);
    if (!snapshot) return null;
    const parsed = parseDocument(snapshot.text, basename(this.files.file));
    if (parsed.ok) return { doc: parsed.doc, stamp: snapshot.stamp };
    if (setAsideDamaged) {
      const moved = await quarantine(this.files.file, this.host.now());
      this.host.notice(`vault.json was found damaged (${parsed.problem}) while saving; it was moved to ${basename(moved)} and the vault as this TokenDesk holds it was saved in its place.`);
    }
    return null;
  }

  private takeReplacement(doc: VaultDocument, stamp: FileStamp): void {
    const before = new Set(this.host.memory.entries.keys());
    this.host.replaced(doc);
    this.stamp = stamp;
    const changed = [...this.host.memory.entries.keys()];
    const removed = [...before].filter((id) => !this.host.memory.entries.has(id));
    this.announced.push({ changed, removed, slotsChanged: true, settingsChanged: true, guardTaken: true, providersChanged: true });
  }

  private announce(): void {
    const results = this.announced;
    this.announced = [];
    const changed = new Set<string>();
    const removed = new Set<string>();
    for (const result of results) {
      // In order: an account removed by one merge and back in a later one is "changed", and vice versa.
      for (const id of result.changed) {
        changed.add(id);
        removed.delete(id);
      }
      for (const id of result.removed) {
        removed.add(id);
        changed.delete(id);
      }
    }
    const other = results.some((result) => result.slotsChanged || result.settingsChanged || result.providersChanged);
    if (changed.size === 0 && removed.size === 0 && !other) return;
    for (const listener of [...this.listeners]) {
      try {
        listener([...changed], [...removed]);
      } catch {
        // A failing listener must not fail the save that found the change; it is told as a notice.
        this.host.notice('A listener of vault changes failed; the view may be stale until the next change.');
      }
    }
  }
}
