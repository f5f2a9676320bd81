// The widget's decisions that need no browser: reading the script tag's options, matching the page,
// scroll depth and the retry schedule of queued submissions — pure, so they are tested in Node.

export interface WidgetOptions {
  /** The publishable key (heed_pk_…): it may only ask eligibility and submit, never read. */
  key: string;
  /** Where Heed answers: the folder the script was loaded from, unless data-api says otherwise. */
  api: string;
  survey?: string;
  mode: 'survey' | 'feedback';
  /** Path patterns (glob with `*`, else a substring); empty shows on every page. */
  urls: string[];
  delayS: number;
  scrollPercent: number;
  returningOnly: boolean;
  triggerEvent?: string;
  /** After a survey was shown in this browser it is not shown here again for this many days. */
  cooldownDays: number;
  position: 'right' | 'left';
  label: string;
  color?: string;
}

const number = (value: string | undefined, fallback: number, min: number, max: number): number => {
  const parsed = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback;
};

/** The options of a script tag's data-* attributes (its `dataset`) loaded from `scriptSrc`. */
export function parseOptions(data: Record<string, string | undefined>, scriptSrc: string): WidgetOptions {
  return {
    key: data.key ?? '',
    api: new URL('.', data.api ? new URL(`${data.api.replace(/\/*$/, '')}/`, scriptSrc) : scriptSrc).href,
    survey: data.survey || undefined,
    mode: data.mode === 'feedback' ? 'feedback' : 'survey',
    urls: (data.url ?? '').split(/\s+/).filter(Boolean),
    delayS: number(data.delay, 0, 0, 86_400),
    scrollPercent: number(data.scroll, 0, 0, 100),
    returningOnly: data.returning === 'true' || data.returning === '',
    triggerEvent: data.triggerEvent || undefined,
    cooldownDays: number(data.cooldownDays, 30, 0, 3650),
    position: data.position === 'left' ? 'left' : 'right',
    label: data.label || 'Feedback',
    color: data.color || undefined,
  };
}

/** Whether a path matches any pattern: `*` matches any run of characters over the whole path; without one, a substring. */
export function urlMatches(patterns: string[], pathname: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) => {
    if (!pattern.includes('*')) return pathname.includes(pattern);
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${source}$`).test(pathname);
  });
}

/** How far down the page the visitor has seen, in percent; a page shorter than the window is seen whole. */
export function scrolledPercent(scrollY: number, viewportHeight: number, pageHeight: number): number {
  if (pageHeight <= viewportHeight) return 100;
  return Math.min(100, ((scrollY + viewportHeight) / pageHeight) * 100);
}

/** Wait before the next attempt of a queued submission after `tries` failures: 5 s doubling, at most 10 min. */
export function retryDelayMs(tries: number): number {
  return Math.min(600_000, 5_000 * 2 ** Math.max(0, tries - 1));
}

/** Queued submissions older than this are given up: a week offline is a different visit. */
export const outboxMaxAgeMs = 7 * 86_400_000;
