import type { ReactElement, ReactNode } from 'react';
import type { AccountView } from '../../../shared/account';
import { presentationOf, type Fact, type PresentedSection, type Shown } from '../../../shared/presentation';
import { call } from '../api';
import { localized } from '../../../shared/i18n';
import { compactDateTimeText, dateTimeText, shortDurationText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { useStore } from '../store';
import { Facts, Section } from './section';

/** One presented value, in the UI language. */
function ShownValue({ value }: { value: Shown }): ReactNode {
  const t = useT();
  const language = useLanguage();
  switch (value.kind) {
    case 'text':
      return value.mono ? <span className="mono">{value.text}</span> : value.text;
    case 'label':
      return localized(value.text, language);
    case 'time':
      return value.compactTo === undefined ? dateTimeText(value.at, language) : compactDateTimeText(value.at, language, value.compactTo);
    case 'duration':
      return shortDurationText(value.ms, t);
    case 'masked':
      return <span aria-label={localized(value.label, language)}>••••</span>;
    case 'link':
      return (
        <button type="button" className="link" onClick={() => void call('shell:openExternal', { url: value.url })}>
          {localized(value.label, language)}
        </button>
      );
  }
}

function FactList({ facts }: { facts: Fact[] }): ReactElement | null {
  const language = useLanguage();
  if (facts.length === 0) return null;
  return <Facts items={facts.map((f) => [localized(f.label, language), <ShownValue value={f.value} key={f.label.en} />] as const)} />;
}

/** A table cell; times carry their full form as a tooltip. */
function Cell({ value }: { value: Shown }): ReactElement {
  const language = useLanguage();
  const title = value.kind === 'time' && value.compactTo !== undefined ? dateTimeText(value.at, language) : undefined;
  const className = value.kind === 'time' && value.muted ? 'nowrap muted' : value.kind === 'text' && value.mono ? undefined : 'nowrap';
  return (
    <td className={className} title={title}>
      <ShownValue value={value} />
    </td>
  );
}

function PresentedSectionView({ section }: { section: PresentedSection }): ReactElement {
  const language = useLanguage();
  const title = localized(section.title, language);
  switch (section.kind) {
    case 'facts':
      return (
        <Section title={title}>
          <FactList facts={section.facts} />
          {section.note && <p className={section.warning ? 'help warning-text' : 'help'}>{localized(section.note, language)}</p>}
        </Section>
      );
    case 'user':
      return (
        <Section title={title}>
          <div className="user-card">
            {/* Remote images are outside the CSP (img-src 'self'): an initial, and the avatar as a link. */}
            <div className="avatar" aria-hidden="true">{section.initial}</div>
            <FactList facts={section.facts} />
          </div>
        </Section>
      );
    case 'table':
      return (
        <Section title={title}>
          <FactList facts={section.facts} />
          {section.rows.length === 0 ? (
            <p className="muted">{localized(section.empty, language)}</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table cookie-table" aria-label={localized(section.caption, language)}>
                <thead>
                  <tr>
                    {section.columns.map((c) => (
                      <th scope="col" key={c.en}>{localized(c, language)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {section.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => (
                        <Cell value={cell} key={j} />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      );
  }
}

/** What the account's provider adds to the details pane, as its presentation (shared/presentation) declares. */
export function ProviderFacts({ view }: { view: AccountView }): ReactElement {
  const provider = useStore((s) => s.providers.find((p) => p.id === view.provider));
  const sections = presentationOf(view.provider).sections(view, { provider });
  return (
    <>
      {sections.map((section, i) => (
        <PresentedSectionView section={section} key={`${section.title.en}-${i}`} />
      ))}
    </>
  );
}
