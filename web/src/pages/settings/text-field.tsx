// A labelled input whose hint and problem are tied to it (aria-describedby), so a screen reader reads the
// problem with the field and the field is marked invalid while it has one.
import type { InputHTMLAttributes, Ref } from 'react';
import { flushSync } from 'react-dom';
import './forms.css';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  problem?: string;
  hint?: string;
  inputRef?: Ref<HTMLInputElement>;
}

export function TextField({ id, label, value, onValue, problem, hint, inputRef, ...input }: Props) {
  const described = [hint ? `${id}-hint` : null, problem ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        ref={inputRef}
        id={id}
        value={value}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={described || undefined}
      />
      {problem ? (
        <p className="field-error" id={`${id}-error`}>
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Shows a form's problems at once, then focuses the first field marked invalid, so a keyboard or screen-reader
 * user lands on what to fix.
 */
export function showProblems(form: HTMLFormElement | null, update: () => void) {
  flushSync(update);
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
