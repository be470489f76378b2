import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { QrLoginProgress } from '../../../shared/qr-login';
import { formatRelativeExpiry } from '../../../shared/expiry';
import { TokenDeskError } from '../../core/errors';
import { findAccount, parseTimeout, type CliContext } from '../context';
import { resolveFromStart } from '../io';
import { nextLine } from '../next-step';
import { errorJson, iso, jsonText, accountJson } from '../output';
import { EXIT, type Runner } from '../runner';

interface LoginOptions {
  qrFile?: string;
  timeout?: number;
}

const minutes = (ms: number): string => {
  const total = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
};

/** Waits for the login to end, one check at a time; Ctrl+C cancels it. */
async function outcome(ctx: CliContext, loginId: string): Promise<QrLoginProgress> {
  const core = await ctx.core();
  const stops = (['SIGINT', 'SIGTERM'] as const).map((signal) => ctx.io.onSignal(signal, () => core.cancelQrLogin(loginId)));
  // Core's timers do not hold the process open (the app must be able to quit): this one does until the end.
  const keepAlive = setInterval(() => undefined, 1_000);
  try {
    for (let after = -1; ; ) {
      const progress = await core.waitQrLogin(loginId, after);
      if (progress.state !== 'waiting') return progress;
      after = progress.attempts;
    }
  } finally {
    clearInterval(keepAlive);
    for (const stop of stops) stop();
  }
}

/** `tokendesk login`: a SaiNiu QR login in the terminal. */
export function registerLogin(program: Command, run: Runner): void {
  program
    .command('login')
    .description('log a SaiNiu account in with a QR code (needs the passphrase and the SaiNiu framework)')
    .argument('<id>', 'account id, unique id prefix, or name')
    .option('--qr-file <path>', 'also write the QR code image (PNG) to this file')
    .option('--timeout <seconds>', 'how long to wait for the scan (default 180)', parseTimeout)
    .addHelpText(
      'after',
      `
Asks the SaiNiu framework for a login QR code, draws it here (and prints the image address), then
checks every 2.5 s until it has been scanned and confirmed in the Qianniu app. The QR polling id
becomes the account's logon token and the cookies its token. With --json the QR code and progress go
to stderr and stdout carries one JSON document.
Exit status 0 once the account holds fresh cookies; 1 when the code expired, the framework refused
or stopped answering, or the login was cancelled (Ctrl+C).

Examples:
  $ tokendesk login 3f2a9c1e
  $ tokendesk login "Shop tb123456" --qr-file /tmp/qr.png --timeout 120`,
    )
    .action(
      run(async (ctx, ref: string, options: LoginOptions) => {
        ctx.timeoutIsHttp = false;
        const timeoutSec = options.timeout ?? ctx.timeoutSeconds;
        const core = await ctx.unlocked({ sends: true });
        const account = findAccount(core.list(), ref);
        if (core.providers().find((p) => p.id === account.provider)?.qrLogin !== true) {
          throw new TokenDeskError('invalid_input', `"${account.name}" is not a SaiNiu account; only SaiNiu accounts log in with a QR code. Use \`tokendesk refresh\` for it.`);
        }
        // With --json, stdout carries only the final document: the person reads the code on stderr.
        const say = (text: string): void => (ctx.json ? ctx.err(text) : ctx.out(text));
        // The drawing is TokenDesk's own (block characters and colour codes), so it goes out as drawn.
        const draw = (text: string): void => (ctx.json ? ctx.io.err(text) : ctx.io.out(text));
        const ticket = await core.startQrLogin(account.id, timeoutSec === undefined ? {} : { timeoutMs: Math.round(timeoutSec * 1000) });
        let qrFile: string | null = null;
        if (options.qrFile) {
          qrFile = resolveFromStart(ctx.io, options.qrFile);
          await writeFile(qrFile, ticket.image.bytes, { mode: 0o600 });
        }
        // The QR libraries load here, for this command only.
        const { decodeQrPng, drawQr } = await import('../qr-terminal');
        const content = decodeQrPng(ticket.image.bytes);
        say(`Scan this QR code with the Qianniu app to log in "${account.name}":\n`);
        if (content) draw(await drawQr(content));
        else say('(The QR image could not be read to draw it here; open the image address below.)\n');
        say(`QR image: ${ticket.qrUrl}\n`);
        if (qrFile) say(`QR image saved to ${qrFile}\n`);
        say(`Waiting for the scan (the code expires in ${minutes(ticket.expiresAt - ticket.startedAt)}; checking every ${ticket.intervalMs / 1000} s)...\n`);

        const done = await outcome(ctx, ticket.loginId);
        const ok = done.state === 'success';
        if (ctx.json) {
          ctx.out(jsonText({
            id: account.id,
            ok,
            state: done.state,
            qrUrl: ticket.qrUrl,
            qrFile,
            expiresAt: iso(ticket.expiresAt),
            account: done.account ? accountJson(done.account) : null,
            error: done.error ? errorJson(done.error, account.id) : null,
          }));
        } else if (ok && done.account) {
          const nick = done.account.fields.userNick ?? done.account.name;
          ctx.out(`Logged in as ${nick}. Fresh cookies saved (${formatRelativeExpiry(done.account.expiresAt, Date.now())}).\n`);
        } else if (done.state === 'expired') {
          ctx.io.err(`tokendesk: The QR code expired before it was scanned. Run \`tokendesk login ${ref}\` again for a new code.\n`);
        } else if (done.state === 'cancelled') {
          ctx.io.err('tokendesk: Login cancelled; nothing was changed.\n');
        } else {
          const next = nextLine(done.error, account.id);
          ctx.err(`tokendesk: ${done.error?.message ?? 'The login failed.'}\n${next ? `${next}\n` : ''}`);
        }
        return ok ? EXIT.ok : EXIT.failed;
      }),
    );
}
