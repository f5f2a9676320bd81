// Customers › the list: search by name, e-mail or external id, filter by segment, page through; the search,
// segment and page live in the URL, so a view can be shared and comes back on reload.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'wouter';
import { useGet } from '../../api/client.ts';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { formatDate } from '../../lib/format.ts';
import { useUrlState } from '../../lib/url-state.ts';
import { type CustomerPage, paths } from './api.ts';
import { cursorsOf, customerName, pagesParam } from './view.ts';

const pageSize = 50;
// Typing waits this long before it searches, so each keystroke does not send a request.
const searchDelayMs = 300;

export function CustomerList() {
  const [filters, setFilters] = useUrlState(['q', 'segment', 'pages'] as const);
  const cursors = cursorsOf(filters.pages);
  const cursor = cursors[cursors.length - 1];
  // The API finds words: a search of punctuation alone would be refused, so it lists everyone instead.
  const searchable = filters.q !== undefined && hasWordCharacter(filters.q);
  const list = useGet<CustomerPage>(
    paths.customers,
    { q: searchable ? filters.q : undefined, segment: filters.segment, cursor, limit: pageSize },
    { keepPrevious: true },
  );
  const segments = useGet<{ data: string[] }>(paths.segments);
  const filtered = Boolean(searchable || filters.segment);
  const firstPage = cursors.length === 0;
  const empty = list.data !== undefined && list.data.data.length === 0;

  return (
    <Page
      title="Customers"
      subtitle="Everyone who answered a survey, wrote to you or bought: open one to see their whole history."
    >
      <div className="filters customer-filters">
        <SearchBox
          value={filters.q ?? ''}
          onSearch={(q) => setFilters({ q: q.trim() || undefined, pages: undefined })}
        />
        <label>
          Segment
          <select
            value={filters.segment ?? ''}
            onChange={(event) => setFilters({ segment: event.target.value || undefined, pages: undefined })}
          >
            <option value="">All segments</option>
            {segments.data?.data.map((segment) => (
              <option key={segment} value={segment}>
                {segment}
              </option>
            ))}
            {/* A segment named in a shared link stays selectable while the list of segments loads. */}
            {filters.segment && !segments.data?.data.includes(filters.segment) ? (
              <option value={filters.segment}>{filters.segment}</option>
            ) : null}
          </select>
        </label>
        {filtered ? (
          <button
            type="button"
            className="secondary"
            onClick={() => setFilters({ q: undefined, segment: undefined, pages: undefined })}
          >
            Clear filters
          </button>
        ) : null}
      </div>

      {filters.q && !searchable ? (
        <p className="card-muted" role="status">
          Search looks for words: type a letter or digit.
        </p>
      ) : null}
      <QueryStatus isLoading={list.isLoading} error={list.error} />

      {empty && firstPage && !filtered ? (
        <EmptyState title="No customers yet">
          <p>
            A customer appears here as soon as a response, a piece of feedback or an event names them by their
            id in your system, their e-mail address or phone number — or when you add them with{' '}
            <code>POST /v1/customers</code>.
          </p>
          <p>
            <Link href="~/surveys">Create a survey</Link> and share it, or see the API documentation at{' '}
            <a href="/docs">/docs</a>.
          </p>
        </EmptyState>
      ) : null}
      {empty && filtered ? (
        <EmptyState title="No customer matches">
          <p>
            {searchable ? (
              <>
                Nobody’s name, e-mail address or id has words starting with “{filters.q}”
                {filters.segment ? ` in the segment “${filters.segment}”` : ''}.
              </>
            ) : (
              <>No customer is in the segment “{filters.segment}”.</>
            )}{' '}
            Search finds the start of words: try fewer letters.
          </p>
        </EmptyState>
      ) : null}

      {list.data && list.data.data.length > 0 ? (
        <>
          <p className="visually-hidden" aria-live="polite">
            {searchable ? `Customers matching ${filters.q}` : 'Customers'}, page {cursors.length + 1}
          </p>
          <div className="table-scroll">
            <table className="data-table customer-table">
              <caption className="visually-hidden">Customers, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="customer-wide-only">
                    E-mail
                  </th>
                  <th scope="col" className="customer-optional">
                    External id
                  </th>
                  <th scope="col" className="customer-wide-only">
                    Segment
                  </th>
                  <th scope="col" className="customer-optional">
                    Customer since
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.data.map((customer) => (
                  <tr key={customer.id}>
                    <td className="customer-wrap">
                      <Link href={`/${customer.id}`} state={{ listSearch: window.location.search }}>
                        {customerName(customer)}
                      </Link>
                      {/* A phone shows one column: what the hidden columns say, under the name. */}
                      <span className="customer-narrow-only customer-muted">
                        {[customer.email ?? customer.external_id, customer.segment]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    </td>
                    <td className="customer-wide-only customer-wrap">{customer.email ?? '—'}</td>
                    <td className="customer-optional customer-wrap">{customer.external_id ?? '—'}</td>
                    <td className="customer-wide-only">{customer.segment ?? '—'}</td>
                    <td className="customer-optional">{formatDate(customer.started_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      {list.data && (!firstPage || list.data.next_cursor) ? (
        <nav className="customers-pager" aria-label="Pages of customers">
          <button
            type="button"
            className="secondary"
            disabled={firstPage}
            onClick={() => setFilters({ pages: pagesParam(cursors.slice(0, -1)) }, { push: true })}
          >
            Previous page
          </button>
          <span className="customers-pager-place">Page {cursors.length + 1}</span>
          <button
            type="button"
            className="secondary"
            disabled={!list.data.next_cursor || list.isPlaceholderData}
            onClick={() =>
              list.data?.next_cursor &&
              setFilters({ pages: pagesParam([...cursors, list.data.next_cursor]) }, { push: true })
            }
          >
            Next page
          </button>
        </nav>
      ) : null}
    </Page>
  );
}

const hasWordCharacter = (text: string) => /[\p{L}\p{N}]/u.test(text);

/** The search field: searches a moment after typing stops, or at once on Enter. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [typed, setTyped] = useState(value);
  // The latest callback, so a re-render of the page does not restart the wait.
  const search = useRef(onSearch);
  search.current = onSearch;
  // The URL is the truth: Back, a shared link or "Clear filters" change it under the field.
  useEffect(() => setTyped(value), [value]);
  useEffect(() => {
    if (typed.trim() === value.trim()) return;
    const timer = setTimeout(() => search.current(typed), searchDelayMs);
    return () => clearTimeout(timer);
  }, [typed, value]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(typed);
  }

  return (
    <search className="customer-search">
      <form onSubmit={submit}>
        <label htmlFor={id}>Search</label>
        <input
          id={id}
          type="search"
          value={typed}
          placeholder="Name, e-mail or id"
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-help`}
          onChange={(event) => setTyped(event.target.value)}
        />
        <span id={`${id}-help`} className="visually-hidden">
          Finds customers whose name, e-mail address or id has words starting with what you type.
        </span>
      </form>
    </search>
  );
}
