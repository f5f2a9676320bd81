// Feedback › the inbox: every response and feedback item from every channel, newest first, filtered and
// searched on the server; the filters live in the URL so a view can be shared. Everything customers wrote is
// rendered as text, never as markup or a link.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { type ApiError, get, useGet } from '../../api/client.ts';
import { EmptyState, Page } from '../../components/page.tsx';
import { downloadCsv } from '../../lib/csv.ts';
import { formatCount } from '../../lib/format.ts';
import { useUrlState } from '../../lib/url-state.ts';
import {
  type InboxPage as InboxAnswer,
  type InboxItem,
  paths,
  type SurveyOption,
  type ThemeOption,
} from './api.ts';
import {
  channels,
  csvColumns,
  csvRows,
  customerLabel,
  filterKeys,
  groups,
  type InboxFilters,
  inboxParams,
  isFiltered,
  itemFacts,
  itemHref,
  itemTitle,
  kinds,
  noFilters,
  searchable,
  sentiments,
} from './inbox-view.ts';
import { ItemChips, ScoreBadge } from './item-parts.tsx';

const pageSize = 50;

export function InboxPage() {
  const [filters, setFilters] = useUrlState(filterKeys);
  const params = inboxParams(filters);
  const list = useInfiniteQuery<InboxAnswer, ApiError>({
    queryKey: [paths.inbox, 'pages', params],
    queryFn: ({ pageParam }) =>
      get<InboxAnswer>(paths.inbox, { ...params, limit: pageSize, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // The list of the previous filters stays (marked busy) until the new one arrives, rather than blinking out.
    placeholderData: keepPreviousData,
  });
  const updating = list.isPlaceholderData;
  const items = list.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = isFiltered(filters);
  const loaded = list.data !== undefined;
  // After "Load more", focus moves to the first new item, so a keyboard reader continues where they were.
  const listRef = useRef<HTMLUListElement>(null);
  const firstNew = useRef<number | null>(null);
  useEffect(() => {
    if (firstNew.current === null || items.length <= firstNew.current) return;
    listRef.current?.querySelectorAll<HTMLAnchorElement>('.inbox-item-title a')[firstNew.current]?.focus();
    firstNew.current = null;
  }, [items.length]);
  function loadMore() {
    firstNew.current = items.length;
    list.fetchNextPage();
  }

  return (
    <Page
      title="Feedback"
      subtitle="Every survey response and piece of feedback, from every channel, newest first."
      actions={
        <button
          type="button"
          className="secondary"
          disabled={items.length === 0}
          onClick={() =>
            downloadCsv(`feedback-${new Date().toISOString().slice(0, 10)}`, csvColumns, csvRows(items))
          }
        >
          Download CSV
        </button>
      }
    >
      <Filters filters={filters} onChange={(changes) => setFilters(changes)} />
      {filters.q && !searchable(filters.q) ? (
        <p className="card-muted" role="status">
          Search looks for words: type a letter or digit.
        </p>
      ) : null}
      {list.error ? <ProblemText error={list.error} /> : null}
      {list.isLoading ? (
        <p className="card-muted" aria-busy="true">
          Loading…
        </p>
      ) : null}

      {loaded && items.length === 0 && !filtered ? (
        <EmptyState title="No feedback yet">
          <p>
            Survey responses and feedback from every channel — the survey link, the web widget, e-mail, SMS,
            the API and imports — land here as they arrive.
          </p>
          <p>
            Share your survey link or add the widget — see <Link href="~/surveys">Surveys</Link>.
          </p>
        </EmptyState>
      ) : null}
      {loaded && items.length === 0 && filtered ? (
        <EmptyState title="Nothing matches these filters">
          <p>No response or feedback item matches every filter you chose.</p>
          <button type="button" className="secondary" onClick={() => setFilters(noFilters)}>
            Clear filters
          </button>
        </EmptyState>
      ) : null}

      {items.length > 0 ? (
        <>
          <p className="inbox-count" aria-live="polite">
            Showing {formatCount(items.length)} {items.length === 1 ? 'item' : 'items'}
            {list.hasNextPage ? ' — there are more' : ''}
          </p>
          <ul
            ref={listRef}
            className={updating ? 'inbox-list inbox-updating' : 'inbox-list'}
            aria-label="Responses and feedback, newest first"
            aria-busy={updating}
          >
            {items.map((item) => (
              <InboxRow key={`${item.kind}-${item.id}`} item={item} />
            ))}
          </ul>
        </>
      ) : null}
      {list.hasNextPage && !updating ? (
        <button
          type="button"
          className="secondary inbox-more"
          disabled={list.isFetchingNextPage}
          onClick={loadMore}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </Page>
  );
}

/** A refused query names its fields (e.g. a date range the wrong way round); anything else, its message. */
function ProblemText({ error }: { error: ApiError }) {
  const fields = error.fieldErrors.map(
    (problem) => `${problem.path.replace(/^querystring\./, '')} ${problem.message}`,
  );
  return (
    <p className="form-error" role="alert">
      {fields.length > 0 ? `The filters could not be used: ${fields.join('; ')}.` : error.message}
    </p>
  );
}

function InboxRow({ item }: { item: InboxItem }) {
  return (
    <li className="inbox-item">
      <ScoreBadge item={item} />
      <div className="inbox-item-body">
        <p className="inbox-item-title">
          {/* The list's filters go with the link, so "Back to the inbox" returns to this view. */}
          <Link href={itemHref(item)} state={{ listSearch: window.location.search }}>
            {itemTitle(item)}
          </Link>
          <span className="inbox-item-who"> — {customerLabel(item.customer)}</span>
        </p>
        <p className="inbox-item-facts">{itemFacts(item)}</p>
        {item.text ? (
          <p className="inbox-text inbox-text-clamped">{item.text}</p>
        ) : (
          <p className="inbox-text inbox-no-text">No comment</p>
        )}
        <ItemChips item={item} />
      </div>
    </li>
  );
}

interface FilterProps {
  filters: InboxFilters;
  onChange: (changes: Partial<InboxFilters>) => void;
}

function Filters({ filters, onChange }: FilterProps) {
  const surveys = useGet<{ data: SurveyOption[] }>(paths.surveys, { limit: 500 });
  const themes = useGet<{ data: ThemeOption[] }>(paths.themes);
  const segments = useGet<{ data: string[] }>(paths.segments);
  const gridId = useId();
  // On a phone the filters fold away behind a button, so the list starts on the first screen.
  const [open, setOpen] = useState(false);
  const active = Object.entries(inboxParams(filters)).filter(
    ([key, value]) => key !== 'q' && value !== undefined,
  ).length;
  const autoThemes = themes.data?.data.filter((theme) => theme.kind === 'auto') ?? [];
  const tags = themes.data?.data.filter((theme) => theme.kind === 'tag') ?? [];
  const select = (key: keyof InboxFilters) => ({
    value: filters[key] ?? '',
    onChange: (event: { target: { value: string } }) => onChange({ [key]: event.target.value || undefined }),
  });

  return (
    <div className="inbox-filters">
      <SearchBox value={filters.q ?? ''} onSearch={(q) => onChange({ q: q.trim() || undefined })} />
      <button
        type="button"
        className="secondary inbox-filters-toggle"
        aria-expanded={open}
        aria-controls={gridId}
        onClick={() => setOpen((shown) => !shown)}
      >
        Filters{active > 0 ? ` (${active} on)` : ''}
      </button>
      <div id={gridId} className={open ? 'filters inbox-filter-grid open' : 'filters inbox-filter-grid'}>
        <label>
          Kind
          <select {...select('kind')}>
            <option value="">All items</option>
            {kinds.map((kind) => (
              <option key={kind.value} value={kind.value}>
                {kind.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Survey
          <select {...select('survey_id')}>
            <option value="">All surveys</option>
            {surveys.data?.data.map((survey) => (
              <option key={survey.id} value={survey.id}>
                {survey.name}
                {survey.status === 'archived' ? ' (archived)' : ''}
              </option>
            ))}
            <KeptOption value={filters.survey_id} known={surveys.data?.data.map((survey) => survey.id)} />
          </select>
        </label>
        <label>
          NPS group
          <select {...select('group')}>
            <option value="">All scores</option>
            {groups.map((group) => (
              <option key={group.value} value={group.value}>
                {group.label}s ({group.range})
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <select {...select('channel')}>
            <option value="">All channels</option>
            {channels.map((channel) => (
              <option key={channel.value} value={channel.value}>
                {channel.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Segment
          <select {...select('segment')}>
            <option value="">All segments</option>
            {segments.data?.data.map((segment) => (
              <option key={segment} value={segment}>
                {segment}
              </option>
            ))}
            <KeptOption value={filters.segment} known={segments.data?.data} />
          </select>
        </label>
        <label>
          Sentiment
          <select {...select('sentiment')}>
            <option value="">Any sentiment</option>
            {sentiments.map((sentiment) => (
              <option key={sentiment.value} value={sentiment.value}>
                {sentiment.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Theme or tag
          <select {...select('theme_id')}>
            <option value="">All</option>
            {autoThemes.length > 0 ? (
              <optgroup label="Themes">
                {autoThemes.map((theme) => (
                  <option key={theme.id} value={theme.id}>
                    {theme.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {tags.length > 0 ? (
              <optgroup label="Tags">
                {tags.map((tag) => (
                  <option key={tag.id} value={tag.id}>
                    {tag.label}
                  </option>
                ))}
              </optgroup>
            ) : null}
            <KeptOption value={filters.theme_id} known={themes.data?.data.map((theme) => theme.id)} />
          </select>
        </label>
        <label>
          From
          <input type="date" value={filters.from ?? ''} max={filters.to} {...dateChange('from', onChange)} />
        </label>
        <label>
          To
          <input type="date" value={filters.to ?? ''} min={filters.from} {...dateChange('to', onChange)} />
        </label>
      </div>
      {filters.customer_id ? (
        <p className="inbox-customer-filter">
          Showing one customer’s items only.{' '}
          <button type="button" className="link-button" onClick={() => onChange({ customer_id: undefined })}>
            Show everyone’s
          </button>
        </p>
      ) : null}
      {isFiltered(filters) ? (
        <button type="button" className="link-button inbox-clear" onClick={() => onChange(noFilters)}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

/** A date field writes the URL once a whole date is entered (or the field is emptied), not at every keystroke. */
function dateChange(key: 'from' | 'to', onChange: FilterProps['onChange']) {
  return {
    onChange: (event: { target: { value: string } }) => {
      const value = event.target.value;
      if (value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value)) onChange({ [key]: value || undefined });
    },
  };
}

/** A value named in a shared link stays selected while (or if) the options do not list it. */
function KeptOption({ value, known }: { value: string | undefined; known: string[] | undefined }) {
  if (!value || known?.includes(value)) return null;
  return <option value={value}>{known ? 'Not found' : 'Loading…'}</option>;
}

/** The search field: searches on Enter or the button, so each keystroke does not send a request. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [typed, setTyped] = useState(value);
  // The URL is the truth: Back, a shared link or "Clear filters" change it under the field.
  useEffect(() => setTyped(value), [value]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(typed);
  }
  return (
    <search>
      <form className="inbox-search" onSubmit={submit}>
        <label htmlFor={id}>Search the words of comments and feedback</label>
        <div className="inbox-search-row">
          <input
            id={id}
            type="search"
            value={typed}
            placeholder="e.g. refund, checkout"
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
          />
          <button type="submit" className="secondary">
            Search
          </button>
        </div>
      </form>
    </search>
  );
}
