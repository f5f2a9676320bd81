import { describe, expect, it } from 'vitest';
import { toCsv } from '../../lib/csv.ts';
import { parseSearch, withChanges } from '../../lib/url-state.ts';
import type { InboxItem } from './api.ts';
import {
  answerText,
  csvColumns,
  csvRows,
  customerLabel,
  filterKeys,
  inboxParams,
  isFiltered,
  itemHref,
  itemTitle,
  noFilters,
  scoreText,
} from './inbox-view.ts';

const surveyId = '0194f3a2-1111-7000-8000-000000000001';
const themeId = '0194f3a2-2222-7000-8000-000000000002';

const detractor: InboxItem = {
  kind: 'response',
  id: '0194f3a2-3333-7000-8000-000000000003',
  survey: { id: surveyId, name: 'Relationship NPS', kind: 'nps' },
  score: 3,
  group: 'detractor',
  text: 'Checkout broke, "again",\nand =SUM(A1) too',
  source: null,
  channel: 'email',
  segment: 'enterprise',
  submitted_at: '2026-01-02T10:00:00.000Z',
  customer: {
    id: '0194f3a2-4444-7000-8000-000000000004',
    name: 'Ada',
    email: 'ada@example.com',
    external_id: 'a1',
  },
  sentiment: { label: 'negative', score: -0.6 },
  themes: [{ id: themeId, label: 'Checkout', source: 'auto' }],
  tags: [
    { id: '0194f3a2-5555-7000-8000-000000000005', label: 'Billing', source: 'manual' },
    { id: '0194f3a2-6666-7000-8000-000000000006', label: 'Urgent', source: 'rule' },
  ],
};
const feedback: InboxItem = {
  ...detractor,
  kind: 'feedback',
  id: '0194f3a2-7777-7000-8000-000000000007',
  survey: null,
  score: null,
  group: null,
  text: 'Dark mode please',
  source: 'g2',
  channel: 'review',
  customer: null,
  sentiment: null,
  themes: [],
  tags: [],
};

describe('filters in the URL and the query they send', () => {
  it('round-trips every filter through the query string', () => {
    const filters = {
      q: 'slow refund',
      kind: 'response',
      survey_id: surveyId,
      group: 'detractor',
      channel: 'email',
      segment: 'mid market',
      sentiment: 'negative',
      theme_id: themeId,
      from: '2026-01-01',
      to: '2026-01-31',
    };
    const search = withChanges('', filters);
    expect(parseSearch(search, filterKeys)).toEqual(filters);
    expect(inboxParams(parseSearch(search, filterKeys))).toEqual({ ...filters, customer_id: undefined });
  });

  it('leaves out what the API would refuse, so a mangled link lists what the rest matches', () => {
    expect(
      inboxParams({
        q: '?!',
        kind: 'tweet',
        survey_id: 'not-an-id',
        group: 'champion',
        channel: 'fax',
        sentiment: 'angry',
        theme_id: '42',
        customer_id: 'x',
        from: 'yesterday',
        to: '2026-1-5',
      }),
    ).toEqual(Object.fromEntries(filterKeys.map((key) => [key, undefined])));
    expect(inboxParams({ q: '  refund  ' }).q).toBe('refund');
  });

  it('counts as filtered only when a usable filter is set, and clears every one', () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ group: 'champion' })).toBe(false);
    expect(isFiltered({ group: 'detractor' })).toBe(true);
    expect(isFiltered({ segment: 'smb' })).toBe(true);
    expect(withChanges('?group=detractor&q=slow&customer_id=x&other=kept', noFilters)).toBe('?other=kept');
  });
});

describe('how an item reads', () => {
  it('writes the score with its NPS group, or alone, or not at all', () => {
    expect(scoreText(detractor)).toBe('3 · Detractor');
    expect(scoreText({ score: 4, group: null })).toBe('4');
    expect(scoreText({ score: 0, group: 'detractor' })).toBe('0 · Detractor');
    expect(scoreText(feedback)).toBeNull();
  });

  it('titles a response by its survey and feedback by where it came from', () => {
    expect(itemTitle(detractor)).toBe('Relationship NPS');
    expect(itemTitle(feedback)).toBe('Feedback from g2');
    expect(itemTitle({ ...feedback, source: null, channel: 'in_app' })).toBe('Feedback via In-app');
    expect(itemTitle({ ...feedback, source: null, channel: 'carrier-pigeon' })).toBe(
      'Feedback via carrier-pigeon',
    );
  });

  it('names the customer by name, then e-mail, then id, and says when nobody is known', () => {
    expect(customerLabel(detractor.customer)).toBe('Ada');
    expect(customerLabel({ id: 'c', name: null, email: 'bo@example.com', external_id: 'b' })).toBe(
      'bo@example.com',
    );
    expect(customerLabel({ id: 'c', name: '', email: null, external_id: 'b7' })).toBe('b7');
    expect(customerLabel(null)).toBe('Anonymous');
  });

  it('links to the item by kind and id, inside the Feedback section', () => {
    expect(itemHref(detractor)).toBe(`/response/${detractor.id}`);
    expect(itemHref(feedback)).toBe(`/feedback/${feedback.id}`);
  });

  it('writes answers of any shape as text', () => {
    expect([
      answerText('Yes'),
      answerText(4),
      answerText(['a', 'b']),
      answerText(null),
      answerText({ x: 1 }),
    ]).toEqual(['Yes', '4', 'a, b', '—', '{"x":1}']);
  });
});

describe('the CSV of the items shown', () => {
  it('has one row per item in the columns, lists joined, quotes and line breaks escaped', () => {
    const rows = csvRows([detractor, feedback]);
    expect(rows).toEqual([
      [
        '2026-01-02T10:00:00.000Z',
        'response',
        'Relationship NPS',
        3,
        'detractor',
        'Checkout broke, "again",\nand =SUM(A1) too',
        'email',
        null,
        'enterprise',
        'Ada',
        'ada@example.com',
        'a1',
        'negative',
        'Checkout',
        'Billing; Urgent',
        detractor.id,
      ],
      [
        '2026-01-02T10:00:00.000Z',
        'feedback',
        undefined,
        null,
        null,
        'Dark mode please',
        'review',
        'g2',
        'enterprise',
        undefined,
        undefined,
        undefined,
        undefined,
        '',
        '',
        feedback.id,
      ],
    ]);
    expect(rows[0]).toHaveLength(csvColumns.length);
    const csv = toCsv(csvColumns, rows);
    expect(csv.split('\r\n')[0]).toBe(csvColumns.join(','));
    expect(csv).toContain('"Checkout broke, ""again"",\nand =SUM(A1) too"');
  });
});
