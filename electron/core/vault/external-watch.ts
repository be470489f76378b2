import { unwatchFile, watch, watchFile } from 'node:fs';
import { basename } from 'node:path';
import type { VaultFiles } from './file-store';

/** Events of one save (temp file, backup link, rename) arrive together: one look after they settle. */
const DEBOUNCE_MS = 50;
/** Where the folder cannot be watched (some network drives), vault.json is polled instead. */
const POLL_INTERVAL_MS = 1_000;

/**
 * Calls `onChange` shortly after vault.json may have been replaced (by any process, this one too: the
 * caller compares stamps). Watches the folder, not the file, because every save renames a new file in.
 * Nothing here keeps the process alive. Returns the function that stops watching.
 */
export function watchVaultFile(files: VaultFiles, onChange: () => void): () => void {
  const name = basename(files.file);
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const changed = (): void => {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, DEBOUNCE_MS);
    timer.unref();
  };
  const poll = (): (() => void) => {
    watchFile(files.file, { interval: POLL_INTERVAL_MS, persistent: false }, changed);
    return () => unwatchFile(files.file, changed);
  };

  let stopWatching: () => void;
  try {
    const watcher = watch(files.dir, { persistent: false }, (_event, file) => {
      if (file === null || file === name) changed();
    });
    stopWatching = () => watcher.close();
    // The folder was removed or the watch broke: fall back to polling rather than go blind.
    watcher.on('error', () => {
      watcher.close();
      if (!stopped) stopWatching = poll();
    });
  } catch {
    // fs.watch is unsupported here (it throws at once, e.g. ENOSYS): polling gives the same answers, later.
    stopWatching = poll();
  }

  return () => {
    stopped = true;
    stopWatching();
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
