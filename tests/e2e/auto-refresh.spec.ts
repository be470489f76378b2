import { startSudServer, type SudServer } from '../servers';
import type { Backend } from './harness/backend';
import { expect, test } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

// The real scheduler on the system clock, wired to the engine as the desktop app wires it.
test.use({ backendOptions: { autoRefresh: true } });

/** Seconds in a countdown such as "1h 59m 58s", "3m 05s" or "14s". */
function seconds(text: string | null): number {
  const match = /^(?:(\d+)h )?(?:(\d+)m )?(\d+)s$/.exec((text ?? '').trim());
  if (!match) throw new Error(`not a countdown: ${JSON.stringify(text)}`);
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

/** A SUD account holding a fresh ss_token from `sud` (a short-lived token is renewed at half its lifetime). */
async function sudAccount(backend: Backend, sud: SudServer, name: string) {
  const [account] = await seedAccounts(backend.core, [{ provider: 'sud', name, env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } }]);
  const result = await backend.core.refresh(account!.id);
  expect(result.ok).toBe(true);
  return account!;
}

test('an account close to expiry renews itself with no click, and its countdown jumps forward', async ({ openApp, backend }) => {
  // The server's clock runs 1 h 59 m 44 s behind while it issues the first token: with its 2 h lifetime,
  // that token has 16 s left, as if it had been issued long ago. The renewal gets the full 2 h.
  let skewMs = 0;
  const sud = await startSudServer({ now: () => Date.now() + skewMs });
  try {
    skewMs = -(2 * 3600_000 - 16_000);
    const account = await sudAccount(backend, sud, 'Game QA');
    skewMs = 0;
    const firstToken = backend.core.token(account.id);

    const page = await openApp();
    const row = page.getByRole('row', { name: 'Game QA' });
    const timer = row.getByRole('timer');
    await expect(timer).toHaveText(/^\d+s$/);
    const before = seconds(await timer.textContent());
    expect(before).toBeLessThanOrEqual(16);
    await expect(row.getByText('Expiring')).toBeVisible();
    expect(sud.state.requests.update).toBe(0);

    // No click: the scheduler renews the token ahead of its expiry.
    await expect(timer).toHaveText(/^1h 59m \d\ds$|^2h 00m 00s$/, { timeout: 20_000 });
    const after = seconds(await timer.textContent());
    expect(after - before).toBeGreaterThan(7000);
    await expect(row.getByText('Valid')).toBeVisible();
    await expect(row.getByRole('note', { name: 'Auto-refresh' })).toHaveCount(0);

    // The server saw one update request and the account holds the token it issued.
    expect(sud.state.requests).toMatchObject({ get: 1, update: 1 });
    const renewed = backend.core.token(account.id);
    expect(renewed).not.toBe(firstToken);
    expect(sud.isLive(renewed)).toBe(true);
    const [last] = await backend.core.history({ id: account.id, limit: 1 });
    expect(last).toMatchObject({ operation: 'update_sstoken', trigger: 'auto', outcome: 'ok' });

    // The details pane plans the next run ahead of the new expiry.
    await row.click();
    const details = page.getByRole('complementary', { name: 'Account details' });
    await expect(details.getByText(/^Next at .+ \(in 1h \d\dm \d\ds\)$/)).toBeVisible();
  } finally {
    await sud.close();
  }
});

