/**
 * English explanations of errors: what a server's answer means and the one next step. Keys are
 * `explain.<case>.meaning` / `.next`; shared/i18n/errors.ts picks the case.
 */
export const enExplain = {
  'explain.said': 'What the server said',
  'explain.meaning': 'What it means',
  'explain.next': 'Next step',
  'explain.detail': 'Full message',
  'explain.nothingSaid': 'No answer from the server itself',
  'explain.copyDiagnostic': 'Copy diagnostic',
  'explain.copyDiagnosticHelp': 'Copies the last request and answer with every secret removed, for a support ticket.',

  'explain.network.meaning': 'TokenDesk could not open a connection to the server.',
  'explain.network.next': 'Check the address in the account and your network, VPN or proxy, then refresh.',
  'explain.timeout.meaning': 'The server did not answer in time.',
  'explain.timeout.next': 'Refresh again later; if it persists, raise the timeout in Settings.',
  'explain.http5xx.meaning': 'The server, or a gateway in front of it, has a problem of its own.',
  'explain.http5xx.next': 'Wait and refresh again; auto-refresh retries on its own.',
  'explain.http401.meaning': 'The server did not accept the credentials it was sent.',
  'explain.http401.next': 'Edit the account and check its credentials.',
  'explain.http404.meaning': 'The server has no such endpoint: the address or path is wrong, or the server is another version.',
  'explain.http404.next': 'Edit the account and check its base URL and paths.',
  'explain.http.meaning': 'The server refused the request without saying why in its own terms.',
  'explain.http.next': 'Copy the diagnostic and check the answer against the account settings.',
  'explain.bad_response.meaning': 'The answer was not what this API sends: often a web page, a login portal or another service.',
  'explain.bad_response.next': 'Check that the base URL points at the API itself.',
  'explain.invalid_input.meaning': 'The account is missing a setting, or one is malformed.',
  'explain.invalid_input.next': 'Edit the account and fill in what the message names.',
  'explain.locked.meaning': 'The vault is locked, so no secret can be used.',
  'explain.locked.next': 'Unlock TokenDesk with your passphrase.',
  'explain.internal.meaning': 'Something unexpected went wrong inside TokenDesk.',
  'explain.internal.next': 'Try again; if it repeats, copy the diagnostic and report it.',
  'explain.rejected.meaning': 'The provider answered with an error of its own.',
  'explain.rejected.next': 'Read what the server said; copy the diagnostic if you need to ask the server\'s owner.',

  // TokenDesk's own reasons (ErrorInfo.reason): a headline, then what it means and the next step, or a detail line.
  'error.reason.secret_budget': 'Too many tokens shown or copied',
  'error.reason.secret_budget.detail': 'TokenDesk shows or copies only a few tokens a minute, so a window that was taken over cannot empty the vault at once. Try again at {time}.',
  'error.reason.try_foreign_origin': 'Stored secrets go only to their own server',
  'explain.reason.try_foreign_origin.meaning': 'This definition would send the account\'s stored secrets to a server the account\'s own provider does not use.',
  'explain.reason.try_foreign_origin.next': 'To try another server, pick "Type values…" as the sample values and type the secrets; or keep the account\'s server in the request URL.',
  'error.reason.edit_moves_origin': 'Stored secrets do not follow an account to a new server',
  'explain.reason.edit_moves_origin.meaning': 'This change sends the account\'s requests to a server they did not go to before, so its stored secrets and token are not sent there.',
  'explain.reason.edit_moves_origin.next': 'Type the account\'s secret fields again in the same change, or keep the server as it is.',
} as const;
