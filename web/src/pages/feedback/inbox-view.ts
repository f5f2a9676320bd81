// What the Feedback pages show, as pure functions: the filters a URL holds and the query they send, how an
// item reads (score and group, who, where), and the CSV of the items shown.
import type { Cell } from '../../lib/csv.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { UrlState } from '../../lib/url-state.ts';
import type { InboxItem, NpsGroup } from './api.ts';

/** The filters the inbox keeps in its URL, so a view can be shared and comes back on reload. */
export const filterKeys = [
  'q',
  'kind',
  'survey_id',
  'group',
  'channel',
  'segment',
  'sentiment',
  'theme_id',
  'customer_id',
  'from',
  'to',
] as const;
export type FilterKey = (typeof filterKeys)[number];
export type InboxFilters = UrlState<FilterKey>;

export const kinds = [
  { value: 'response', label: 'Survey responses' },
  { value: 'feedback', label: 'Feedback' },
] as const;

export const groups: ReadonlyArray<{ value: NpsGroup; label: string; range: string }> = [
  { value: 'promoter', label: 'Promoter', range: '9–10' },
  { value: 'passive', label: 'Passive', range: '7–8' },
  { value: 'detractor', label: 'Detractor', range: '0–6' },
];

/** The channels the API records, in the words a customer-facing team uses. */
export const channels = [
  { value: 'link', label: 'Survey link' },
  { value: 'web', label: 'Web widget' },
  { value: 'in_app', label: 'In-app' },
  { value: 'email', label: 'E-mail' },
  { value: 'sms', label: 'SMS' },
  { value: 'chat', label: 'Chat' },
  { value: 'phone', label: 'Phone' },
  { value: 'review', label: 'Review' },
  { value: 'import', label: 'Import' },
  { value: 'api', label: 'API' },
  { value: 'other', label: 'Other' },
] as const;

export const sentiments = [
  { value: 'positive', label: 'Positive' },
  { value: 'neutral', label: 'Neutral' },
  { value: 'negative', label: 'Negative' },
] as const;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = (options: ReadonlyArray<{ value: string }>, value: string | undefined) =>
  options.some((option) => option.value === value) ? value : undefined;
const matching = (pattern: RegExp, value: string | undefined) =>
  value !== undefined && pattern.test(value) ? value : undefined;

/** Whether a search has something to look for: the API finds words, and refuses punctuation alone. */
export const searchable = (q: string | undefined) => q !== undefined && /[\p{L}\p{N}]/u.test(q);

/**
 * The query GET /v1/inbox is asked with. A value the API would refuse (a mistyped shared link) is left out,
 * so the page shows what the rest of the filters match rather than an error.
 */
export function inboxParams(filters: InboxFilters): Partial<Record<FilterKey, string>> {
  return {
    q: searchable(filters.q) ? filters.q?.trim() : undefined,
    kind: oneOf(kinds, filters.kind),
    survey_id: matching(uuidPattern, filters.survey_id),
    group: oneOf(groups, filters.group),
    channel: oneOf(channels, filters.channel),
    segment: filters.segment,
    sentiment: oneOf(sentiments, filters.sentiment),
    theme_id: matching(uuidPattern, filters.theme_id),
    customer_id: matching(uuidPattern, filters.customer_id),
    from: matching(dayPattern, filters.from),
    to: matching(dayPattern, filters.to),
  };
}

/** Whether any filter narrows the list (then an empty list means "no match", not "nothing yet"). */
export const isFiltered = (filters: InboxFilters) =>
  Object.values(inboxParams(filters)).some((value) => value !== undefined);

/** Every filter removed: the URL change that "Clear filters" makes. */
export const noFilters = Object.fromEntries(filterKeys.map((key) => [key, undefined])) as Record<
  FilterKey,
  undefined
>;

export const channelLabel = (channel: string) =>
  channels.find((option) => option.value === channel)?.label ?? channel;

export const groupLabel = (group: NpsGroup) =>
  groups.find((option) => option.value === group)?.label ?? group;

/** The score as it reads beside an item: "3 · Detractor" for NPS, the bare score otherwise. */
export function scoreText(item: Pick<InboxItem, 'score' | 'group'>): string | null {
  if (item.score === null) return null;
  return item.group ? `${item.score} · ${groupLabel(item.group)}` : String(item.score);
}

/** What an item is: the survey a response answers, or where a piece of feedback came from. */
export function itemTitle(item: Pick<InboxItem, 'kind' | 'survey' | 'source' | 'channel'>): string {
  if (item.kind === 'response') return item.survey ? item.survey.name : 'Survey response';
  return item.source ? `Feedback from ${item.source}` : `Feedback via ${channelLabel(item.channel)}`;
}

/** Who wrote it, by the most human name known. */
export function customerLabel(customer: InboxItem['customer']): string {
  if (!customer) return 'Anonymous';
  return customer.name || customer.email || customer.external_id || 'Unnamed customer';
}

/** Where an item opens, relative to the Feedback section. */
export const itemHref = (item: Pick<InboxItem, 'kind' | 'id'>) =>
  `/${item.kind}/${encodeURIComponent(item.id)}`;

export const csvColumns = [
  'submitted_at',
  'kind',
  'survey',
  'score',
  'nps_group',
  'text',
  'channel',
  'source',
  'segment',
  'customer_name',
  'customer_email',
  'customer_external_id',
  'sentiment',
  'themes',
  'tags',
  'id',
] as const;

/** One CSV row per item shown, in the columns above; lists of themes and tags are joined with "; ". */
export function csvRows(items: readonly InboxItem[]): Cell[][] {
  return items.map((item) => [
    item.submitted_at,
    item.kind,
    item.survey?.name,
    item.score,
    item.group,
    item.text,
    item.channel,
    item.source,
    item.segment,
    item.customer?.name,
    item.customer?.email,
    item.customer?.external_id,
    item.sentiment?.label,
    item.themes.map((theme) => theme.label).join('; '),
    item.tags.map((tag) => tag.label).join('; '),
    item.id,
  ]);
}

/** A line of facts under an item's title: when, where, and the segment it counts in. */
export function itemFacts(item: Pick<InboxItem, 'submitted_at' | 'channel' | 'segment'>): string {
  return [formatDateTime(item.submitted_at), channelLabel(item.channel), item.segment]
    .filter((part): part is string => Boolean(part))
    .join(' · ');
}

/** An answer to a further question, as text: lists joined, anything else written out. */
export function answerText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.map(answerText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
