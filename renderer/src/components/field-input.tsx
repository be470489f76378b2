import { useState, type ReactElement } from 'react';
import type { FieldSpec } from '../../../shared/providers';
import { localized } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { EyeIcon, EyeOffIcon } from './icons';

interface FieldInputProps {
  field: FieldSpec;
  value: string;
  error: string | null;
  /** A secret already saved for this account (edit): the input may stay empty to keep it. */
  secretSaved: boolean;
  onChange(value: string): void;
}

/** One input generated from a provider's FieldSpec: label, help, required mark, secret show/hide. */
export function FieldInput({ field, value, error, secretSaved, onChange }: FieldInputProps): ReactElement {
  const t = useT();
  const language = useLanguage();
  const [shown, setShown] = useState(false);
  const label = localized(field.label, language);
  const help = localized(field.help, language);
  const id = `field-${field.name}`;
  const describedBy = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const required = field.required && !(field.secret && secretSaved);
  const common = {
    id,
    name: field.name,
    value,
    required,
    'aria-invalid': error !== null,
    'aria-describedby': describedBy,
  };

  let input: ReactElement;
  if (field.kind === 'select' && field.options) {
    input = (
      <select {...common} onChange={(e) => onChange(e.target.value)}>
        {!field.required && <option value="">{t('form.none')}</option>}
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {localized(o.label, language)}
          </option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        {...common}
        type={field.secret && !shown ? 'password' : field.kind === 'url' ? 'url' : 'text'}
        inputMode={field.kind === 'integer' ? 'numeric' : undefined}
        placeholder={field.secret && secretSaved ? t('form.keepSecret') : (field.default ?? field.placeholder ?? '')}
        autoComplete={field.secret ? 'new-password' : 'off'}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }

  return (
    <div className={error ? 'form-row invalid' : 'form-row'}>
      <label htmlFor={id}>
        {label}
        {required && (
          <span className="required-mark" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </label>
      <div className={field.secret ? 'input-with-button' : undefined}>
        {input}
        {field.secret && (
          <button
            type="button"
            className="icon-btn"
            aria-label={shown ? t('form.hideSecret', { label }) : t('form.showSecret', { label })}
            title={shown ? t('form.hideSecret', { label }) : t('form.showSecret', { label })}
            aria-pressed={shown}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        )}
      </div>
      {help && (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
