import { useId, type ReactElement, type ReactNode } from 'react';

/** A titled block of the details pane; the title names the region for assistive tech and tests. */
export function Section({ title, children, className }: { title: string; children: ReactNode; className?: string }): ReactElement {
  const id = useId();
  return (
    <section className={className ? `details-section ${className}` : 'details-section'} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** A definition list of label/value pairs. */
export function Facts({ items }: { items: ReadonlyArray<readonly [string, ReactNode]> }): ReactElement {
  return (
    <dl className="facts">
      {items.map(([label, value]) => (
        <div className="fact" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
