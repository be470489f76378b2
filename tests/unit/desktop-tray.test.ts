import { describe, expect, it } from 'vitest';
import { trayMenuModel, trayTooltip } from '../../electron/main/policies/tray-menu';
import { keepsRunningInTray } from '../../electron/main/policies/close-to-tray';
import { accountView } from './helpers/account-view';

const MIN = 60_000;
const NOW = Date.UTC(2025, 0, 1, 9, 0, 0);

const views = [
  accountView('late', NOW, { name: 'Late', expiresAt: NOW + 90 * MIN }),
  accountView('soon', NOW, { name: 'Soon', env: 'prod', expiresAt: NOW + 4 * MIN + 9_000 }),
  accountView('gone', NOW, { name: 'Gone', expiresAt: NOW - MIN }),
  accountView('mid', NOW, { name: 'Mid', expiresAt: NOW + 45_000 }),
  accountView('never', NOW, { name: 'Never', hasToken: false, expiresAt: null }),
];

describe('tray menu', () => {
  it('lists the next tokens to expire, soonest first, with countdowns, then the actions', () => {
    const items = trayMenuModel(views, NOW, 'en');
    expect(items).toEqual([
      { type: 'account', accountId: 'mid', label: 'Mid — 45s', urgency: 'critical' },
      { type: 'account', accountId: 'soon', label: 'Soon (prod) — 4m 09s', urgency: 'warning' },
      { type: 'account', accountId: 'late', label: 'Late — 1h 30m 00s', urgency: 'ok' },
      { type: 'note', label: '1 token expired' },
      { type: 'separator' },
      { type: 'action', action: 'refresh-all', label: 'Refresh all', enabled: true },
      { type: 'action', action: 'show', label: 'Show TokenDesk', enabled: true },
      { type: 'separator' },
      { type: 'action', action: 'quit', label: 'Quit', enabled: true },
    ]);
  });

  it('counts down as time passes', () => {
    const later = trayMenuModel(views, NOW + 2 * MIN, 'en');
    expect(later[0]).toMatchObject({ accountId: 'soon', label: 'Soon (prod) — 2m 09s' });
    expect(later).toContainEqual({ type: 'note', label: '2 tokens expired' });
  });

  it('keeps to the limit and says how many more there are', () => {
    const labels = trayMenuModel(views, NOW, 'en', { limit: 1 }).map((item) => ('label' in item ? item.label : '-'));
    expect(labels.slice(0, 3)).toEqual(['Mid — 45s', '2 more…', '1 token expired']);
  });

  it('shows nothing of the accounts while locked, and cannot refresh', () => {
    const items = trayMenuModel(views, NOW, 'en', { locked: true });
    expect(items[0]).toEqual({ type: 'note', label: 'TokenDesk is locked' });
    expect(items.some((item) => item.type === 'account')).toBe(false);
    expect(items).toContainEqual({ type: 'action', action: 'refresh-all', label: 'Refresh all', enabled: false });
  });

  it('says when no token is waiting to expire', () => {
    expect(trayMenuModel([], NOW, 'en')[0]).toEqual({ type: 'note', label: 'No token expiring' });
  });

  it('speaks Simplified Chinese, countdowns included', () => {
    const labels = trayMenuModel(views, NOW, 'zh-CN').flatMap((item) => ('label' in item ? [item.label] : []));
    expect(labels).toEqual(['Mid — 45秒', 'Soon (prod) — 4分 09秒', 'Late — 1小时 30分 00秒', '1 个令牌已过期', '全部刷新', '显示 TokenDesk', '退出']);
    expect(trayMenuModel(views, NOW, 'zh-CN', { limit: 1 })[1]).toEqual({ type: 'note', label: '另有 2 个…' });
    expect(trayTooltip(views, NOW, 'zh-CN')).toBe('TokenDesk：Mid 将在 45秒 后过期');
  });

  it('names the next expiry in the tooltip', () => {
    expect(trayTooltip(views, NOW, 'en')).toBe('TokenDesk: Mid expires in 45s');
    expect(trayTooltip([], NOW, 'zh-CN')).toBe('TokenDesk');
  });
});

describe('closing the window', () => {
  it('keeps TokenDesk in the tray by default on Windows and Linux, and closes as Mac apps do on macOS', () => {
    expect(keepsRunningInTray(null, 'win32')).toBe(true);
    expect(keepsRunningInTray(null, 'linux')).toBe(true);
    expect(keepsRunningInTray(null, 'darwin')).toBe(false);
  });

  it('follows the setting when the user made a choice', () => {
    expect(keepsRunningInTray(false, 'linux')).toBe(false);
    expect(keepsRunningInTray(true, 'darwin')).toBe(true);
  });
});
