// The dates a page shows: "last N days" or two fixed days, chosen with native controls (keyboard and screen
// reader work as the platform makes them). Used by the Overview and by Revenue & retention.
import { useEffect, useId, useState } from 'react';
import { customDatesProblem, type DateWindow } from './view.ts';

interface Props {
  dates: DateWindow;
  presets: readonly number[];
  onPreset: (days: number) => void;
  onCustom: (from: string, to: string) => void;
}

export function PeriodPicker({ dates, presets, onPreset, onCustom }: Props) {
  const id = useId();
  const custom = dates.preset === null;
  const [draft, setDraft] = useState({ from: dates.from, to: dates.to });
  // The URL is the truth: a Back, a shared link or a preset replaces what was typed.
  useEffect(() => setDraft({ from: dates.from, to: dates.to }), [dates.from, dates.to]);
  const problem = custom ? customDatesProblem(draft.from, draft.to) : null;

  const typed = (change: Partial<typeof draft>) => {
    const next = { ...draft, ...change };
    setDraft(next);
    if (customDatesProblem(next.from, next.to) === null) onCustom(next.from, next.to);
  };

  return (
    <>
      <label>
        Dates
        <select
          value={custom ? 'custom' : String(dates.preset)}
          onChange={(event) => {
            const value = event.target.value;
            // Fixed dates start from the window shown, so switching loses nothing.
            if (value === 'custom') onCustom(dates.from, dates.to);
            else onPreset(Number(value));
          }}
        >
          {presets.map((days) => (
            <option key={days} value={days}>
              Last {days} days
            </option>
          ))}
          <option value="custom">Custom dates</option>
        </select>
      </label>
      {custom ? (
        <>
          <label>
            From
            <input
              type="date"
              value={draft.from}
              max={draft.to || undefined}
              aria-invalid={problem !== null}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(event) => typed({ from: event.target.value })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={draft.to}
              min={draft.from || undefined}
              aria-invalid={problem !== null}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(event) => typed({ to: event.target.value })}
            />
          </label>
          {problem ? (
            <p id={`${id}-problem`} className="field-error period-problem" role="alert">
              {problem}
            </p>
          ) : null}
        </>
      ) : null}
    </>
  );
}
