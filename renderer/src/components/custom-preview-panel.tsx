import { useMemo, type ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { useLanguage, useT } from '../i18n/use-t';
import type { FieldDraft } from '../lib/custom-draft';
import { previewRequest, type PreviewRequest, type RequestTemplate } from '../lib/custom-preview';
import { useNow } from '../store/clock';

/** Where sample values come from: the field defaults, an account of this provider, or values typed in. */
export type SampleSource = { kind: 'defaults' } | { kind: 'account'; id: string } | { kind: 'typed' };

/** Chooses the sample: defaults, an account of this provider, or typed values (secrets in password inputs). */
export function SampleChooser(props: {
  source: SampleSource;
  onSource(source: SampleSource): void;
  accounts: readonly AccountView[];
  fields: readonly FieldDraft[];
  typed: Readonly<Record<string, string>>;
  onTyped(values: Record<string, string>): void;
}): ReactElement {
  const t = useT();
  const language = useLanguage();
  const value = props.source.kind === 'account' ? `account:${props.source.id}` : props.source.kind;
  const named = props.fields.filter((f) => f.name !== '');
  return (
    <div className="sample-chooser">
      <div className="form-row">
        <label htmlFor="cp-sample">{t('custom.sample')}</label>
        <select
          id="cp-sample"
          value={value}
          onChange={(e) => {
            const v = e.target.value;
            props.onSource(v.startsWith('account:') ? { kind: 'account', id: v.slice('account:'.length) } : v === 'typed' ? { kind: 'typed' } : { kind: 'defaults' });
          }}
        >
          <option value="defaults">{t('custom.sampleDefaults')}</option>
          <option value="typed">{t('custom.sampleTyped')}</option>
          {props.accounts.map((a) => (
            <option key={a.id} value={`account:${a.id}`}>
              {t('custom.sampleAccount', { name: a.name })}
            </option>
          ))}
        </select>
      </div>
      {props.source.kind === 'typed' && (
        <div className="typed-values">
          {named.map((f) => (
            <div key={f.key} className="form-row">
              <label htmlFor={`cp-typed-${f.key}`}>{(language === 'zh-CN' && f.labelZh) || f.label || f.name}</label>
              <input
                id={`cp-typed-${f.key}`}
                type={f.secret ? 'password' : 'text'}
                autoComplete={f.secret ? 'new-password' : 'off'}
                spellCheck={false}
                className="mono"
                placeholder={f.secret ? '' : f.default}
                value={props.typed[f.name] ?? ''}
                onChange={(e) => props.onTyped({ ...props.typed, [f.name]: e.target.value })}
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** A request as it would go out: method and URL, headers, body. */
export function RequestView({ request, label }: { request: PreviewRequest; label: string }): ReactElement {
  const t = useT();
  return (
    <figure className="request-view" aria-label={label}>
      <figcaption className="request-view-caption">{label}</figcaption>
      <pre className="request-line-view" data-testid="preview-line">
        <strong>{request.method}</strong> {request.url}
      </pre>
      {request.headers.length > 0 && (
        <pre className="request-headers" data-testid="preview-headers">
          {request.headers.map((h) => (
            <span key={h.name} className={h.implied ? 'muted' : undefined}>
              {h.name}: {h.value}
              {h.implied ? `  (${t('custom.impliedHeader')})` : ''}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
      {request.body !== null && (
        <pre className="request-body" data-testid="preview-body">
          {request.body}
        </pre>
      )}
    </figure>
  );
}

/** The live preview of the request (and refresh request) with sample values; every secret masked. */
export function PreviewPanel(props: {
  request: RequestTemplate;
  refresh: RequestTemplate | null;
  fields: readonly FieldDraft[];
  values: Readonly<Record<string, string>>;
  uuid: string;
}): ReactElement {
  const t = useT();
  const now = useNow();
  const { request, refresh, fields, values, uuid } = props;
  const sample = useMemo(() => ({ values, uuid, now }), [values, uuid, now]);
  const first = useMemo(() => previewRequest(request, fields, sample), [request, fields, sample]);
  const second = useMemo(() => (refresh ? previewRequest(refresh, fields, sample) : null), [refresh, fields, sample]);
  return (
    <section className="preview-panel" aria-labelledby="cp-preview-title">
      <h3 id="cp-preview-title">{t('custom.preview')}</h3>
      <p className="help">{t('custom.previewHelp')}</p>
      <RequestView request={first} label={t('custom.request')} />
      {second && <RequestView request={second} label={t('custom.refresh')} />}
    </section>
  );
}
