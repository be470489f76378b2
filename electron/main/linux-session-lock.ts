import { spawn, type ChildProcess } from 'node:child_process';
import { createSessionLockParser, logindSessionPath, type SessionLockEvent } from './policies/session-lock-signals';

/** Options of watchLinuxSessionLock. */
export interface LinuxSessionLockOptions {
  onEvent: (event: SessionLockEvent) => void;
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}

/** The session bus: the screensaver says when the screen locks (GNOME, KDE, and others following freedesktop). */
const SESSION_MATCHES = [
  "type='signal',interface='org.freedesktop.ScreenSaver',member='ActiveChanged'",
  "type='signal',interface='org.gnome.ScreenSaver',member='ActiveChanged'",
];
/** The system bus: logind asks the session to lock (`loginctl lock-session`, lid policies). */
const SYSTEM_MATCHES = ["type='signal',interface='org.freedesktop.login1.Session',member='Lock'"];

/**
 * Listens to the Linux session's lock signals with `dbus-monitor` (from the dbus package, present
 * wherever D-Bus is) in two child processes, session and system bus. Where dbus-monitor is missing or a
 * bus refuses, the idle lock and suspend still lock the vault; that is logged once. Returns the stopper.
 */
export function watchLinuxSessionLock(options: LinuxSessionLockOptions): () => void {
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.warn(`[desktop] ${message}`));
  const sessionPath = env.XDG_SESSION_ID ? logindSessionPath(env.XDG_SESSION_ID) : undefined;
  const children: ChildProcess[] = [];
  let stopped = false;
  let complained = false;

  const start = (bus: '--session' | '--system', matches: string[]): void => {
    const child = spawn('dbus-monitor', [bus, ...matches], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const parse = createSessionLockParser(sessionPath);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      for (const event of parse(chunk)) options.onEvent(event);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (complained) return;
      complained = true;
      log(`cannot listen for the screen lock (dbus-monitor: ${error.code ?? error.message}); the vault still locks after idle time and on suspend.`);
    });
    child.on('exit', (code) => {
      if (!stopped && code !== 0 && code !== null) log(`dbus-monitor ${bus} stopped (status ${code}).`);
    });
    children.push(child);
  };
  start('--session', SESSION_MATCHES);
  start('--system', SYSTEM_MATCHES);

  return () => {
    stopped = true;
    for (const child of children) if (child.exitCode === null && !child.killed) child.kill();
  };
}
