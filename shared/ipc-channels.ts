/**
 * The IPC channel names as plain string lists, without zod, so the sandboxed preload can bundle them
 * and stay tiny. ipc-contract.ts proves at compile time that these lists match its schemas.
 */

/** Every request channel name, in contract order. */
export const REQUEST_CHANNEL_NAMES = [
  'app:info',
  'vault:status',
  'vault:unlock',
  'vault:lock',
  'vault:setPassphrase',
  'vault:removePassphrase',
  'providers:list',
  'providers:get',
  'providers:define',
  'providers:remove',
  'providers:try',
  'accounts:list',
  'accounts:create',
  'accounts:previewMany',
  'accounts:createMany',
  'accounts:update',
  'accounts:remove',
  'accounts:confirm',
  'accounts:refresh',
  'accounts:refreshAll',
  'accounts:reveal',
  'accounts:copy',
  'accounts:copyDiagnostic',
  'history:list',
  'settings:get',
  'settings:update',
  'bundle:export',
  'bundle:open',
  'bundle:import',
  'bundle:discard',
  'login:start',
  'login:wait',
  'login:cancel',
  'shell:openExternal',
] as const;

/** Every event channel name (main → renderer). */
export const EVENT_CHANNEL_NAMES = ['accounts:changed', 'vault:changed', 'providers:changed', 'settings:changed', 'app:notified', 'menu:invoked'] as const;

/** A request channel name. */
export type RequestChannelName = (typeof REQUEST_CHANNEL_NAMES)[number];
/** An event channel name. */
export type EventChannelName = (typeof EVENT_CHANNEL_NAMES)[number];
