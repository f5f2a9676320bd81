// A value to copy once (a new API key, an invitation link): read-only, selected on focus, with a Copy button
// whose outcome is announced. Without the Clipboard API (plain http on another host) it falls back to
// copying the selection, and failing that asks the member to copy it themselves.
import { useId, useRef, useState } from 'react';

export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome('copied');
      return;
    } catch {
      // Not allowed here: try the selection instead.
    }
    input.current?.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    setOutcome(copied ? 'copied' : 'failed');
  }

  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input
          ref={input}
          id={id}
          className="copy-value"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="secondary" onClick={copy}>
          Copy
        </button>
      </div>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <p className="copy-outcome" role="status">
        {outcome === 'copied'
          ? 'Copied to the clipboard.'
          : outcome === 'failed'
            ? 'Could not copy here: select the text and copy it yourself.'
            : ''}
      </p>
    </div>
  );
}
