// `heed themes` and `heed drivers`: the API's figures as tables a person reads, or the API's JSON.
import { presentDriver, presentThemeSummary } from '../domains/text/present.ts';
import type { TextService } from '../domains/text/service.ts';
import { alignedTable } from './metrics.ts';

type ThemeFigures = Awaited<ReturnType<TextService['listThemeFigures']>>;
type Drivers = Awaited<ReturnType<TextService['drivers']>>;

export function themesJson({ window, all, figures }: ThemeFigures) {
  return {
    from_week: window.fromWeek,
    to_week: window.toWeek,
    comments: all.comments,
    data: figures.map((f) => presentThemeSummary(f.theme, f.totals, all, window)),
  };
}

export function themesTable(result: ThemeFigures): string {
  const json = themesJson(result);
  if (json.data.length === 0) {
    return `No themes yet (${json.comments} analysed comments from ${json.from_week} to ${json.to_week}). Themes are found once a workspace has 20 comments, within 15 minutes; \`POST /v1/analysis-runs {"kind":"retheme"}\` finds them now.`;
  }
  const percent = (value: number | null) => (value === null ? null : `${(100 * value).toFixed(1)}%`);
  return `${alignedTable(
    ['theme', 'kind', 'comments', 'share', 'sentiment', 'NPS', 'CSAT %'],
    json.data.map((t) => [
      t.label,
      t.kind,
      t.volume,
      percent(t.share),
      t.sentiment.average === null ? null : t.sentiment.average.toFixed(2),
      t.nps?.score ?? null,
      t.csat?.score ?? null,
    ]),
  )}\n\n${json.comments.toLocaleString('en')} analysed comments, weeks ${json.from_week} to ${json.to_week}.`;
}

export function driversJson(result: Drivers) {
  return {
    metric: result.metric,
    from_week: result.window.fromWeek,
    to_week: result.window.toWeek,
    data: result.drivers.map((d) => presentDriver(d.theme, d.impact)),
  };
}

export function driversTable(result: Drivers): string {
  const json = driversJson(result);
  if (json.data.length === 0)
    return `No themes with ${result.metric.toUpperCase()} responses in this window.`;
  const name = result.metric.toUpperCase();
  return alignedTable(
    ['theme', `${name} with`, `${name} without`, 'difference (95% CI)', 'potential gain', 'n with'],
    json.data.map((d) => [
      d.theme.label,
      d.with_theme.score,
      d.without_theme.score,
      `${d.difference.value.toFixed(1)} (${d.difference.low.toFixed(1)} to ${d.difference.high.toFixed(1)})${d.difference.significant ? '' : ' ns'}`,
      d.potential_gain.value,
      d.with_theme.n,
    ]),
  );
}
