// The API shape of themes, drivers, emerging issues, tags, rules and runs.
import { npsCountsFromHistogram, npsFromCounts } from '../metrics/formulas.ts';
import type { DriverImpact } from './drivers.ts';
import { describeDriver } from './drivers.ts';
import type { EmergingEvidence } from './emerging.ts';
import type { ThemeTotals } from './service.ts';
import type { RunRow, TagRuleRow, ThemeRow } from './store.ts';

const dayMs = 86_400_000;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Every week of the window, oldest first, with zeros where a theme had no comments. */
function trendOf(totals: ThemeTotals, window: { fromWeek: string; toWeek: string }) {
  const trend: Array<{ week: string; comments: number }> = [];
  for (let ms = Date.parse(window.fromWeek); ms <= Date.parse(window.toWeek); ms += 7 * dayMs) {
    const week = new Date(ms).toISOString().slice(0, 10);
    trend.push({ week, comments: totals.weekly.get(week) ?? 0 });
  }
  return trend;
}

export function presentThemeSummary(
  theme: ThemeRow,
  totals: ThemeTotals,
  all: ThemeTotals,
  window: { fromWeek: string; toWeek: string },
) {
  const nps = npsFromCounts(npsCountsFromHistogram(totals.nps.map((count, score) => ({ score, count }))));
  const csatN = totals.csat[0] + totals.csat[1];
  return {
    id: theme.id,
    kind: theme.kind,
    key: theme.key,
    label: theme.label,
    terms: theme.terms,
    volume: totals.comments,
    share: all.comments > 0 ? round(totals.comments / all.comments, 4) : null,
    sentiment: {
      average: totals.comments > 0 ? round(totals.sentimentSum / totals.comments, 3) : null,
      positive: totals.positive,
      negative: totals.negative,
    },
    nps: nps.n > 0 ? { score: nps.nps === null ? null : round(nps.nps, 1), n: nps.n } : null,
    csat: csatN > 0 ? { score: round((100 * totals.csat[1]) / csatN, 1), n: csatN } : null,
    trend: trendOf(totals, window),
    retired_at: theme.retired_at?.toISOString() ?? null,
  };
}

export function presentDriver(theme: ThemeRow, impact: DriverImpact) {
  const interval = (i: { value: number; low: number; high: number }) => ({
    value: round(i.value, 2),
    low: round(i.low, 2),
    high: round(i.high, 2),
  });
  return {
    theme: { id: theme.id, kind: theme.kind, label: theme.label },
    with_theme: { n: impact.withTheme.n, score: round(impact.withTheme.score, 2) },
    without_theme: { n: impact.withoutTheme.n, score: round(impact.withoutTheme.score, 2) },
    difference: { ...interval(impact.difference), significant: impact.difference.significant },
    potential_gain: interval(impact.potentialGain),
    share: round(impact.share, 4),
    summary: describeDriver(theme.label, impact),
  };
}

export function presentEvidence(evidence: EmergingEvidence & { emerging: boolean }) {
  return {
    ...evidence,
    expected: round(evidence.expected, 3),
    rateRatio: round(evidence.rateRatio, 3),
  };
}

export const presentThemeRef = (theme: ThemeRow) => ({ id: theme.id, kind: theme.kind, label: theme.label });

export const presentTag = (tag: ThemeRow) => ({
  id: tag.id,
  name: tag.label,
  created_at: tag.created_at.toISOString(),
});

export const presentRule = (rule: TagRuleRow) => ({
  id: rule.id,
  tag_id: rule.tag_id,
  match: rule.match,
  pattern: rule.pattern,
  created_at: rule.created_at.toISOString(),
});

export const presentRun = (run: RunRow) => ({
  id: run.id,
  kind: run.kind,
  reason: run.reason,
  status: run.status,
  total: run.total,
  processed: run.processed,
  progress:
    run.status === 'done'
      ? 1
      : run.total
        ? Math.min(1, round(run.processed / run.total, 4))
        : run.total === 0
          ? 1
          : null,
  error: run.error,
  created_at: run.created_at.toISOString(),
  started_at: run.started_at?.toISOString() ?? null,
  finished_at: run.finished_at?.toISOString() ?? null,
});
