import type { ErrorInfo } from '../errors';
import type { Localized } from '../providers';
import { l } from './types';

/**
 * What a provider's own error answers mean and the one next step, by the provider's documented codes
 * (the sources docs/architecture.md, "Providers" names). The window shows them under "What it means" / "Next step";
 * errors without a provider case fall back to the generic explanations of the renderer.
 */
export interface ErrorExplanation {
  meaning: Localized;
  next: Localized;
}

/** Explains one provider's errors, or null when it has nothing more specific to say. */
export type ErrorExplainer = (error: ErrorInfo) => ErrorExplanation | null;

const SUD: Readonly<Record<string, ErrorExplanation>> = {
  '1001': {
    meaning: l('The app backend could not create an ss_token.', '应用后端无法生成 ss_token。'),
    next: l('Try again later; if it persists, ask the backend team to check its logs.', '稍后重试；若持续出现，请后端团队查看日志。'),
  },
  '1002': {
    meaning: l('The token was not accepted (the Go SDK answers 1002 for any token it cannot verify, e.g. expired or signed with another secret).', '令牌未通过校验（Go SDK 对任何无法验证的令牌都返回 1002，例如已过期或由其他密钥签发）。'),
    next: l('Refresh once more (TokenDesk falls back to the code); if that fails, paste a new short-term code.', '再刷新一次（TokenDesk 会改用短期 code）；仍失败时请粘贴新的短期 code。'),
  },
  '1003': {
    meaning: l('The backend could not parse the token or code.', '后端无法解析令牌或 code。'),
    next: l('Paste a new short-term code: the stored one may be truncated or from another app.', '粘贴新的短期 code：保存的值可能被截断或来自其他应用。'),
  },
  '1004': {
    meaning: l('The token or code is invalid for this backend.', '令牌或 code 对该后端无效。'),
    next: l('Paste a new short-term code from the same environment as the base URL.', '粘贴与基础地址同一环境的新短期 code。'),
  },
  '1005': {
    meaning: l('The token or code has expired.', '令牌或 code 已过期。'),
    next: l('Paste a new short-term code (codes are short-lived).', '粘贴新的短期 code（code 有效期很短）。'),
  },
  '9999': {
    meaning: l('The backend hit an unknown error.', '后端遇到未知错误。'),
    next: l('Try again later; if it persists, send the diagnostic to the backend team.', '稍后重试；若持续出现，请把诊断信息发给后端团队。'),
  },
};

/** SUD: the SDK error codes (sud-mgp-doc Server/ErrorCode.md, sud-mgp-auth-go). */
export const explainSudError: ErrorExplainer = (error) => (error.provider ? (SUD[error.provider.code] ?? null) : null);

const OPENIM: Readonly<Record<string, ErrorExplanation>> = {
  '1001': {
    meaning: l('OpenIM found a request argument wrong (a wrong admin user ID, a missing token header, a bad user ID or platform).', 'OpenIM 认为请求参数有误（管理员用户 ID 错误、缺少 token 请求头、用户 ID 或平台无效）。'),
    next: l('Check the user ID, platform and admin user ID against the server message.', '对照服务器消息检查用户 ID、平台和管理员用户 ID。'),
  },
  '1002': {
    meaning: l('OpenIM refused permission: a wrong secret, or a platform or user it will not issue tokens for.', 'OpenIM 拒绝授权：密钥错误，或不为该平台或用户签发令牌。'),
    next: l('Check the secret, and that the user is not an admin and the platform is not 10 (Admin).', '检查密钥，并确认用户不是管理员、平台不是 10（Admin）。'),
  },
  '1004': {
    meaning: l('OpenIM does not know this user.', 'OpenIM 不认识这个用户。'),
    next: l('Check the user ID, or register the user on the server first.', '检查用户 ID，或先在服务器上注册该用户。'),
  },
  token: {
    meaning: l('The admin token was expired, invalid or kicked out (another tool may have fetched a newer one).', '管理员令牌已过期、无效或被踢下线（可能有其他工具获取了更新的令牌）。'),
    next: l('Refresh again: TokenDesk fetches a new admin token once; if it persists, check the admin account.', '再刷新一次：TokenDesk 会重新获取一次管理员令牌；仍失败时请检查管理员账号。'),
  },
  '500': {
    meaning: l('The OpenIM server failed internally.', 'OpenIM 服务器内部出错。'),
    next: l('Try again later, or check the OpenIM server logs.', '稍后重试，或查看 OpenIM 服务器日志。'),
  },
};

// Token errors of the admin token: expired, invalid, malformed, not yet valid, kicked, gone.
const OPENIM_TOKEN_CODES = new Set(['1501', '1502', '1503', '1504', '1506', '1507']);

