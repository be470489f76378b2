import type { enDesktop } from './en-desktop';

/** Simplified Chinese texts of main (notifications, tray, menu, file dialogs): exactly the keys of enDesktop. */
export const zhCNDesktop = {
  'desktop.notify.expiringTitle': '令牌即将过期',
  'desktop.notify.expiringBody': '{account} 将在 {left} 后过期，且不会自动续期（{why}）。请打开 TokenDesk 刷新。',
  'desktop.notify.autoRefreshOff': '自动刷新已关闭',
  'desktop.notify.autoRefreshStopped': '自动刷新已停止',
  'desktop.notify.failedTitle': '自动刷新失败',
  'desktop.notify.failedBody': '{account}：{headline}。',
  'desktop.notify.failedBodyRetry': '{account}：{headline}。TokenDesk 将在 {retryIn} 后重试。',
  'desktop.notify.needsUserTitle': 'TokenDesk 需要您处理',
  'desktop.notify.needsUserBody': '{account}：{headline}。{next}在您更新此账户之前，自动刷新将暂停。',

  'desktop.tray.none': '没有即将过期的令牌',
  'desktop.tray.locked': 'TokenDesk 已锁定',
  'desktop.tray.expiredOne': '1 个令牌已过期',
  'desktop.tray.expiredMany': '{n} 个令牌已过期',
  'desktop.tray.more': '另有 {n} 个…',
  'desktop.tray.refreshAll': '全部刷新',
  'desktop.tray.show': '显示 TokenDesk',
  'desktop.tray.quit': '退出',
  'desktop.tray.tooltip': 'TokenDesk',
  'desktop.tray.tooltipNext': 'TokenDesk：{account} 将在 {left} 后过期',

  'desktop.notice.expiring': '令牌即将过期：{account} 不会自动续期（自动刷新已关闭）。请在过期前刷新。',
  'desktop.notice.expiringStopped': '令牌即将过期：{account} 不会自动续期（自动刷新已停止）。请在过期前刷新。',
  'desktop.notice.failed': '{account} 自动刷新失败；TokenDesk 会自行重试',
  'desktop.notice.needsUser': 'TokenDesk 需要您处理：在您更新 {account} 之前，其自动刷新将暂停',
  'desktop.notice.notificationsUnavailable':
    '系统没有显示 TokenDesk 的桌面通知，之后的提醒将显示在此窗口中。macOS 上请在“系统设置 › 通知”中允许 TokenDesk 发送通知（需要已签名的版本）；Windows 上请从“开始”菜单的快捷方式启动 TokenDesk。',
  'desktop.notice.clipboardMayHoldToken':
    '复制的令牌可能仍在剪贴板中：系统没有允许 TokenDesk 清除它。请复制其他内容将其替换；当您回到此窗口时，TokenDesk 会再次尝试清除。',

  'desktop.startup.title': 'TokenDesk 无法启动',
  'desktop.startup.dataDir': 'TokenDesk 无法创建或使用其数据文件夹 {dir}。请确认您可以创建并写入该文件夹，或取消设置 TOKENDESK_DATA_DIR。',
  'desktop.startup.dataDirCode': 'TokenDesk 无法创建或使用其数据文件夹 {dir}（{code}）。请确认您可以创建并写入该文件夹，或取消设置 TOKENDESK_DATA_DIR。',
  'desktop.startup.failed': '{headline}。',

  'desktop.dialog.exportTitle': '导出账号',
  'desktop.dialog.importTitle': '导入账号',
  'desktop.dialog.exportButton': '导出',
  'desktop.dialog.importButton': '导入',
  'desktop.dialog.bundleFilter': 'TokenDesk 导出包',

  'menu.file': '文件',
  'menu.export': '导出账号…',
  'menu.import': '导入账号…',
  'menu.help': '帮助',
  'menu.about': '关于 TokenDesk',
  'menu.showDataDir': '打开数据文件夹（{dir}）',
} as const satisfies Record<keyof typeof enDesktop, string>;
