import { TokenDeskError, WRONG_PASSPHRASE } from '../core/errors';
import type { CliIo } from './io';

/** The environment variable scripts use to give the passphrase. */
export const PASSPHRASE_ENV = 'TOKENDESK_PASSPHRASE';

/** How to give a passphrase from `variable`: the variable, or a terminal where one can prompt. */
function howTo(io: CliIo, variable: string): string {
  return io.noPrompt ? `Set ${variable} in the environment. ${io.noPrompt}` : `Set ${variable} in the environment, or run the command in a terminal to be asked for it.`;
}

/** Reads one line from a terminal without echoing it. Ctrl-C / Ctrl-D cancel. */
export function promptHidden(terminal: NonNullable<CliIo['terminal']>, prompt: string): Promise<string> {
  const { input, output } = terminal;
  return new Promise((resolve, reject) => {
    const wasRaw = input.isRaw;
    let value = '';
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish();
          reject(new TokenDeskError('locked', 'Cancelled: no passphrase was entered.'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    output.write(prompt);
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** The passphrase to unlock with: the environment, else a hidden prompt, else `locked` saying how to give it. */
export async function unlockPassphrase(io: CliIo): Promise<string> {
  const fromEnv = io.env[PASSPHRASE_ENV];
  if (fromEnv) return fromEnv;
  if (!io.terminal) {
    // Where no prompt is possible, the keyring slot is the other way in (the app's setting, or init's flag).
    const keyring = io.noPrompt && io.keyring ? ' Or let the system keyring unlock it: "Unlock with the system keyring at start" in the app\'s Settings.' : '';
    throw new TokenDeskError('locked', `The vault is locked and no passphrase was given. ${howTo(io, PASSPHRASE_ENV)}${keyring}`, { needsUser: true });
  }
  return promptHidden(io.terminal, 'Vault passphrase: ');
}

/** Typing the passphrase at the prompt: the first try and two more after a mistyped one. */
export const PASSPHRASE_TRIES = 3;

/**
 * Unlocks with the passphrase (`use` throws `locked` with reason wrong_passphrase when it does not open
 * the vault). At a terminal prompt a mistyped passphrase may be typed again, twice; from the environment
 * it is tried once, as a script cannot type another.
 */
export async function withPassphrase<T>(io: CliIo, use: (passphrase: string) => Promise<T>): Promise<T> {
  if (io.env[PASSPHRASE_ENV] || !io.terminal) return use(await unlockPassphrase(io));
  for (let attempt = 1; ; attempt += 1) {
    const passphrase = await promptHidden(io.terminal, 'Vault passphrase: ');
    try {
      return await use(passphrase);
    } catch (error) {
      const mistyped = error instanceof TokenDeskError && error.reason === WRONG_PASSPHRASE;
      if (!mistyped || attempt >= PASSPHRASE_TRIES) throw error;
      const left = PASSPHRASE_TRIES - attempt;
      io.err(`Wrong passphrase (check Caps Lock and the keyboard layout); ${left} more ${left === 1 ? 'try' : 'tries'}.\n`);
    }
  }
}

/** The environment variable `tokendesk passphrase` takes the new passphrase from. */
export const NEW_PASSPHRASE_ENV = 'TOKENDESK_NEW_PASSPHRASE';

/** Minimum length of a new passphrase (the app asks the same). */
export const MIN_PASSPHRASE_LENGTH = 8;

/** A new passphrase for `init`: the environment, else asked twice on a terminal. */
export function newPassphrase(io: CliIo): Promise<string> {
  return askNew(io, io.env[PASSPHRASE_ENV], `A new vault needs a passphrase. ${howTo(io, PASSPHRASE_ENV)}`, 'init');
}

/** The new passphrase for `tokendesk passphrase`: $TOKENDESK_NEW_PASSPHRASE, else asked twice on a terminal. */
export function changedPassphrase(io: CliIo): Promise<string> {
  return askNew(io, io.env[NEW_PASSPHRASE_ENV], `No new passphrase was given. ${howTo(io, NEW_PASSPHRASE_ENV)}`, 'passphrase');
}

async function askNew(io: CliIo, given: string | undefined, missing: string, command: string): Promise<string> {
  let value = given;
  if (!value) {
    if (!io.terminal) throw new TokenDeskError('locked', missing, { needsUser: true });
    value = await promptHidden(io.terminal, 'New vault passphrase: ');
    const again = await promptHidden(io.terminal, 'Repeat the passphrase: ');
    if (again !== value) throw new TokenDeskError('invalid_input', `The two passphrases differ. Run ${command} again and type the same one twice.`);
  }
  if (Array.from(value).length < MIN_PASSPHRASE_LENGTH) {
    throw new TokenDeskError('invalid_input', `The passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  return value;
}

/** The environment variable scripts use to give an export bundle's passphrase. */
export const EXPORT_PASSPHRASE_ENV = 'TOKENDESK_EXPORT_PASSPHRASE';

/**
 * The passphrase of an export bundle: the environment, else a prompt (twice when `confirm`, for a new
 * bundle). It is the bundle's own, not the vault's, so a bundle can be handed on without the vault's key.
 */
export async function bundlePassphrase(io: CliIo, confirm: boolean): Promise<string> {
  let value = io.env[EXPORT_PASSPHRASE_ENV];
  if (!value) {
    if (!io.terminal) {
      throw new TokenDeskError('locked', `The bundle needs its passphrase. ${howTo(io, EXPORT_PASSPHRASE_ENV)}`, { needsUser: true });
    }
    value = await promptHidden(io.terminal, confirm ? 'New passphrase for the bundle: ' : 'Bundle passphrase: ');
    if (confirm && (await promptHidden(io.terminal, 'Repeat the bundle passphrase: ')) !== value) {
      throw new TokenDeskError('invalid_input', 'The two passphrases differ. Run export again and type the same one twice.');
    }
  }
  if (confirm && Array.from(value).length < MIN_PASSPHRASE_LENGTH) {
    throw new TokenDeskError('invalid_input', `The bundle passphrase is too short: use at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  return value;
}
