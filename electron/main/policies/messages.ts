import { resolveLanguage, type Settings, type UiLanguage } from '../../../shared/settings';

/** The languages desktop texts (notifications, tray) come in. */
export type DesktopLanguage = UiLanguage;

/** The language setting made concrete, by the app's one rule (shared/settings.ts). */
export function desktopLanguage(setting: Settings['language'], systemLocale: string): DesktopLanguage {
  return resolveLanguage(setting, systemLocale);
}

/** An account as named in desktop texts: its name, with the environment when it has one. */
export function accountLabel(view: { name: string; env: string }): string {
  return view.env ? `${view.name} (${view.env})` : view.name;
}

interface DesktopTexts {
  expiringTitle: string;
  expiringBody: (account: string, left: string, why: 'off' | 'blocked') => string;
  failedTitle: string;
  failedBody: (account: string, error: string, retryIn: string | null) => string;
  needsUserTitle: string;
  needsUserBody: (account: string, reason: string) => string;
  trayNone: string;
  trayLocked: string;
  trayExpired: (count: number) => string;
  trayMore: (count: number) => string;
  refreshAll: string;
  show: string;
  quit: string;
  tooltip: (account: string | null, left: string | null) => string;
  notificationsUnavailable: string;
  clipboardMayHoldToken: string;
}

/** Every desktop text in both languages. Texts name accounts and durations, never a secret. */
export const DESKTOP_TEXTS: Readonly<Record<DesktopLanguage, DesktopTexts>> = {
  en: {
    expiringTitle: 'Token expiring soon',
    expiringBody: (account, left, why) =>
      `${account} expires in ${left} and will not renew itself (${why === 'off' ? 'auto-refresh is off' : 'auto-refresh stopped'}). Open TokenDesk to refresh it.`,
    failedTitle: 'Auto-refresh failed',
    failedBody: (account, error, retryIn) =>
      `${account}: ${error}${retryIn ? ` TokenDesk retries in ${retryIn}.` : ''}`,
    needsUserTitle: 'TokenDesk needs you',
    needsUserBody: (account, reason) =>
      `${account}: ${reason} Auto-refresh of this account waits until you update it.`,
    trayNone: 'No token expiring',
    trayLocked: 'TokenDesk is locked',
    trayExpired: (count) => (count === 1 ? '1 token expired' : `${count} tokens expired`),
    trayMore: (count) => `${count} more…`,
    refreshAll: 'Refresh all',
    show: 'Show TokenDesk',
    quit: 'Quit',
    tooltip: (account, left) => (account && left ? `TokenDesk: ${account} expires in ${left}` : 'TokenDesk'),
    notificationsUnavailable:
      'The system did not show TokenDesk\'s desktop notification, so notices appear here in the window from now on. On macOS, allow notifications for TokenDesk in System Settings › Notifications (a signed build is needed); on Windows, start TokenDesk from its Start-menu shortcut.',
    clipboardMayHoldToken:
      'A copied token may still be on the clipboard: the system did not let TokenDesk clear it. Copy something else to replace it; TokenDesk tries again when you come back to this window.',
  },
  'zh-CN': {
    expiringTitle: '令牌即将过期',
    expiringBody: (account, left, why) =>
      `${account} 将在 ${left} 后过期，且不会自动续期（${why === 'off' ? '自动刷新已关闭' : '自动刷新已停止'}）。请打开 TokenDesk 刷新。`,
    failedTitle: '自动刷新失败',
    failedBody: (account, error, retryIn) => `${account}：${error}${retryIn ? ` TokenDesk 将在 ${retryIn} 后重试。` : ''}`,
    needsUserTitle: 'TokenDesk 需要您处理',
    needsUserBody: (account, reason) => `${account}：${reason} 在您更新此账户之前，自动刷新将暂停。`,
    trayNone: '没有即将过期的令牌',
    trayLocked: 'TokenDesk 已锁定',
    trayExpired: (count) => `${count} 个令牌已过期`,
    trayMore: (count) => `另有 ${count} 个…`,
    refreshAll: '全部刷新',
    show: '显示 TokenDesk',
    quit: '退出',
    tooltip: (account, left) => (account && left ? `TokenDesk：${account} 将在 ${left} 后过期` : 'TokenDesk'),
    notificationsUnavailable:
      '系统没有显示 TokenDesk 的桌面通知，之后的提醒将显示在此窗口中。macOS 上请在“系统设置 › 通知”中允许 TokenDesk 发送通知（需要已签名的版本）；Windows 上请从“开始”菜单的快捷方式启动 TokenDesk。',
    clipboardMayHoldToken: '复制的令牌可能仍在剪贴板中：系统没有允许 TokenDesk 清除它。请复制其他内容将其替换；当您回到此窗口时，TokenDesk 会再次尝试清除。',
  },
};
