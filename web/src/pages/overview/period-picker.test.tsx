// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PeriodPicker } from './period-picker.tsx';
import { windowFromUrl } from './view.ts';

afterEach(cleanup);

const today = '2026-11-30';

function renderPicker(state: Record<string, string>) {
  const calls: Array<['preset', number] | ['custom', string, string]> = [];
  render(
    <PeriodPicker
      dates={windowFromUrl(state, today)}
      presets={[7, 30, 90, 365]}
      onPreset={(days) => calls.push(['preset', days])}
      onCustom={(from, to) => calls.push(['custom', from, to])}
    />,
  );
  return calls;
}

describe('the period picker', () => {
  it('offers the presets and custom dates, showing the URL’s choice', () => {
    const calls = renderPicker({ days: '30' });
    const select = screen.getByLabelText('Dates') as HTMLSelectElement;
    expect(select.value).toBe('30');
    expect([...select.options].map((option) => option.text)).toEqual([
      'Last 7 days',
      'Last 30 days',
      'Last 90 days',
      'Last 365 days',
      'Custom dates',
    ]);
    expect(screen.queryByLabelText('From')).toBeNull();
    fireEvent.change(select, { target: { value: '7' } });
    expect(calls).toEqual([['preset', 7]]);
  });

  it('turns the shown window into fixed dates when custom dates are chosen', () => {
    const calls = renderPicker({ days: '30' });
    fireEvent.change(screen.getByLabelText('Dates'), { target: { value: 'custom' } });
    expect(calls).toEqual([['custom', '2026-11-01', today]]);
  });

  it('passes typed dates on only when they make a window, and says what is wrong otherwise', () => {
    const calls = renderPicker({ from: '2026-01-01', to: '2026-01-31' });
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-01-01');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-02-15' } });
    expect(screen.getByRole('alert').textContent).toBe('The first day must not be after the last.');
    expect(screen.getByLabelText('From').getAttribute('aria-invalid')).toBe('true');
    expect(calls).toEqual([]);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-02-28' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(calls).toEqual([['custom', '2026-02-15', '2026-02-28']]);
  });
});
