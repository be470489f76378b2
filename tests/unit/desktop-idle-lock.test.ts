import { describe, expect, it } from 'vitest';
import { createIdleLock, IDLE_SAMPLE_MS, type IdleLockOptions } from '../../electron/main/policies/idle-lock';
import { FakeClock } from './helpers/fake-clock';

const MIN = 60_000;

function setup(overrides: Partial<IdleLockOptions> = {}) {
  const clock = new FakeClock();
  const state = { locks: 0, passphrase: true, idleMin: 15 };
  const idle = createIdleLock({
    clock,
    idleMs: () => state.idleMin * MIN,
    lock: () => {
      state.locks += 1;
    },
    hasPassphrase: () => state.passphrase,
    ...overrides,
  });
  return { clock, state, idle };
}

describe('idle lock', () => {
  it('locks after 15 idle minutes, once', async () => {
    const { clock, state } = setup();
    await clock.advance(15 * MIN - 1_000);
    expect(state.locks).toBe(0);
    await clock.advance(1_000);
    expect(state.locks).toBe(1);
    await clock.advance(60 * MIN);
    expect(state.locks).toBe(1);
    expect(clock.pending()).toBe(0);
  });

  it('waits longer while the user is active', async () => {
    const { clock, state, idle } = setup();
    await clock.advance(10 * MIN);
    idle.activity();
    await clock.advance(10 * MIN);
    expect(state.locks).toBe(0);
    await clock.advance(5 * MIN);
    expect(state.locks).toBe(1);
  });

  it('asks the system how long it has been idle, so work in other apps counts as activity', async () => {
    // Someone typing in another app: the system's idle time moves between 0 and a few seconds.
    let systemIdle = 2_000;
    const { clock, state, idle } = setup({ systemIdleMs: () => systemIdle });
    await clock.advance(15 * MIN);
    expect(state.locks).toBe(0);
    expect(idle.systemIdleKnown()).toBe(true);
    systemIdle = 15 * MIN; // the user walked away 15 minutes ago... by the next check
    await clock.advance(15 * MIN);
    expect(state.locks).toBe(1);
  });

  it('a system idle time stuck at 0 (Wayland without the idle protocol) is unknown: window focus decides, and the lock still comes', async () => {
    const { clock, state, idle } = setup({ systemIdleMs: () => 0 });
    idle.focusChanged(true);
    // While TokenDesk has the focus, it is in use.
    await clock.advance(30 * MIN);
    expect(state.locks).toBe(0);
    // The person leaves it in the background: 15 minutes later the vault locks, though the system says 0.
    idle.focusChanged(false);
    await clock.advance(15 * MIN - 1_000);
    expect(state.locks).toBe(0);
    await clock.advance(1_000);
    expect(state.locks).toBe(1);
    expect(idle.systemIdleKnown()).toBe(false);
  });

  it('stops sampling the system idle time once it has moved, and then trusts it over focus', async () => {
    let systemIdle = 0;
    const { clock, state, idle } = setup({ systemIdleMs: () => systemIdle });
    idle.focusChanged(false);
    await clock.advance(IDLE_SAMPLE_MS * 3);
    systemIdle = 1_000;
    await clock.advance(IDLE_SAMPLE_MS);
    expect(idle.systemIdleKnown()).toBe(true);
    systemIdle = 0; // now a real 0: someone is typing elsewhere
    await clock.advance(20 * MIN);
    expect(state.locks).toBe(0);
    idle.dispose();
    expect(clock.pending()).toBe(0);
  });

  it('never locks without a passphrase, nor when the setting is 0', async () => {
    const noPass = setup();
    noPass.state.passphrase = false;
    noPass.idle.settingsChanged();
    noPass.idle.screenLocked();
    noPass.idle.suspended();
    await noPass.clock.advance(2 * 60 * MIN);
    expect(noPass.state.locks).toBe(0);

    const never = setup();
    never.state.idleMin = 0;
    never.idle.settingsChanged();
    await never.clock.advance(24 * 60 * MIN);
    expect(never.state.locks).toBe(0);
  });

  it('locks at once on screen lock and on suspend', () => {
    const screen = setup();
    screen.idle.screenLocked();
    expect(screen.state.locks).toBe(1);
    const sleep = setup();
    sleep.idle.suspended();
    expect(sleep.state.locks).toBe(1);
    sleep.idle.screenLocked();
    expect(sleep.state.locks).toBe(1);
  });

  it('counts afresh after an unlock', async () => {
    const { clock, state, idle } = setup();
    idle.screenLocked();
    await clock.advance(30 * MIN);
    idle.unlocked();
    await clock.advance(14 * MIN);
    expect(state.locks).toBe(1);
    await clock.advance(MIN);
    expect(state.locks).toBe(2);
  });

  it('applies a shorter setting at once', async () => {
    const { clock, state, idle } = setup();
    await clock.advance(6 * MIN);
    state.idleMin = 5;
    idle.settingsChanged();
    await clock.advance(0);
    expect(state.locks).toBe(1);
  });

  it('does nothing after the user locked by hand, until unlocked', async () => {
    const { clock, state, idle } = setup();
    idle.locked();
    await clock.advance(60 * MIN);
    idle.screenLocked();
    expect(state.locks).toBe(0);
    idle.dispose();
    idle.unlocked();
    await clock.advance(60 * MIN);
    expect(state.locks).toBe(0);
  });
});
