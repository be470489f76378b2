/**
 * Local fake provider servers on 127.0.0.1 (port 0) for integration, CLI and e2e tests and the
 * refresh benchmark. Each returns `{ url, close(), state, ...controls }`.
 */
export { startHostileServer, ECHO_FORMS, HUGE_BYTES, type HostileServer, type HostileServerState, type CapturedRequest } from './hostile';
export { startOneAccessServer, type OneAccessServer, type OneAccessServerOptions, type OneAccessServerState } from './oneaccess';
export { startOpenImServer, type OpenImServer, type OpenImServerOptions, type OpenImServerState } from './openim';
export { startProxyServer, type ProxyServer, type ProxyServerState } from './proxy';
export { startSaiNiuServer, type SaiNiuCookieShape, type SaiNiuQrTrouble, type SaiNiuServer, type SaiNiuServerOptions, type SaiNiuServerState } from './sainiu';
export { startSudServer, type SudExpireStyle, type SudFailure, type SudServer, type SudServerOptions, type SudServerState } from './sud';
export { signJwt, type ForcedAnswer, type HeldRequest, type RunningServer } from './http-util';
