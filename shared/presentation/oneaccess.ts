import { z } from 'zod';
import type { AccountView } from '../account';
import { parseIsoInstant } from '../datetime';
import { ONEACCESS_SESSION_RENEW_MARGIN_MS } from '../providers';
import { facts, l, lenientObject, type Shown, type ProviderPresentation } from './types';

/** What the OneAccess provider writes into extras (core/providers/oneaccess.ts). */
export const OneAccessExtrasSchema = lenientObject({
  ticketLifetimeSeconds: z.number(),
  /** `client`: fetched with the client credentials and renewed; `pasted`: given by the person. */
  accessTokenSource: z.enum(['client', 'pasted']),
  /** Epoch ms at which the access token behind the last ticket expires. */
  accessTokenExpiresAt: z.number(),
  /** Epoch ms of the last session_token renewal TokenDesk did. */
  sessionRenewedAt: z.number(),
});
/** What the OneAccess provider writes into extras. */
export type OneAccessExtras = z.infer<typeof OneAccessExtrasSchema>;

/** When the session_token ends: the account field, which each renewal keeps current. */
function sessionEnd(view: AccountView): number | null {
  const text = view.fields.sessionExpiresAt ?? '';
  return text === '' ? null : parseIsoInstant(text);
}

function sessionExpiry(view: AccountView): Shown {
  const end = sessionEnd(view);
  return end === null
    ? { kind: 'label', text: l('Not tracked (set "Session expires at" to renew it in time)', '未跟踪（填写“会话到期时间”即可按时续期）') }
    : { kind: 'time', at: end };
}

/** OneAccess: the one-time ticket, the session behind it (its own end and renewal), and the access token. */
export const oneAccessPresentation: ProviderPresentation<OneAccessExtras> = {
  extras: OneAccessExtrasSchema,
  subtitle: (view) => view.fields.deviceFingerprint || view.fields.baseUrl || null,
  searchTerms: (view) => [view.fields.clientId],
  sections: (view, extras) => {
    const end = sessionEnd(view);
    return [
      {
        kind: 'facts',
        title: l('OneAccess', 'OneAccess 信息'),
        facts: facts([
          [l('Ticket expires', '票据过期时间'), view.expiresAt === null ? null : { kind: 'time', at: view.expiresAt }],
          [l('Ticket lifetime', '票据有效期'), extras.ticketLifetimeSeconds === undefined ? null : { kind: 'duration', ms: extras.ticketLifetimeSeconds * 1000 }],
          [l('Session expires', '会话过期时间'), sessionExpiry(view)],
          // Renewal happens on the first refresh from this time on (the scheduler plans one for it).
          [l('Session renewal from', '会话续期起始时间'), end === null ? null : { kind: 'time', at: end - ONEACCESS_SESSION_RENEW_MARGIN_MS }],
          [l('Session last renewed', '会话上次续期'), extras.sessionRenewedAt === undefined ? null : { kind: 'time', at: extras.sessionRenewedAt }],
          [
            l('Access token expires', '访问凭证过期时间'),
            extras.accessTokenExpiresAt !== undefined
              ? { kind: 'time', at: extras.accessTokenExpiresAt }
              : extras.accessTokenSource === 'pasted'
                ? { kind: 'label', text: l('Pasted by you; expiry unknown, not renewed automatically', '手动填写，过期时间未知，不会自动续期') }
                : { kind: 'label', text: l('Cached by TokenDesk until shortly before it expires', '由 TokenDesk 缓存，过期前自动更新') },
          ],
        ]),
        note: l('An sso_ticket can be used once; refresh for a new one.', '每个 sso_ticket 只能使用一次；需要新票据时请刷新。'),
      },
    ];
  },
};
