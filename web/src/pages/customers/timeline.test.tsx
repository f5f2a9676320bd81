// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TimelineItem } from './api.ts';
import { TimelineEntry } from './timeline.tsx';

afterEach(cleanup);

const markup = '<img src=x onerror="window.__xss=1">';
const script = '<script>window.__xss=1</script>';
const survey = { id: 's', name: 'Relationship NPS', kind: 'nps' as const, scale_min: 0, scale_max: 10 };

function shown(item: TimelineItem) {
  const { container } = render(<TimelineEntry item={item} />);
  return {
    container,
    title: container.querySelector('.touchpoint-title')?.textContent,
    texts: [...container.querySelectorAll('.touchpoint-text')].map((node) => node.textContent),
    pairs: [...container.querySelectorAll('.touchpoint-pairs div')].map((node) => [
      node.querySelector('dt')?.textContent,
      node.querySelector('dd')?.textContent,
    ]),
  };
}

describe('a touchpoint on the timeline', () => {
  it('shows a response’s survey, score and band, channel, comment and sentiment', () => {
    const entry = shown({
      kind: 'response',
      id: 'r',
      at: '2026-03-01T10:00:00.000Z',
      channel: 'email',
      survey,
      score: 3,
      comment: 'Setup was painful',
      answers: null,
      sentiment: { label: 'negative', score: -0.6 },
    });
    expect(entry.title).toBe('Relationship NPS · score 3 of 10Detractor · via email');
    expect(entry.texts).toEqual(['Setup was painful']);
    expect(entry.container.textContent).toContain('Negative sentiment');
    expect(entry.container.querySelector('time')?.getAttribute('datetime')).toBe('2026-03-01T10:00:00.000Z');
  });

  it('shows an event’s title, amount and properties', () => {
    const entry = shown({
      kind: 'event',
      id: 'e',
      at: '2026-03-01T10:00:00.000Z',
      type: 'purchase',
      name: null,
      amount: 1999,
      currency: 'USD',
      properties: { sku: 'pro-monthly', seats: 3 },
    });
    const price = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(19.99);
    expect(entry.title).toBe(`Purchase · ${price}`);
    expect(entry.pairs).toEqual([
      ['seats', '3'],
      ['sku', 'pro-monthly'],
    ]);
  });

  it('renders markup in comments, feedback, answers and properties as text, creating no elements from it', () => {
    const response = shown({
      kind: 'response',
      id: 'r',
      at: '2026-03-01T10:00:00.000Z',
      channel: 'web',
      survey: { ...survey, name: markup, kind: 'custom' },
      score: null,
      comment: markup,
      answers: { [script]: markup },
      sentiment: null,
    });
    expect(response.texts).toEqual([markup]);
    expect(response.pairs).toEqual([[script, markup]]);
    const feedback = shown({
      kind: 'feedback',
      id: 'f',
      at: '2026-03-01T10:00:00.000Z',
      channel: 'chat',
      source: script,
      text: script,
      sentiment: null,
    });
    expect(feedback.texts).toEqual([script]);
    const event = shown({
      kind: 'event',
      id: 'e',
      at: '2026-03-01T10:00:00.000Z',
      type: 'custom',
      name: markup,
      amount: null,
      currency: null,
      properties: { note: script },
    });
    expect(event.title).toBe(markup);
    for (const { container } of [response, feedback, event]) {
      expect(container.querySelectorAll('img, script, a')).toHaveLength(0);
    }
  });
});
