import { useId, type ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { claimTime } from '../../../shared/jwt';
import { jwtOf } from '../../../shared/presentation';
import { dateTimeText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { Facts, Section } from './section';

/** The decoded (never verified) JWT header and claims the provider module put in the extras. */
export function JwtSection({ view }: { view: AccountView }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  const id = useId();
  const jwt = jwtOf(view);
  if (!jwt) return null;
  const { header, claims } = jwt;
  const issued = claimTime(claims.iat);
  const expires = claimTime(claims.exp);
  const notBefore = claimTime(claims.nbf);
  const times: Array<readonly [string, string]> = [];
  if (issued !== null) times.push([t('details.jwt.issued'), dateTimeText(issued, language)]);
  if (notBefore !== null) times.push([t('details.jwt.notBefore'), dateTimeText(notBefore, language)]);
  if (expires !== null) times.push([t('details.jwt.expires'), dateTimeText(expires, language)]);
  return (
    <Section title={t('details.jwt.title')}>
      {times.length > 0 && <Facts items={times} />}
      <p className="muted small">{t('details.jwt.unverified')}</p>
      {/* A <pre> may not carry aria-label (it has no role that takes a name): each sits in a group named by its heading. */}
      <div role="group" aria-labelledby={`${id}-header`}>
        <h4 id={`${id}-header`}>{t('details.jwt.header')}</h4>
        <pre className="json">{JSON.stringify(header, null, 2)}</pre>
      </div>
      <div role="group" aria-labelledby={`${id}-claims`}>
        <h4 id={`${id}-claims`}>{t('details.jwt.claims')}</h4>
        <pre className="json">{JSON.stringify(claims, null, 2)}</pre>
      </div>
    </Section>
  );
}