/** OpenIM: errCode (openimsdk/tools errs). */
export const explainOpenImError: ErrorExplainer = (error) => {
  if (!error.provider) return null;
  return (OPENIM_TOKEN_CODES.has(error.provider.code) ? OPENIM.token : OPENIM[error.provider.code]) ?? null;
};

const SAINIU: Readonly<Record<string, ErrorExplanation>> = {
  session: {
    meaning: l('Taobao ended the Qianniu session: the logon token no longer renews cookies.', '淘宝已结束千牛会话：登录令牌无法再续期 Cookie。'),
    next: l('Log in again by QR code to get a new logon token.', '重新扫码登录以获取新的登录令牌。'),
  },
  fail: {
    meaning: l('Taobao refused the renewal.', '淘宝拒绝了续期。'),
    next: l('Log in again by QR code; if it repeats, check the Qianniu account in the framework.', '重新扫码登录；若反复出现，请在框架中检查千牛账号。'),
  },
  framework: {
    meaning: l('The SaiNiu framework itself reported a problem.', '赛牛框架自身报告了问题。'),
    next: l('Check that the framework is running and logged in, then refresh.', '确认框架正在运行且已登录，然后刷新。'),
  },
  refused: {
    meaning: l('The SaiNiu framework refused the renewal for this account.', '赛牛框架拒绝为该账号续期。'),
    next: l('Check the Qianniu account name, or log in again by QR code.', '检查千牛账号名称，或重新扫码登录。'),
  },
};

/** SaiNiu: the mtop `ret` (FAIL_SYS_SESSION_EXPIRED …) or the framework's own code. */
export const explainSaiNiuError: ErrorExplainer = (error) => {
  if (!error.provider) return null;
  const code = error.provider.code;
  if (/^FAIL_SYS_(SESSION|TOKEN)/i.test(code)) return SAINIU.session ?? null;
  if (/^FAIL/i.test(code)) return SAINIU.fail ?? null;
  const n = Number(code);
  return (Number.isFinite(n) && n >= 500 ? SAINIU.framework : SAINIU.refused) ?? null;
};

const ONEACCESS: Readonly<Record<string, ErrorExplanation>> = {
  client_credentials: {
    meaning: l('OneAccess did not issue an access token for the client ID and secret.', 'OneAccess 没有为该 Client ID 和 Secret 签发访问凭证。'),
    next: l('Edit the account and check the client ID and client secret of the application.', '编辑账号，检查应用的 Client ID 和 Client Secret。'),
  },
  access_token_refused: {
    meaning: l('Even a freshly issued access token was refused: the application may not call the SSO APIs.', '即使是新签发的访问凭证也被拒绝：该应用可能无权调用 SSO 接口。'),
    next: l('In the OneAccess admin portal, authorize the application for the SSO APIs.', '在 OneAccess 管理门户中为该应用授权 SSO 接口。'),
  },
  pasted_access_token_refused: {
    meaning: l('The access token you pasted has expired or was revoked.', '你粘贴的访问凭证已过期或被撤销。'),
    next: l('Paste a new access token, or set the client ID and secret so TokenDesk renews it.', '粘贴新的访问凭证，或填写 Client ID 和 Secret 让 TokenDesk 自动续期。'),
  },
  session_refresh_refused: {
    meaning: l('OneAccess would not renew the session: it has ended or was revoked. The old session token is kept.', 'OneAccess 不再续期该会话：会话已结束或被撤销。旧的会话令牌已保留。'),
    next: l('Log in again, then paste the new session token and its expiry into the account.', '重新登录，然后把新的会话令牌及其到期时间填入账号。'),
  },
  session_refresh_failed: {
    meaning: l('OneAccess failed while renewing the session; the old session token is kept.', 'OneAccess 在续期会话时出错；旧的会话令牌已保留。'),
    next: l('Wait; auto-refresh tries again before the session ends.', '请稍候；自动刷新会在会话结束前再次尝试。'),
  },
  session_refused: {
    meaning: l('OneAccess refused the session token: the session has ended, or the device fingerprint differs from the login.', 'OneAccess 拒绝了会话令牌：会话已结束，或设备指纹与登录时不同。'),
    next: l('Check the device fingerprint; if it matches, log in again and paste the new session token.', '检查设备指纹；若一致，请重新登录并粘贴新的会话令牌。'),
  },
  ticket_failed: {
    meaning: l('OneAccess failed while issuing the ticket.', 'OneAccess 在签发票据时出错。'),
    next: l('Try again later; auto-refresh retries on its own.', '稍后重试；自动刷新会自行重试。'),
  },
};

/** OneAccess: its codes vary by tenant, so the step that failed (ErrorInfo.reason) decides. */
export const explainOneAccessError: ErrorExplainer = (error) => (error.reason ? (ONEACCESS[error.reason] ?? null) : null);