test('a failing auto-refresh shows the error and the backoff in its row and details', async ({ openApp, backend }) => {
  const sud = await startSudServer({ tokenTtlMs: 10_000 });
  try {
    const account = await sudAccount(backend, sud, 'Flaky backend');
    const oldToken = backend.core.token(account.id);
    // The scheduler's update (due 5 s before expiry) meets a backend error that a retry may cure.
    sud.failNext({ ret_code: 1, sdk_error_code: 5001, ret_msg: 'backend busy' });

    const page = await openApp();
    const row = page.getByRole('row', { name: 'Flaky backend' });
    const note = row.getByRole('note', { name: 'Auto-refresh' });
    await expect(note).toHaveText(/^Auto-refresh failed · retry in (\d+s|1m 00s) · 5001: backend busy$/);
    await expect(row.getByText('Failed', { exact: true })).toBeVisible();
    expect(sud.state.requests).toMatchObject({ get: 1, update: 1 });

    // The retry countdown is the scheduler's backoff (about a minute after one failure) and it ticks.
    const { autoRefresh } = backend.core.get(account.id);
    expect(autoRefresh).toMatchObject({ enabled: true, failures: 1, blockedReason: null });
    expect(autoRefresh.nextAt).not.toBeNull();
    const shown = /retry in (.+?) ·/.exec((await note.textContent()) ?? '')?.[1] ?? '';
    const planned = ((autoRefresh.nextAt ?? 0) - Date.now()) / 1000;
    expect(Math.abs(seconds(shown) - planned)).toBeLessThan(3);
    expect(planned).toBeGreaterThan(30);
    await expect(note).not.toHaveText(`Auto-refresh failed · retry in ${shown} · 5001: backend busy`);

    // The details pane: the failure count and the next attempt, and the provider's own code and message.
    await row.click();
    const details = page.getByRole('complementary', { name: 'Account details' });
    await expect(details.getByText(/^Failed once · retry at .+ \(in (\d+s|1m 00s)\)$/)).toBeVisible();
    const banner = details.getByRole('alert');
    await expect(banner.getByText('5001', { exact: true })).toBeVisible();
    await expect(banner).toContainText('backend busy');
    await expect(banner).not.toContainText('Retrying will not help');

    // The old token is kept, and nothing retried before the backoff ends.
    expect(backend.core.token(account.id)).toBe(oldToken);
    const [last] = await backend.core.history({ id: account.id, limit: 1 });
    expect(last).toMatchObject({ operation: 'update_sstoken', trigger: 'auto', outcome: 'error', errorCode: 'provider_rejected' });
    expect(sud.state.requests.update).toBe(1);
  } finally {
    await sud.close();
  }
});

test('an auto-refresh that needs the user stops, and the row and details say why', async ({ openApp, backend }) => {
  const sud = await startSudServer({ tokenTtlMs: 10_000 });
  try {
    const account = await sudAccount(backend, sud, 'Stale code');
    // The token will be refused (1005) and so will the stored code: only a new code from a person helps.
    sud.expireTokens();
    sud.expireCodes();

    const page = await openApp();
    const row = page.getByRole('row', { name: 'Stale code' });
    const note = row.getByRole('note', { name: 'Auto-refresh' });
    await expect(note).toHaveText('Auto-refresh stopped · 1005: code expired');
    await expect(note).toHaveAttribute('title', /The SUD code has expired; paste a new code/);
    await expect(row.getByText('Failed', { exact: true })).toBeVisible();

    const { autoRefresh } = backend.core.get(account.id);
    expect(autoRefresh).toMatchObject({ enabled: true, nextAt: null, failures: 1 });
    expect(autoRefresh.blockedReason).toContain('The SUD code has expired');

    await row.click();
    const details = page.getByRole('complementary', { name: 'Account details' });
    const stopped = details.getByText('Stopped: 1005: code expired', { exact: true });
    await expect(stopped).toBeVisible();
    await expect(stopped).toHaveAttribute('title', autoRefresh.blockedReason ?? '');
    // The banner says what to do next, and its button (the window's words for the step) takes it.
    await expect(details.getByRole('alert')).toContainText('The SUD code has expired; paste a new code');
    await expect(details.getByRole('alert')).toContainText('Retrying will not help until you fix the account (Edit).');
    await details.getByRole('button', { name: 'Edit account → Code' }).click();
    await expect(page.getByRole('dialog', { name: 'Edit Stale code' })).toBeVisible();
    // One update, then one get with the stored code; no retry follows.
    expect(sud.state.requests).toMatchObject({ get: 2, update: 1 });
  } finally {
    await sud.close();
  }
});
