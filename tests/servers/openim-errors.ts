/**
 * How an OpenIM server renders an error as `{errCode, errMsg, errDlt}` (HTTP 200), per openimsdk/tools
 * version. Two kinds of error differ: those the API process raises itself (the token middleware, e.g.
 * "header must have token") and those that crossed gRPC from an RPC service (e.g. auth's "secret invalid").
 *
 * - `legacy` (tools ≤ v0.0.50-alpha.15, open-im-server v3.0 … v3.8.2): errors are pkg/errors wrappers, and
 *   apiresp.ParseError falls back to `err.Error()`: a direct error answers errMsg "ArgsError", errDlt
 *   "header must have token: 1001 ArgsError"; an RPC error carries that whole string in errMsg and errDlt.
 * - `blank` (tools v0.0.50-alpha.61 … alpha.82, v3.8.3 … v3.8.3-patch.4): ParseError reads the inner
 *   CodeError's own detail, which errs.WrapMsg leaves empty: direct errors answer errDlt "". RPC errors
 *   carry the wrapped message as detail.
 * - `current` (tools ≥ v0.0.50-alpha.83, v3.8.3-patch.5+ and main): errMsg is the code's name, errDlt
 *   the detail: `{"errCode":1001,"errMsg":"ArgsError","errDlt":"header must have token"}`.
 */
export type OpenImErrorStyle = 'legacy' | 'blank' | 'current';

/** errCode names as openimsdk/tools errs and open-im-server servererrs declare them. */
export const OPENIM_ERROR_NAMES: Readonly<Record<number, string>> = {
  500: 'ServerInternalError',
  1001: 'ArgsError',
  1002: 'NoPermissionError',
  1004: 'RecordNotFoundError',
  1501: 'TokenExpiredError',
  1502: 'TokenInvalidError',
  1503: 'TokenMalformedError',
  1504: 'TokenNotValidYetError',
  1505: 'TokenUnknownError',
  1506: 'TokenKickedError',
  1507: 'TokenNotExistError',
};

/** One error as the server would raise it; `name` overrides the code's name (jwt's own text for 1505). */
export interface OpenImError {
  errCode: number;
  detail: string;
  /** `direct`: raised in the API process (middleware); `rpc`: came back from an RPC service. */
  origin: 'direct' | 'rpc';
  name?: string;
}

/** The JSON body the API answers for `error` in `style`. */
export function renderOpenImError(error: OpenImError, style: OpenImErrorStyle): { errCode: number; errMsg: string; errDlt: string } {
  const name = error.name ?? OPENIM_ERROR_NAMES[error.errCode] ?? 'UnknownError';
  if (style === 'legacy') {
    const full = `${error.detail}: ${error.errCode} ${name}`;
    return { errCode: error.errCode, errMsg: error.origin === 'rpc' ? full : name, errDlt: full };
  }
  if (style === 'blank' && error.origin === 'direct') return { errCode: error.errCode, errMsg: name, errDlt: '' };
  return { errCode: error.errCode, errMsg: name, errDlt: error.detail };
}
