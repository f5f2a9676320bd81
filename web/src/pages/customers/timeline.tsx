// A customer's timeline: every response, feedback item and event, newest first, a page at a time ("Load
// more"). Comments, texts, answers and properties are the customer's or an integration's words: shown as text.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { type ApiError, get } from '../../api/client.ts';
import { EmptyState, QueryStatus } from '../../components/page.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { paths, type TimelineItem, type TimelinePage } from './api.ts';
import { eventTitle, formatMinor, scoreBand, traitEntries } from './view.ts';

const pageSize = 25;

export function Timeline({ customerId }: { customerId: string }) {
  const timeline = useInfiniteQuery<TimelinePage, ApiError>({
    queryKey: [paths.timeline(customerId), 'pages'],
    queryFn: ({ pageParam }) =>
      get<TimelinePage>(paths.timeline(customerId), { limit: pageSize, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const list = useRef<HTMLOListElement>(null);
  const items = timeline.data?.pages.flatMap((page) => page.data) ?? [];

  async function loadMore() {
    const shown = items.length;
    await timeline.fetchNextPage();
    // Keyboard users continue from the first new item rather than from the top of the page.
    list.current?.querySelectorAll<HTMLElement>('.touchpoint-entry')[shown]?.focus();
  }

  return (
    <section className="section" aria-labelledby="customer-timeline">
      <h2 id="customer-timeline">Timeline</h2>
      <QueryStatus isLoading={timeline.isLoading} error={timeline.error} />
      {timeline.data && items.length === 0 ? (
        <EmptyState title="No touchpoints yet">
          <p>Responses, feedback and events that name this customer will be listed here, newest first.</p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <ol className="touchpoints" ref={list} aria-label="Touchpoints, newest first">
          {items.map((item) => (
            <li
              key={`${item.kind}-${item.id}`}
              className={`touchpoint-entry touchpoint-${item.kind}`}
              tabIndex={-1}
            >
              <TimelineEntry item={item} />
            </li>
          ))}
        </ol>
      ) : null}
      {timeline.hasNextPage ? (
        <button
          type="button"
          className="secondary touchpoint-more"
          onClick={loadMore}
          disabled={timeline.isFetchingNextPage}
        >
          {timeline.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}

const kindLabels = { response: 'Response', feedback: 'Feedback', event: 'Event' } as const;

export function TimelineEntry({ item }: { item: TimelineItem }) {
  return (
    <>
      <p className="touchpoint-meta">
        <span className="touchpoint-kind">{kindLabels[item.kind]}</span>
        <time dateTime={item.at}>{formatDateTime(item.at)}</time>
      </p>
      {item.kind === 'response' ? <ResponseEntry item={item} /> : null}
      {item.kind === 'feedback' ? <FeedbackEntry item={item} /> : null}
      {item.kind === 'event' ? <EventEntry item={item} /> : null}
    </>
  );
}

function ResponseEntry({ item }: { item: Extract<TimelineItem, { kind: 'response' }> }) {
  const band =
    item.score === null
      ? null
      : scoreBand(item.survey.kind, item.score, { min: item.survey.scale_min, max: item.survey.scale_max });
  const answers = traitEntries(item.answers);
  return (
    <>
      <p className="touchpoint-title">
        {item.survey.name}
        {item.score !== null ? (
          <>
            {' '}
            · score <strong>{item.score}</strong>
            {item.survey.scale_max !== null ? (
              <span className="customer-muted"> of {item.survey.scale_max}</span>
            ) : null}
          </>
        ) : null}
        {band ? <span className={`customer-badge customer-badge-${band.tone}`}>{band.label}</span> : null}
        <span className="customer-muted"> · via {item.channel}</span>
      </p>
      {item.comment ? <p className="touchpoint-text">{item.comment}</p> : null}
      {answers.length > 0 ? <Pairs pairs={answers} /> : null}
      <SentimentNote sentiment={item.sentiment} />
    </>
  );
}

function FeedbackEntry({ item }: { item: Extract<TimelineItem, { kind: 'feedback' }> }) {
  return (
    <>
      <p className="touchpoint-title">
        Feedback via {item.channel}
        {item.source ? <span className="customer-muted"> · {item.source}</span> : null}
      </p>
      <p className="touchpoint-text">{item.text}</p>
      <SentimentNote sentiment={item.sentiment} />
    </>
  );
}

function EventEntry({ item }: { item: Extract<TimelineItem, { kind: 'event' }> }) {
  const properties = traitEntries(item.properties);
  return (
    <>
      <p className="touchpoint-title">
        {eventTitle(item.type, item.name)}
        {item.amount !== null && item.currency ? <> · {formatMinor(item.amount, item.currency)}</> : null}
      </p>
      {properties.length > 0 ? <Pairs pairs={properties} /> : null}
    </>
  );
}

function Pairs({ pairs }: { pairs: Array<[string, string]> }) {
  return (
    <dl className="touchpoint-pairs">
      {pairs.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SentimentNote({
  sentiment,
}: {
  sentiment: Extract<TimelineItem, { kind: 'feedback' }>['sentiment'];
}) {
  if (!sentiment) return null;
  const tone = sentiment.label === 'positive' ? 'good' : sentiment.label === 'negative' ? 'bad' : 'neutral';
  return (
    <span
      className={`customer-badge customer-badge-${tone}`}
    >{`${sentiment.label[0].toUpperCase()}${sentiment.label.slice(1)} sentiment`}</span>
  );
}
