import { createContext, useContext, type ReactElement, type ReactNode } from 'react';
import { useT } from '../i18n/use-t';
import { problemAt, problemText, type DefinitionProblem } from '../lib/custom-problems';

/** The definition's problems, for every input of the editor to find its own. */
export const ProblemsContext = createContext<readonly DefinitionProblem[]>([]);

/** A DOM id for the input at a definition path. */
export const inputId = (path: string): string => `cp-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** The problem at `path` (or under it, with `within`), worded; null when there is none. */
export function useProblem(path: string, within = false): string | null {
  const t = useT();
  const problem = problemAt(useContext(ProblemsContext), path, within);
  return problem ? problemText(problem, t) : null;
}

interface TextFieldProps {
  /** The definition path the input edits; its problem is shown beside it. */
  path: string;
  label: string;
  value: string;
  onChange(value: string): void;
  help?: string;
  placeholder?: string;
  required?: boolean;
  /** Monospace: paths, URLs, templates. */
  code?: boolean;
  /** Also show problems under the path (e.g. a request's body). */
  within?: boolean;
  /** Another path whose problem this input shows too (e.g. the request object's own refinements). */
  alsoPath?: string;
  multiline?: number;
  autoFocus?: boolean;
  /** An accessible name when the visible label is shared (table rows). */
  hideLabel?: boolean;
  id?: string;
}

/** A labelled text input (or textarea) with its help and its live problem, linked for screen readers. */
export function TextField(props: TextFieldProps): ReactElement {
  const own = useProblem(props.path, props.within);
  const also = useProblem(props.alsoPath ?? '\u0000');
  const problem = own ?? also;
  const id = props.id ?? inputId(props.path);
  const describedBy = [props.help ? `${id}-help` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    value: props.value,
    spellCheck: false,
    placeholder: props.placeholder,
    className: props.code ? 'mono' : undefined,
    'aria-invalid': problem !== null,
    'aria-describedby': describedBy,
    'aria-label': props.hideLabel ? props.label : undefined,
    'aria-required': props.required,
    'data-autofocus': props.autoFocus ? true : undefined,
  };
  return (
    <div className={problem ? 'form-row invalid' : 'form-row'}>
      {!props.hideLabel && (
        <label htmlFor={id}>
          {props.label}
          {props.required && (
            <span className="required-mark" aria-hidden="true">
              {' '}
              *
            </span>
          )}
        </label>
      )}
      {props.multiline !== undefined ? (
        <textarea {...common} rows={props.multiline} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input {...common} autoComplete="off" onChange={(e) => props.onChange(e.target.value)} />
      )}
      {props.help && (
        <p id={`${id}-help`} className="help">
          {props.help}
        </p>
      )}
      {problem && (
        <p id={`${id}-error`} className="field-error">
          {problem}
        </p>
      )}
    </div>
  );
}

/** One section of the editor: a titled region a screen reader can jump to. */
export function EditorSection(props: { id: string; title: string; intro?: string; children: ReactNode; actions?: ReactNode }): ReactElement {
  return (
    <section className="editor-section" aria-labelledby={`${props.id}-title`}>
      <div className="editor-section-head">
        <h3 id={`${props.id}-title`}>{props.title}</h3>
        {props.actions}
      </div>
      {props.intro && <p className="help">{props.intro}</p>}
      {props.children}
    </section>
  );
}
