// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ItemChips, ScoreBadge } from './item-parts.tsx';

afterEach(cleanup);

describe('an item’s score and chips', () => {
  it('says the NPS group in words beside the score, not by colour alone', () => {
    const { container } = render(<ScoreBadge item={{ kind: 'response', score: 3, group: 'detractor' }} />);
    expect(container.textContent).toBe('Score 3Detractor');
    expect(container.querySelector('.inbox-score-detractor')).not.toBeNull();
  });

  it('marks a score without a group plainly, and feedback as feedback', () => {
    expect(
      render(<ScoreBadge item={{ kind: 'response', score: 4, group: null }} />).container.textContent,
    ).toBe('Score 4Score');
    cleanup();
    expect(
      render(<ScoreBadge item={{ kind: 'feedback', score: null, group: null }} />).container.textContent,
    ).toBe('Feedback');
  });

  it('lists sentiment, themes and tags as text, even when a label looks like markup', () => {
    render(
      <ItemChips
        item={{
          sentiment: { label: 'negative', score: -0.5 },
          themes: [{ id: 't1', label: 'Checkout', source: 'auto' }],
          tags: [{ id: 't2', label: '<img src=x onerror=alert(1)>', source: 'manual' }],
        }}
      />,
    );
    const list = screen.getByRole('list', { name: 'Sentiment, themes and tags' });
    expect([...list.querySelectorAll('li')].map((chip) => chip.textContent)).toEqual([
      'Negative sentiment',
      'Theme: Checkout',
      'Tag: #<img src=x onerror=alert(1)>',
    ]);
    expect(list.querySelector('img')).toBeNull();
  });

  it('shows nothing for an item not analysed yet and without tags', () => {
    const { container } = render(<ItemChips item={{ sentiment: null, themes: [], tags: [] }} />);
    expect(container.innerHTML).toBe('');
  });
});
