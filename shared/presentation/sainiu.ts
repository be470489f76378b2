import { z } from 'zod';
import { facts, l, lenientObject, text, type ProviderPresentation, type Shown } from './types';

/** A cookie as the SaiNiu provider describes it: never its value. */
const CookieFactsSchema = z.object({
  name: z.string(),
  domain: z.string().optional(),
  path: z.string().optional(),
  /** Epoch ms, or null for a session cookie. */
  expires: z.number().nullable(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
});

/** What the SaiNiu provider writes into extras (core/providers/sainiu.ts). */
export const SaiNiuExtrasSchema = lenientObject({
  userNick: z.string(),
  taobaoNick: z.string(),
  displayNick: z.string(),
  /** Already shortened by the provider (a session credential). */
  sid: z.string(),
  headPicLink: z.string(),
  cookieNames: z.array(z.string()),
  cookies: z.array(CookieFactsSchema),
  expirySource: z.enum(['cookies', 'lifetimeHours', 'unknown']),
});
/** What the SaiNiu provider writes into extras. */
export type SaiNiuExtras = z.infer<typeof SaiNiuExtrasSchema>;

interface CookieRow {
  name: string;
  domain: string | null;
  expires: number | null;
}

const rowsOf = (extras: SaiNiuExtras): CookieRow[] =>
  extras.cookies?.map((c) => ({ name: c.name, domain: c.domain ?? null, expires: c.expires })) ??
  extras.cookieNames?.map((name) => ({ name, domain: null, expires: null })) ??
  [];

/** SaiNiu: the Qianniu account and its cookies (names, domains, expiries; values masked). */
export const saiNiuPresentation: ProviderPresentation<SaiNiuExtras> = {
  extras: SaiNiuExtrasSchema,
  subtitle: (view, extras) => view.fields.userNick || extras.taobaoNick || view.fields.baseUrl || null,
  searchTerms: (view, extras) => [view.fields.userNick, extras.taobaoNick, extras.displayNick],
  sections: (view, extras) => {
    const rows = rowsOf(extras);
    // Dates show their year only when it differs from the renewal's (the table need not tick with the clock).
    const now = view.lastRefreshAt ?? view.updatedAt;
    // Domains and expiries appear only when the provider reported structured cookies.
    const hasDomain = rows.some((c) => c.domain !== null);
    const hasExpiry = rows.some((c) => c.expires !== null);
    const masked: Shown = { kind: 'masked', label: l('Value hidden', '值已隐藏') };
    return [
      {
        kind: 'table',
        title: l('Cookies', 'Cookie 列表'),
        facts: facts([
          [l('Taobao nick', '淘宝昵称'), text(extras.taobaoNick)],
          [l('Display name', '显示名称'), text(extras.displayNick)],
          [l('Session ID', '会话 ID'), text(extras.sid)],
        ]),
        caption: l('Cookies', 'Cookie 列表'),
        columns: [
          l('Name', '名称'),
          ...(hasDomain ? [l('Domain', '域名')] : []),
          ...(hasExpiry ? [l('Expires', '过期时间')] : []),
          l('Value', '值'),
        ],
        rows: rows.map((c) => [
          { kind: 'text', text: c.name, mono: true },
          ...(hasDomain ? [text(c.domain) ?? { kind: 'text' as const, text: '—' }] : []),
          ...(hasExpiry
            ? [c.expires === null ? ({ kind: 'label', text: l('Session', '会话期') } as const) : ({ kind: 'time', at: c.expires, compactTo: now, muted: c.expires <= now } as const)]
            : []),
          masked,
        ]),
        empty: l('No cookies yet. Log in with a QR code, or refresh, to get them.', '尚无 Cookie，扫码登录或刷新即可获取。'),
      },
    ];
  },
};
