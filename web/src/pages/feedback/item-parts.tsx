// Parts of an item shared by the inbox and the item page: its score with its NPS group, and its sentiment,
// themes and tags. Each says in words what its colour shows.
import type { InboxItem } from './api.ts';
import { groupLabel } from './inbox-view.ts';

export function ScoreBadge({ item }: { item: Pick<InboxItem, 'score' | 'group' | 'kind'> }) {
  if (item.score === null)
    return (
      <span className="inbox-score inbox-score-none">
        <span className="inbox-score-group">{item.kind === 'feedback' ? 'Feedback' : 'No score'}</span>
      </span>
    );
  return (
    <span className={`inbox-score${item.group ? ` inbox-score-${item.group}` : ''}`}>
      <span className="inbox-score-value">
        <span className="visually-hidden">Score </span>
        {item.score}
      </span>
      <span className="inbox-score-group">{item.group ? groupLabel(item.group) : 'Score'}</span>
    </span>
  );
}

export function ItemChips({ item }: { item: Pick<InboxItem, 'sentiment' | 'themes' | 'tags'> }) {
  if (!item.sentiment && item.themes.length === 0 && item.tags.length === 0) return null;
  return (
    <ul className="inbox-chips" aria-label="Sentiment, themes and tags">
      {item.sentiment ? (
        <li className={`inbox-chip inbox-chip-${item.sentiment.label}`}>
          {item.sentiment.label[0].toUpperCase()}
          {item.sentiment.label.slice(1)} sentiment
        </li>
      ) : null}
      {item.themes.map((theme) => (
        <li key={theme.id} className="inbox-chip inbox-chip-theme">
          <span className="visually-hidden">Theme: </span>
          {theme.label}
        </li>
      ))}
      {item.tags.map((tag) => (
        <li key={tag.id} className="inbox-chip inbox-chip-tag">
          <span className="visually-hidden">Tag: </span>#{tag.label}
        </li>
      ))}
    </ul>
  );
}
