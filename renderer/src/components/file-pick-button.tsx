import { useRef, type ReactElement } from 'react';

/**
 * A button that opens the system's file chooser (a hidden file input behind it) and hands the chosen
 * file over; the same file can be chosen again, since the input is cleared after each choice.
 */
export function FilePickButton(props: { label: string; inputLabel: string; accept: string; onFile(file: File): void }): ReactElement {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" onClick={() => ref.current?.click()}>
        {props.label}
      </button>
      <input
        ref={ref}
        type="file"
        accept={props.accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={props.inputLabel}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) props.onFile(file);
        }}
      />
    </>
  );
}
