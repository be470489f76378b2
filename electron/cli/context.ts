import { TokenDeskError } from '../core/errors';
import type { OpenedCore } from '../core';
import { resolveDataDir } from '../core/paths';
import { UsageError, type CliIo } from './io';
import { terminalText } from './output';
import { withPassphrase } from './passphrase';

/** The global options every command sees. */
export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  timeout?: number;
}

/** Parses `--timeout SECONDS` (a positive number, at most an hour). */
export function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new UsageError(`--timeout takes a number of seconds between 0 and 3600, not "${text}".`);
  }
  return seconds;
}

/** One command run: opens core on demand (once), unlocks on demand, closes at the end. */
export class CliContext {
  readonly dataDir: string;
  readonly json: boolean;
  private opened: Promise<OpenedCore> | null = null;
  private closing: Promise<void> | null = null;
  /** Notices already printed, so one found at open is not printed again at close. */
  private readonly printed = new Set<string>();
  /** Long-running commands (`watch`) follow saves by other processes (the app) as they happen. */
  watchExternalChanges = false;
  /** `login` reads `--timeout` as its own deadline, not as the HTTP timeout of each request. */
  timeoutIsHttp = true;

  constructor(
    readonly io: CliIo,
    private readonly globals: GlobalOptions,
  ) {
    this.dataDir = resolveDataDir(globals.dataDir, io.env, io.platform, io.home, io.cwd);
    this.json = globals.json === true;
  }

  /** `--timeout` in seconds when given (before or after the command name). */
  get timeoutSeconds(): number | undefined {
    return this.globals.timeout;
  }

  /** Core with the vault as it is on disk (metadata readable, secrets not). */
  core(): Promise<OpenedCore> {
    this.opened ??= this.open();
    return this.opened;
  }

  /** The engine is loaded here, when a command first needs it: `--version` and `--help` never do. */
  private async open(): Promise<OpenedCore> {
    const { openCore } = await import('../core');
    const core = await openCore({
      dataDir: this.dataDir,
      ...(this.io.keyring ? { secretBox: this.io.keyring } : {}),
      watchExternalChanges: this.watchExternalChanges,
      ...(this.globals.timeout !== undefined && this.timeoutIsHttp ? { http: { timeoutMs: Math.round(this.globals.timeout * 1000) } } : {}),
    });
    this.printNotices(core);
    return core;
  }

  /**
   * What opening the vault found and a person must know (a damaged file set aside, a backup restored),
   * and at close what the command ran into meanwhile (a history line that could not be written), on
   * stderr: stdout stays the command's output (exactly one JSON document with --json).
   */
  private printNotices(core: OpenedCore): void {
    for (const notice of core.status().notices) {
      if (this.printed.has(notice)) continue;
      this.printed.add(notice);
      this.err(`tokendesk: notice: ${notice}\n`);
    }
  }

  /**
   * Core with the vault unlocked by the passphrase (environment or prompt). A command that will send
   * (`sends`) has the HTTP client loaded while the passphrase's key derivation runs.
   */
  async unlocked(options: { sends?: boolean } = {}): Promise<OpenedCore> {
    const core = await this.core();
    const state = core.status().state;
    if (state === 'uninitialized') {
      throw new TokenDeskError('locked', `There is no vault in ${this.dataDir} yet. Run \`tokendesk init\` first.`, {
        needsUser: true,
      });
    }
    if (options.sends) core.prepareHttp();
    // A one-shot command does not end a lock the app keeps across restarts.
    if (state === 'locked') await withPassphrase(this.io, (passphrase) => core.unlock(passphrase, { endLock: false }));
    return core;
  }

  /** Unlocks only when a passphrase is at hand without asking (for `show`'s masked previews). */
  async unlockedIfGiven(): Promise<OpenedCore> {
    const core = await this.core();
    if (core.status().state === 'locked' && this.io.env.TOKENDESK_PASSPHRASE) return this.unlocked();
    return core;
  }

  /** Closes core (flushing writes, dropping the data key); safe to call again. */
  close(): Promise<void> {
    // A stop by signal and the command's own end may both close: the second waits for the first.
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    if (!this.opened) return;
    const core = await this.opened.catch(() => null); // opening already failed and was reported
    await core?.close();
    if (core) this.printNotices(core);
  }

  /** Prints to stdout: with --json exactly as given, else with terminal controls removed (see output.ts). */
  out(text: string): void {
    this.io.out(this.json ? text : terminalText(text));
  }

  /** Prints a value the user asked for byte for byte (a token to pipe on), never altered. */
  outExact(text: string): void {
    this.io.out(text);
  }

  /** Prints a message to stderr with terminal controls removed. */
  err(text: string): void {
    this.io.err(terminalText(text));
  }
}

export { findAccount } from './find-account';

/** Parses repeated `--set key=value` options (the value may contain '=' and may be empty). */
export function parseSets(sets: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const set of sets) {
    const eq = set.indexOf('=');
    const key = eq > 0 ? set.slice(0, eq).trim() : '';
    if (!key) throw new UsageError(`--set takes key=value (for example --set baseUrl=https://api.example.com), not "${eq < 0 ? set : '=…'}".`);
    values[key] = set.slice(eq + 1);
  }
  return values;
}

/** Commander's collector for repeatable options. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];
