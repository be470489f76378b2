import { TokenDeskError } from '../core';

/** The longest link TokenDesk hands to the system browser. */
const MAX_URL_LENGTH = 2048;

/**
 * Checks a link before it goes to the system browser: http(s) only, a host, no user name or password
 * in it (they would be handed to another program and land in its history). Throws `invalid_input`.
 * Plain Node: shared by the IPC handler and the window's link handler.
 */
export function checkExternalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (error) {
    throw new TokenDeskError('invalid_input', 'That link is not a valid web address, so TokenDesk did not open it. Check the link and try again.', { cause: error });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TokenDeskError('invalid_input', `TokenDesk opens only http and https links in the browser, not "${url.protocol}" links. Copy the link and open it yourself if you trust it.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TokenDeskError('invalid_input', 'That link carries a user name or password, so TokenDesk did not open it. Remove the credentials from the link and try again.');
  }
  if (url.hostname === '' || url.href.length > MAX_URL_LENGTH) {
    throw new TokenDeskError('invalid_input', 'That link has no host or is too long, so TokenDesk did not open it. Check the link and try again.');
  }
  return url.href;
}

/** True when `raw` passes checkExternalUrl. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    checkExternalUrl(raw);
    return true;
  } catch {
    // The reason does not matter here: the caller only denies.
    return false;
  }
}
