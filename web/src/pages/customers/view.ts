// How the Customers pages word and shape what the API answers: names, money in minor units, score bands,
// event titles, traits as text, the score chart's series and table, and the list's page cursors in the URL.
import type { Cell } from '../../lib/csv.ts';
import type { Customer, CustomerSummary, EventType, SurveyKind } from './api.ts';

/** What to call a customer: their name, else the first identity they have. */
export function customerName(customer: Pick<Customer, 'name' | 'email' | 'external_id' | 'phone'>): string {
  return (
    customer.name?.trim() || customer.email || customer.external_id || customer.phone || 'Unnamed customer'
  );
}

/** How many digits a currency's minor unit has (2 for USD, 0 for JPY); 2 for a code the browser does not know. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/** An amount in minor units (cents) as money: 1999 USD → "$19.99". */
export function formatMinor(amount: number, currency: string, options: { whole?: boolean } = {}): string {
  const major = amount / 10 ** minorDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      ...(options.whole ? { maximumFractionDigits: 0, minimumFractionDigits: 0 } : {}),
    }).format(major);
  } catch {
    return `${major.toFixed(options.whole ? 0 : 2)} ${currency}`;
  }
}

export interface ScoreBand {
  label: string;
  tone: 'good' | 'neutral' | 'bad';
}

/**
 * What a score means on its survey: NPS promoter (9–10), passive (7–8) or detractor (0–6); CSAT satisfied in
 * the top two boxes of its scale; CES easy at 5–7. Custom surveys have no band.
 */
export function scoreBand(
  kind: SurveyKind,
  score: number,
  scale: { min: number | null; max: number | null },
): ScoreBand | null {
  if (kind === 'nps') {
    if (score >= 9) return { label: 'Promoter', tone: 'good' };
    if (score >= 7) return { label: 'Passive', tone: 'neutral' };
    return { label: 'Detractor', tone: 'bad' };
  }
  if (kind === 'csat' && scale.max !== null)
    return score >= scale.max - 1
      ? { label: 'Satisfied', tone: 'good' }
      : { label: 'Not satisfied', tone: 'bad' };
  if (kind === 'ces')
    return score >= 5 ? { label: 'Easy', tone: 'good' } : { label: 'Not easy', tone: 'bad' };
  return null;
}

const eventTitles: Record<Exclude<EventType, 'custom'>, string> = {
  signed_up: 'Signed up',
  purchase: 'Purchase',
  subscription_started: 'Subscription started',
  subscription_cancelled: 'Subscription cancelled',
  churned: 'Churned',
};

export function eventTitle(type: EventType, name: string | null): string {
  return type === 'custom' ? name || 'Custom event' : eventTitles[type];
}

/** A JSON value as one line of text: strings as they are, anything else as JSON. Never markup. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Traits (or properties) as [name, text] pairs in name order. */
export function traitEntries(traits: Record<string, unknown> | null): Array<[string, string]> {
  return Object.entries(traits ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => [key, valueText(value)]);
}

export interface ScoreSeries {
  surveyId: string;
  name: string;
  /** [time in ms, score], oldest first. */
  points: Array<[number, number]>;
}

/** One line per survey the customer scored in, in the summary's survey order. */
export function scoreSeries(summary: Pick<CustomerSummary, 'scores' | 'score_history'>): ScoreSeries[] {
  return summary.scores
    .map((entry) => ({
      surveyId: entry.survey.id,
      name: entry.survey.name,
      points: summary.score_history
        .filter((point) => point.survey_id === entry.survey.id)
        .map((point) => [Date.parse(point.at), point.score] as [number, number]),
    }))
    .filter((series) => series.points.length > 0);
}

/** The score chart's table: one row per score, oldest first. */
export function scoreTable(summary: Pick<CustomerSummary, 'scores' | 'score_history'>): {
  columns: string[];
  rows: Cell[][];
} {
  const names = new Map(summary.scores.map((entry) => [entry.survey.id, entry.survey.name]));
  return {
    columns: ['Date', 'Survey', 'Score'],
    rows: summary.score_history.map((point) => [
      point.at.slice(0, 10),
      names.get(point.survey_id) ?? point.survey_id,
      point.score,
    ]),
  };
}

// The list's pages: the cursors that led to the current page, kept in the URL as `pages=c1.c2` so a shared
// link opens the same page and Previous works however the page was reached. Cursors are base64url: no dots.

export function cursorsOf(pages: string | undefined): string[] {
  return pages ? pages.split('.').filter((cursor) => /^[A-Za-z0-9_-]+$/.test(cursor)) : [];
}

export function pagesParam(cursors: string[]): string | undefined {
  return cursors.length > 0 ? cursors.join('.') : undefined;
}
