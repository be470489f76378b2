import type { Fact, PresentedSection, Shown } from '../../shared/presentation';
import { formatShortDuration } from '../../shared/expiry';
import { iso, keyValues, table } from './output';

/** A presented value as plain English text. */
export function shownText(value: Shown): string {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'label':
      return value.text.en;
    case 'time':
      return iso(value.at) ?? '—';
    case 'duration':
      return formatShortDuration(value.ms);
    case 'masked':
      return '••••';
    case 'link':
      return value.url;
  }
}

const pairs = (facts: Fact[]): Array<[string, string]> => facts.map((f) => [f.label.en, shownText(f.value)]);

/**
 * A provider's sections (shared/presentation) for `tokendesk show`: the same facts and tables the
 * window's details pane draws, in English.
 */
export function presentedText(sections: PresentedSection[]): string {
  return sections
    .map((section) => {
      let text = `${section.title.en}:\n${keyValues(pairs(section.facts), '  ')}`;
      if (section.kind === 'facts' && section.note) text += `  ${section.note.en}\n`;
      if (section.kind === 'table') {
        text += section.rows.length === 0
          ? `  ${section.empty.en}\n`
          : table(section.columns.map((c) => c.en.toUpperCase()), section.rows.map((row) => row.map(shownText)))
              .split('\n')
              .map((line) => (line ? `  ${line}` : line))
              .join('\n');
      }
      return text;
    })
    .join('');
}
