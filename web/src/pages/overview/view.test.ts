import { describe, expect, it } from 'vitest';
import { parseSearch, withChanges } from '../../lib/url-state.ts';
import {
  customChanges,
  customDatesProblem,
  defaultGranularity,
  granularityFromUrl,
  isIsoDate,
  metricFromUrl,
  overviewKeys,
  periodLabel,
  presetChanges,
  windowFromUrl,
  windowLabel,
} from './view.ts';

const today = '2026-11-30';

describe('the Overview view kept in the URL', () => {
  it('is the last 90 days ending today when the URL names nothing', () => {
    expect(windowFromUrl({}, today)).toEqual({ from: '2026-09-02', to: today, days: 90, preset: 90 });
  });

  it('reads a preset as the last N days, today included', () => {
    expect(windowFromUrl({ days: '7' }, today)).toEqual({
      from: '2026-11-24',
      to: today,
      days: 7,
      preset: 7,
    });
    expect(windowFromUrl({ days: '365' }, today).from).toBe('2025-12-01');
    // Not one of the choices: the default, not an arbitrary window.
    expect(windowFromUrl({ days: '12' }, today).preset).toBe(90);
  });

  it('prefers valid fixed dates to a preset, and ignores dates out of order or not on the calendar', () => {
    expect(windowFromUrl({ days: '7', from: '2026-01-01', to: '2026-03-31' }, today)).toEqual({
      from: '2026-01-01',
      to: '2026-03-31',
      days: 90,
      preset: null,
    });
    expect(windowFromUrl({ from: '2026-03-31', to: '2026-01-01' }, today).preset).toBe(90);
    expect(windowFromUrl({ from: '2026-02-30', to: '2026-03-31' }, today).preset).toBe(90);
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-2-28')).toBe(false);
  });

  it('round-trips through the query string: a preset and fixed dates replace each other', () => {
    const search = withChanges('?segment=smb', presetChanges(30));
    expect(search).toBe('?segment=smb&days=30');
    const custom = withChanges(search, customChanges('2026-01-01', '2026-01-31'));
    expect(custom).toBe('?segment=smb&from=2026-01-01&to=2026-01-31');
    const state = parseSearch(custom, overviewKeys);
    expect(windowFromUrl(state, today)).toMatchObject({ from: '2026-01-01', to: '2026-01-31', preset: null });
    expect(withChanges(custom, presetChanges(7))).toBe('?segment=smb&days=7');
  });

  it('suits the granularity to the window unless the URL chooses one', () => {
    expect(defaultGranularity(7)).toBe('day');
    expect(defaultGranularity(31)).toBe('day');
    expect(defaultGranularity(90)).toBe('week');
    expect(defaultGranularity(365)).toBe('month');
    const year = windowFromUrl({ days: '365' }, today);
    expect(granularityFromUrl({}, year)).toEqual({ period: 'month', chosen: false, adjusted: false });
    expect(granularityFromUrl({ period: 'week' }, year)).toEqual({
      period: 'week',
      chosen: true,
      adjusted: false,
    });
    expect(granularityFromUrl({ period: 'hour' }, year).period).toBe('month');
  });

  it('shows weeks, and says so, when days are chosen over more days than the API answers', () => {
    const long = windowFromUrl({ from: '2025-01-01', to: '2026-06-30' }, today);
    expect(granularityFromUrl({ period: 'day' }, long)).toEqual({
      period: 'week',
      chosen: true,
      adjusted: true,
    });
    expect(granularityFromUrl({ period: 'day' }, windowFromUrl({ days: '365' }, today)).adjusted).toBe(false);
  });

  it('breaks NPS down unless the URL chooses CSAT or CES', () => {
    expect(metricFromUrl({})).toBe('nps');
    expect(metricFromUrl({ metric: 'ces' })).toBe('ces');
    expect(metricFromUrl({ metric: 'other' })).toBe('nps');
  });

  it('explains typed dates it cannot show', () => {
    expect(customDatesProblem('2026-01-01', '2026-01-31')).toBeNull();
    expect(customDatesProblem('2026-01-01', '')).toBe('Enter both dates.');
    expect(customDatesProblem('2026-02-01', '2026-01-31')).toBe('The first day must not be after the last.');
    expect(customDatesProblem('1969-12-01', '2026-01-31')).toBe('Choose dates between 1970 and 2200.');
  });

  it('names windows and periods as people write them', () => {
    expect(windowLabel(windowFromUrl({ days: '30' }, today))).toBe('Last 30 days');
    expect(windowLabel(windowFromUrl({ from: '2026-01-02', to: '2026-03-31' }, today))).toBe(
      'Jan 2, 2026 – Mar 31, 2026',
    );
    expect(periodLabel('2026-03-02', 'week')).toBe('Mar 2');
    expect(periodLabel('2026-03-01', 'month')).toBe('Mar 2026');
    expect(periodLabel('2026-04-01', 'quarter')).toBe('Q2 2026');
  });
});
