import { describe, expect, it } from 'vitest';
import {
  accountStatus,
  formatCountdown,
  formatRelativeExpiry,
  lifetimeLeft,
  parseDuration,
  remainingMs,
  urgency,
  type StatusInput,
} from '../../shared/expiry';

const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

function input(overrides: Partial<StatusInput>): StatusInput {
  return { expiresAt: NOW + HOUR, hasToken: true, lastRefreshAt: NOW - MIN, lastError: null, ...overrides };
}

describe('the status a user sees for an account', () => {
  it('is valid, then expiring within ten minutes, then expired', () => {
    expect(accountStatus(input({ expiresAt: NOW + 11 * MIN }), NOW)).toBe('valid');
    expect(accountStatus(input({ expiresAt: NOW + 10 * MIN }), NOW)).toBe('expiring');
    expect(accountStatus(input({ expiresAt: NOW + 1 }), NOW)).toBe('expiring');
    expect(accountStatus(input({ expiresAt: NOW }), NOW)).toBe('expired');
  });

  it('says never before the first token and unknown when no expiry is known', () => {
    expect(accountStatus(input({ hasToken: false, lastRefreshAt: null }), NOW)).toBe('never');
    expect(accountStatus(input({ expiresAt: null }), NOW)).toBe('unknown');
  });

  it('shows an error only while the latest attempt is the failed one', () => {
    expect(accountStatus(input({ lastError: { at: NOW } }), NOW)).toBe('error');
    expect(accountStatus(input({ lastError: { at: NOW - 2 * MIN } }), NOW)).toBe('valid');
    expect(accountStatus(input({ hasToken: false, lastRefreshAt: null, lastError: { at: NOW } }), NOW)).toBe('error');
  });
});

describe('the countdown', () => {
  it('reads hours, minutes and seconds with padded minutes and seconds', () => {
    expect(formatCountdown(HOUR + 23 * MIN + 5_000)).toBe('1h 23m 05s');
    expect(formatCountdown(4 * MIN + 9_000)).toBe('4m 09s');
    expect(formatCountdown(12_000)).toBe('12s');
    expect(formatCountdown(3 * 24 * HOUR + 4 * HOUR + 59 * MIN)).toBe('3d 4h');
  });

  it('rounds time left up, so a valid token never reads 0s', () => {
    expect(formatCountdown(1)).toBe('1s');
    expect(formatCountdown(999)).toBe('1s');
    expect(formatCountdown(59_001)).toBe('1m 00s');
  });

  it('turns amber under ten minutes and red under one, then expired', () => {
    expect(urgency(remainingMs(NOW + 11 * MIN, NOW))).toBe('ok');
    expect(urgency(remainingMs(NOW + 9 * MIN, NOW))).toBe('warning');
    expect(urgency(remainingMs(NOW + 59_000, NOW))).toBe('critical');
    expect(urgency(remainingMs(NOW - 1, NOW))).toBe('expired');
    expect(urgency(remainingMs(null, NOW))).toBe('none');
  });

  it('says in plain English how far away the expiry is', () => {
    expect(formatRelativeExpiry(NOW + HOUR + 12 * MIN, NOW)).toBe('in 1h 12m');
    expect(formatRelativeExpiry(NOW - 3 * MIN, NOW)).toBe('expired 3m ago');
    expect(formatRelativeExpiry(null, NOW)).toBe('unknown');
  });

  it('derives the share of the lifetime left for the thin bar', () => {
    expect(lifetimeLeft(NOW - HOUR, NOW + HOUR, NOW)).toBe(0.5);
    expect(lifetimeLeft(NOW - HOUR, NOW - MIN, NOW)).toBe(0);
    expect(lifetimeLeft(null, NOW + HOUR, NOW)).toBeNull();
  });
});

describe('durations typed by a person', () => {
  it('accepts units, combinations and bare seconds', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(10 * MIN);
    expect(parseDuration('1h30m')).toBe(90 * MIN);
    expect(parseDuration('2d')).toBe(48 * HOUR);
    expect(parseDuration('45')).toBe(45_000);
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'soon', '10 minutes', '5x', 'm5', '1h 30m']) expect(parseDuration(bad)).toBeNull();
  });
});
