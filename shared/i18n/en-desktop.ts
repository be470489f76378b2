/**
 * English texts main shows outside the window: native notifications, the tray, the application menu,
 * the native file dialogs, and the notices main sends into the window. They name accounts and
 * durations, never a secret.
 */
export const enDesktop = {
  'desktop.notify.expiringTitle': 'Token expiring soon',
  'desktop.notify.expiringBody': '{account} expires in {left} and will not renew itself ({why}). Open TokenDesk to refresh it.',
  'desktop.notify.autoRefreshOff': 'auto-refresh is off',
  'desktop.notify.autoRefreshStopped': 'auto-refresh stopped',
  'desktop.notify.failedTitle': 'Auto-refresh failed',
  'desktop.notify.failedBody': '{account}: {headline}.',
  'desktop.notify.failedBodyRetry': '{account}: {headline}. TokenDesk retries in {retryIn}.',
  'desktop.notify.needsUserTitle': 'TokenDesk needs you',
  'desktop.notify.needsUserBody': '{account}: {headline}. {next} Auto-refresh of this account waits until you update it.',

  'desktop.tray.none': 'No token expiring',
  'desktop.tray.locked': 'TokenDesk is locked',
  'desktop.tray.expiredOne': '1 token expired',
  'desktop.tray.expiredMany': '{n} tokens expired',
  'desktop.tray.more': '{n} more…',
  'desktop.tray.refreshAll': 'Refresh all',
  'desktop.tray.show': 'Show TokenDesk',
  'desktop.tray.quit': 'Quit',
  'desktop.tray.tooltip': 'TokenDesk',
  'desktop.tray.tooltipNext': 'TokenDesk: {account} expires in {left}',

  'desktop.notice.expiring': 'Token expiring soon: {account} will not renew itself (auto-refresh is off). Refresh it before it runs out.',
  'desktop.notice.expiringStopped': 'Token expiring soon: {account} will not renew itself (auto-refresh stopped). Refresh it before it runs out.',
  'desktop.notice.failed': 'Auto-refresh of {account} failed; TokenDesk retries on its own',
  'desktop.notice.needsUser': 'TokenDesk needs you: auto-refresh of {account} waits until you update it',
  'desktop.notice.notificationsUnavailable':
    'The system did not show TokenDesk\'s desktop notification, so notices appear here in the window from now on. On macOS, allow notifications for TokenDesk in System Settings › Notifications (a signed build is needed); on Windows, start TokenDesk from its Start-menu shortcut.',
  'desktop.notice.clipboardMayHoldToken':
    'A copied token may still be on the clipboard: the system did not let TokenDesk clear it. Copy something else to replace it; TokenDesk tries again when you come back to this window.',

  'desktop.startup.title': 'TokenDesk could not start',
  'desktop.startup.dataDir': 'TokenDesk could not create or use its data folder {dir}. Check that the folder can be created and written by you, or unset TOKENDESK_DATA_DIR.',
  'desktop.startup.dataDirCode': 'TokenDesk could not create or use its data folder {dir} ({code}). Check that the folder can be created and written by you, or unset TOKENDESK_DATA_DIR.',
  'desktop.startup.failed': '{headline}.',

  'desktop.dialog.exportTitle': 'Export accounts',
  'desktop.dialog.importTitle': 'Import accounts',
  'desktop.dialog.exportButton': 'Export',
  'desktop.dialog.importButton': 'Import',
  'desktop.dialog.bundleFilter': 'TokenDesk bundle',

  'menu.file': 'File',
  'menu.export': 'Export Accounts…',
  'menu.import': 'Import Accounts…',
  'menu.help': 'Help',
  'menu.about': 'About TokenDesk',
  'menu.showDataDir': 'Show Data Folder ({dir})',
} as const;
