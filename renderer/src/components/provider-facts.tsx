import type { ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { OPENIM_API_GENERATIONS, OPENIM_PLATFORMS, type OpenImApi } from '../../../shared/providers';
import { call } from '../api';
import { compactDateTimeText, dateTimeText, shortDurationText } from '../i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { record } from '../lib/account-facts';
import { useStore } from '../store';
import { Facts, Section } from './section';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const pick = (o: Record<string, unknown>, ...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined);

/** Epoch ms from a number (s or ms) or a date string; null when it is neither. */
function toMs(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v < 1e11 ? v * 1000 : v;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return toMs(n);
    const parsed = Date.parse(v);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function SudUser({ view }: { view: AccountView }): ReactElement | null {
  const t = useT();
  const user = record(view.extras.userInfo ?? view.extras.user_info);
  if (Object.keys(user).length === 0) return null;
  const nick = str(pick(user, 'nickName', 'nick_name')) ?? '';
  const avatar = str(pick(user, 'avatarUrl', 'avatar_url'));
  const gender = str(user.gender);
  const robot = pick(user, 'isAi', 'is_ai');
  const level = str(pick(user, 'aiLevel', 'ai_level'));
  const isRobot = robot === 1 || robot === true || robot === '1';
  return (
    <Section title={t('details.sud.title')}>
      <div className="user-card">
        {/* Remote images are outside the CSP (img-src 'self'): show an initial and offer the link instead. */}
        <div className="avatar" aria-hidden="true">{(nick || '?').slice(0, 1).toUpperCase()}</div>
        <Facts
          items={[
            [t('details.sud.nickname'), nick || '—'],
            [t('details.sud.uid'), str(user.uid) ?? '—'],
            [t('details.sud.gender'), gender === 'male' ? t('details.sud.male') : gender === 'female' ? t('details.sud.female') : t('details.sud.genderUnset')],
            [t('details.sud.robot'), isRobot ? (level ? t('details.sud.robotLevel', { level }) : t('common.yes')) : t('common.no')],
            [
              t('details.sud.avatar'),
              avatar && /^https?:\/\//i.test(avatar) ? (
                <button type="button" className="link" onClick={() => void call('shell:openExternal', { url: avatar })}>
                  {t('details.sud.openAvatar')}
                </button>
              ) : (
                '—'
              ),
            ],
          ]}
        />
      </div>
    </Section>
  );
}

interface CookieRow {
  name: string;
  domain: string | null;
  expires: number | null;
}

function cookieRows(extras: Record<string, unknown>): CookieRow[] {
  const raw = pick(extras, 'cookies', 'cookieNames');
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((c): CookieRow[] => {
    if (typeof c === 'string') return [{ name: c, domain: null, expires: null }];
    const o = record(c);
    const name = str(o.name);
    return name ? [{ name, domain: str(o.domain), expires: toMs(pick(o, 'expires', 'expiresAt', 'expiry', 'expirationDate')) }] : [];
  });
}

function SaiNiuCookies({ view }: { view: AccountView }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const rows = cookieRows(view.extras);
  // Dates show their year only when it differs from the renewal's (the table need not tick with the clock).
  const now = view.lastRefreshAt ?? view.updatedAt;
  // Domains and expiries appear only when the provider reported structured cookies.
  const hasDomain = rows.some((c) => c.domain !== null);
  const hasExpiry = rows.some((c) => c.expires !== null);
  const facts: Array<readonly [string, string]> = [];
  for (const [key, label] of [['taobaoNick', t('details.sainiu.taobaoNick')], ['displayNick', t('details.sainiu.displayNick')], ['sid', t('details.sainiu.sid')]] as const) {
    const value = str(view.extras[key]);
    if (value) facts.push([label, value]);
  }
  return (
    <Section title={t('details.sainiu.title')}>
      {facts.length > 0 && <Facts items={facts} />}
      {rows.length === 0 ? (
        <p className="muted">{t('details.sainiu.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table cookie-table" aria-label={t('details.sainiu.table')}>
            <thead>
              <tr>
                <th scope="col">{t('details.sainiu.name')}</th>
                {hasDomain && <th scope="col">{t('details.sainiu.domain')}</th>}
                {hasExpiry && <th scope="col">{t('details.sainiu.expires')}</th>}
                <th scope="col">{t('details.sainiu.value')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c, i) => (
                <tr key={`${c.name}-${c.domain ?? ''}-${i}`}>
                  <td className="mono">{c.name}</td>
                  {hasDomain && <td className="nowrap">{c.domain ?? '—'}</td>}
                  {hasExpiry && (
                    <td className={c.expires !== null && c.expires <= now ? 'nowrap muted' : 'nowrap'} title={c.expires === null ? undefined : dateTimeText(c.expires, language)}>
                      {c.expires === null ? t('details.sainiu.session') : compactDateTimeText(c.expires, language, now)}
                    </td>
                  )}
                  <td className="nowrap" aria-label={t('details.sainiu.masked')}>••••</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function OneAccessFacts({ view }: { view: AccountView }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  const key = Object.keys(view.extras).find((k) => /^accessToken(ExpiresAt|Expiry|Expires)$/i.test(k));
  const accessAt = key ? toMs(view.extras[key]) : null;
  const lifetime = view.extras.ticketLifetimeSeconds;
  const items: Array<readonly [string, string]> = [];
  if (view.expiresAt !== null) items.push([t('details.oneaccess.ticketExpires'), dateTimeText(view.expiresAt, language)]);
  if (typeof lifetime === 'number') items.push([t('details.oneaccess.ticketLifetime'), shortDurationText(lifetime * 1000, t)]);
  const unknownAccess = view.extras.accessTokenSource === 'pasted' ? t('details.oneaccess.accessPasted') : t('details.oneaccess.accessCached');
  items.push([t('details.oneaccess.accessExpires'), accessAt === null ? unknownAccess : dateTimeText(accessAt, language)]);
  return (
    <Section title={t('details.oneaccess.title')}>
      <Facts items={items} />
      <p className="help">{t('details.oneaccess.oneTime')}</p>
    </Section>
  );
}

function OpenImFacts({ view }: { view: AccountView }): ReactElement {
  const t = useT();
  // Before the first exchange the platform is the field's value, or the schema default when unset.
  const fallback = useStore((s) => s.providers.find((p) => p.id === 'openim')?.fields.find((f) => f.name === 'platformID')?.default);
  const id = Number(pick(view.extras, 'platformID') ?? view.fields.platformID ?? fallback);
  const platform = str(view.extras.platform) ?? OPENIM_PLATFORMS[id];
  const api = str(pick(view.extras, 'apiVersion')) ?? str(pick(record(view.extras.state), 'apiVersion'));
  const generation = str(view.extras.apiGeneration) ?? (api === 'v3' || api === 'v3.8' ? OPENIM_API_GENERATIONS[api as OpenImApi] : api);
  const items: Array<readonly [string, string]> = [
    [t('details.openim.platform'), platform ? `${platform} (${id})` : '—'],
    [t('details.openim.user'), str(view.extras.userID) ?? view.fields.userID ?? '—'],
  ];
  if (generation) {
    const detected = view.extras.apiDetected !== false;
    items.push([t('details.openim.apiVersion'), t(detected ? 'details.openim.apiDetected' : 'details.openim.apiSet', { version: generation })]);
  }
  const adminUser = str(view.extras.adminUserID);
  if (adminUser) items.push([t('details.openim.adminUser'), adminUser]);
  if (view.extras.adminToken === 'reused' || view.extras.adminToken === 'fetched') {
    items.push([t('details.openim.adminToken'), t(view.extras.adminToken === 'reused' ? 'details.openim.adminReused' : 'details.openim.adminFetched')]);
  }
  return (
    <Section title={t('details.openim.title')}>
      <Facts items={items} />
      {view.autoRefresh.enabled && <p className="help warning-text">{t('details.openim.kicks')}</p>}
    </Section>
  );
}

/** What each provider adds to the details pane: SUD user, SaiNiu cookies, OneAccess access token, OpenIM platform. */
export function ProviderFacts({ view }: { view: AccountView }): ReactElement | null {
  switch (view.provider) {
    case 'sud':
      return <SudUser view={view} />;
    case 'sainiu':
      return <SaiNiuCookies view={view} />;
    case 'oneaccess':
      return <OneAccessFacts view={view} />;
    case 'openim':
      return <OpenImFacts view={view} />;
  }
}
