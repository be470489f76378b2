import { z } from 'zod';
import { facts, l, lenientObject, type ProviderPresentation } from './types';

/** What the OneAccess provider writes into extras (core/providers/oneaccess.ts). */
export const OneAccessExtrasSchema = lenientObject({
  ticketLifetimeSeconds: z.number(),
  /** `client`: fetched with the client credentials and renewed; `pasted`: given by the person. */
  accessTokenSource: z.enum(['client', 'pasted']),
  /** Epoch ms at which the access token behind the last ticket expires. */
  accessTokenExpiresAt: z.number(),
});
/** What the OneAccess provider writes into extras. */
export type OneAccessExtras = z.infer<typeof OneAccessExtrasSchema>;

/** OneAccess: the one-time ticket and the access token behind it. */
export const oneAccessPresentation: ProviderPresentation<OneAccessExtras> = {
  extras: OneAccessExtrasSchema,
  subtitle: (view) => view.fields.deviceFingerprint || view.fields.baseUrl || null,
  searchTerms: (view) => [view.fields.clientId],
  sections: (view, extras) => [
    {
      kind: 'facts',
      title: l('OneAccess', 'OneAccess 信息'),
      facts: facts([
        [l('Ticket expires', '票据过期时间'), view.expiresAt === null ? null : { kind: 'time', at: view.expiresAt }],
        [l('Ticket lifetime', '票据有效期'), extras.ticketLifetimeSeconds === undefined ? null : { kind: 'duration', ms: extras.ticketLifetimeSeconds * 1000 }],
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
  ],
};
