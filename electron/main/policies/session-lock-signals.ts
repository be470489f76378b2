/**
 * Reads `dbus-monitor` output for the Linux session's lock signals: the screensaver's
 * `ActiveChanged(true)` (org.freedesktop.ScreenSaver, org.gnome.ScreenSaver; what GNOME and KDE emit when
 * the screen locks) and logind's `Lock` on our session (`loginctl lock-session`). Electron's
 * powerMonitor `lock-screen` fires only on macOS and Windows.
 */

/** What a signal means for TokenDesk. */
export type SessionLockEvent = 'locked' | 'unlocked';

const SCREENSAVER_INTERFACES = new Set(['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver']);
const LOGIND_SESSION = 'org.freedesktop.login1.Session';

/** logind's object path of session `id` (sd_bus_path_encode: bytes outside [A-Za-z0-9], and a leading digit, as _xx). */
export function logindSessionPath(id: string): string {
  let encoded = '';
  for (const [index, char] of [...id].entries()) {
    const plain = /[A-Za-z0-9]/.test(char) && !(index === 0 && /[0-9]/.test(char));
    encoded += plain ? char : [...Buffer.from(char, 'utf8')].map((byte) => `_${byte.toString(16).padStart(2, '0')}`).join('');
  }
  return `/org/freedesktop/login1/session/${encoded || '_'}`;
}

interface Header {
  path: string;
  iface: string;
  member: string;
}

function header(line: string): Header | null {
  if (!line.startsWith('signal ')) return null;
  const field = (name: string): string => new RegExp(`(?:^|[ ;])${name}=([^;\\s]*)`).exec(line)?.[1] ?? '';
  return { path: field('path'), iface: field('interface'), member: field('member') };
}

/**
 * A parser for a `dbus-monitor` output stream. Feed it chunks as they come; it returns the lock events
 * they complete. `sessionPath` (from XDG_SESSION_ID) limits logind's `Lock` to our own session.
 */
export function createSessionLockParser(sessionPath?: string): (chunk: string) => SessionLockEvent[] {
  let rest = '';
  // An ActiveChanged header whose boolean argument is on the next line.
  let awaitingActive = false;
  return (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    const events: SessionLockEvent[] = [];
    for (const raw of lines) {
      const line = raw.trim();
      const signal = header(line);
      if (signal) {
        awaitingActive = SCREENSAVER_INTERFACES.has(signal.iface) && signal.member === 'ActiveChanged';
        const ours = !sessionPath || signal.path === sessionPath;
        if (signal.iface === LOGIND_SESSION && ours && signal.member === 'Lock') events.push('locked');
        if (signal.iface === LOGIND_SESSION && ours && signal.member === 'Unlock') events.push('unlocked');
        continue;
      }
      if (awaitingActive && line.startsWith('boolean ')) {
        events.push(line === 'boolean true' ? 'locked' : 'unlocked');
        awaitingActive = false;
      }
    }
    return events;
  };
}
