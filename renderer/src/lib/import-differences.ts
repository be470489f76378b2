import type { Translate } from '../../../shared/i18n';
import { originField, type ImportDifference } from '../../../shared/import-plan';

/** One difference between this vault's copy and a bundle's, in the UI language (never a secret value: core sends none). */
export function differenceText(d: ImportDifference, t: Translate): string {
  const none = t('transfer.diff.none');
  const value = (text: string | null): string => (text === null || text === '' ? none : text);
  const where = d.where === 'refresh' ? t('transfer.where.refresh') : t('transfer.where.request');
  const values = (label: string): string => t('transfer.diff.values', { label, ours: value(d.ours), theirs: value(d.theirs) });
  switch (d.part) {
    case 'unverified':
      return t('transfer.diff.unverified');
    case 'token':
      return t('transfer.diff.token');
    case 'secrets':
      return t('transfer.diff.secrets', { fields: value(d.where) });
    case 'otherParts':
      return t('transfer.diff.otherParts', { parts: value(d.where) });
    case 'damaged':
      return t('transfer.diff.damaged', { how: d.ours === 'changed' ? t('transfer.damage.changed') : t('transfer.damage.unreadable') });
    case 'origin': {
      // `{{baseUrl}}`: the origin comes from the account's own field.
      const origin = (text: string | null): string => {
        const field = originField(text);
        return field ? t('transfer.fromField', { field }) : value(text);
      };
      return t('transfer.diff.values', { label: t('transfer.part.origin', { where }), ours: origin(d.ours), theirs: origin(d.theirs) });
    }
    case 'path':
    case 'method':
      return values(t(`transfer.part.${d.part}`, { where }));
    case 'address':
    case 'field':
      return values(t(`transfer.part.${d.part}`, { field: d.where ?? '' }));
    case 'autoRefresh': {
      const onOff = (text: string | null): string => (text === 'on' ? t('transfer.on') : t('transfer.off'));
      return t('transfer.diff.values', { label: t('transfer.part.autoRefresh'), ours: onOff(d.ours), theirs: onOff(d.theirs) });
    }
    default:
      return values(t(`transfer.part.${d.part}`));
  }
}
