// Feedback › one item: the whole response or feedback item, who wrote it and what else they told you, and its
// tags (added, created and removed by roles that may tag). Everything the customer wrote is rendered as text.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import { ApiError, call, useGet } from '../../api/client.ts';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { type InboxItemDetail, type InboxPage, paths, type SurveyQuestions, type TagOption } from './api.ts';
import { answerText, channelLabel, customerLabel, itemFacts, itemHref, itemTitle } from './inbox-view.ts';
import { ItemChips, ScoreBadge } from './item-parts.tsx';

/** The inbox's filters the member came from (kept in the history entry), so the back link returns to them. */
function inboxHref(): string {
  const state: unknown = window.history.state;
  const search =
    state && typeof state === 'object' && 'listSearch' in state
      ? (state as { listSearch: unknown }).listSearch
      : '';
  return typeof search === 'string' && search.startsWith('?') ? `/${search}` : '/';
}

export function ItemPage({ kind, id }: { kind: string; id: string }) {
  const item = useGet<InboxItemDetail>(paths.item(id));
  const back = (
    <Link href={inboxHref()} className="inbox-back">
      ← Back to the inbox
    </Link>
  );
  const missing =
    (item.error instanceof ApiError && (item.error.status === 404 || item.error.status === 400)) ||
    (item.data !== undefined && item.data.kind !== kind);
  if (missing)
    return (
      <Page title="Item not found">
        {back}
        <EmptyState title="There is no such response or feedback item">
          <p>The link may be mistyped, or the item was erased with its customer. Look for it in the inbox.</p>
        </EmptyState>
      </Page>
    );
  const data = item.data;
  return (
    <Page title={data ? itemTitle(data) : 'Feedback item'} subtitle={data ? itemFacts(data) : undefined}>
      {back}
      <QueryStatus isLoading={item.isLoading} error={item.error} />
      {data ? (
        <div className="inbox-detail">
          <ItemContent item={data} />
          <aside className="inbox-detail-side">
            <Tags item={data} />
            <Customer item={data} />
          </aside>
        </div>
      ) : null}
      {data?.customer ? <CustomerHistory customerId={data.customer.id} exceptId={data.id} /> : null}
    </Page>
  );
}

function ItemContent({ item }: { item: InboxItemDetail }) {
  // The survey's wording labels the score and the further answers, which are stored by question id.
  const survey = useGet<SurveyQuestions>(item.survey ? paths.survey(item.survey.id) : null);
  const prompts = new Map(survey.data?.questions.map((question) => [question.id, question.prompt]));
  const answers = Object.entries(item.answers ?? {});
  return (
    <section className="card inbox-detail-main" aria-labelledby="item-heading">
      <h2 id="item-heading">{item.kind === 'response' ? 'Response' : 'Feedback'}</h2>
      <div className="inbox-detail-score">
        <ScoreBadge item={item} />
        {item.kind === 'response' ? (
          <p className="card-help">{survey.data?.question ?? (item.survey ? `${item.survey.name}` : '')}</p>
        ) : null}
      </div>
      {item.text ? (
        <blockquote className="inbox-text inbox-quote">{item.text}</blockquote>
      ) : (
        <p className="inbox-text inbox-no-text">No comment was left with this score.</p>
      )}
      <ItemChips item={item} />
      {answers.length > 0 ? (
        <>
          <h3 className="inbox-subheading">Further answers</h3>
          <dl className="facts inbox-answers">
            {answers.map(([questionId, value]) => (
              <div key={questionId}>
                <dt>{prompts.get(questionId) ?? questionId}</dt>
                <dd>{answerText(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <dl className="facts inbox-answers">
        <div>
          <dt>Submitted</dt>
          <dd>{formatDateTime(item.submitted_at)}</dd>
        </div>
        <div>
          <dt>Channel</dt>
          <dd>
            {channelLabel(item.channel)}
            {item.source ? ` (${item.source})` : ''}
          </dd>
        </div>
        {item.sentiment ? (
          <div>
            <dt>Sentiment score</dt>
            <dd>{item.sentiment.score.toFixed(2)} (−1 to 1)</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function Customer({ item }: { item: InboxItemDetail }) {
  const customer = item.customer;
  return (
    <section className="card" aria-labelledby="customer-heading">
      <h2 id="customer-heading">Customer</h2>
      {customer ? (
        <>
          <p className="inbox-customer-name">
            <Link href={`~/customers/${encodeURIComponent(customer.id)}`}>{customerLabel(customer)}</Link>
          </p>
          <dl className="facts">
            {customer.email ? (
              <div>
                <dt>E-mail</dt>
                <dd className="inbox-wrap">{customer.email}</dd>
              </div>
            ) : null}
            {customer.external_id ? (
              <div>
                <dt>Your id</dt>
                <dd className="inbox-wrap">{customer.external_id}</dd>
              </div>
            ) : null}
            <div>
              <dt>Segment when they wrote</dt>
              <dd>{item.segment ?? '—'}</dd>
            </div>
          </dl>
        </>
      ) : (
        <p className="card-muted">
          Anonymous: no customer was identified. Identify visitors with the widget or pass a customer through
          the API to connect their feedback.
        </p>
      )}
    </section>
  );
}

/** The queries an item's tags show in: the item, every inbox list, the tags and the theme figures. */
const isAffectedByTags = (key: readonly unknown[]) =>
  typeof key[0] === 'string' &&
  (key[0].startsWith(paths.inbox) || key[0] === paths.tags || key[0] === paths.themes);

function Tags({ item }: { item: InboxItemDetail }) {
  const canTag = useCan('tag');
  const canCreate = useCan('manage');
  const queryClient = useQueryClient();
  const tags = useGet<{ data: TagOption[] }>(canTag ? paths.tags : null);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () =>
    queryClient.invalidateQueries({ predicate: (query) => isAffectedByTags(query.queryKey) });
  const change = useMutation<void, ApiError, () => Promise<void>>({
    mutationFn: (work) => work(),
    onMutate: () => setProblem(null),
    onError: (error) => setProblem(error.message),
    onSettled: refresh,
  });
  const applied = new Set(item.tags.map((tag) => tag.id));
  const addable = tags.data?.data.filter((tag) => !applied.has(tag.id)) ?? [];

  const add = (tagId: string) => call<void>('POST', paths.itemTags(item.kind, item.id), { tag_id: tagId });
  const remove = (tagId: string) => call<void>('DELETE', paths.itemTag(item.kind, item.id, tagId));
  async function createAndAdd(name: string) {
    let tag: TagOption;
    try {
      tag = await call<TagOption>('POST', paths.tags, { name });
    } catch (error) {
      // A tag of that name exists already: apply it rather than refuse.
      const existing = tags.data?.data.find((known) => known.name.toLowerCase() === name.toLowerCase());
      if (!(error instanceof ApiError && error.status === 409 && existing)) throw error;
      tag = existing;
    }
    await add(tag.id);
  }

  return (
    <section className="card" aria-labelledby="tags-heading">
      <h2 id="tags-heading">Tags</h2>
      {item.tags.length === 0 ? <p className="card-muted">No tags yet.</p> : null}
      {item.tags.length > 0 ? (
        <ul className="inbox-tag-list">
          {item.tags.map((tag) => (
            <li key={tag.id} className="inbox-chip inbox-chip-tag">
              #{tag.label}
              {canTag ? (
                <button
                  type="button"
                  className="inbox-chip-remove"
                  aria-label={`Remove tag ${tag.label}`}
                  disabled={change.isPending}
                  onClick={() => change.mutate(() => remove(tag.id))}
                >
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {problem ? (
        <p className="form-error" role="alert">
          {problem}
        </p>
      ) : null}
      {canTag ? (
        <AddTag
          options={addable}
          busy={change.isPending}
          canCreate={canCreate}
          onAdd={(tagId) => change.mutate(() => add(tagId))}
          onCreate={(name) => change.mutate(() => createAndAdd(name))}
        />
      ) : null}
    </section>
  );
}

function AddTag({
  options,
  busy,
  canCreate,
  onAdd,
  onCreate,
}: {
  options: TagOption[];
  busy: boolean;
  canCreate: boolean;
  onAdd: (tagId: string) => void;
  onCreate: (name: string) => void;
}) {
  const id = useId();
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  function add(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    onAdd(chosen);
    setChosen('');
  }
  function create(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    onCreate(name.trim());
    setName('');
  }
  return (
    <div className="inbox-tag-forms">
      {options.length > 0 ? (
        <form className="inbox-tag-form" onSubmit={add}>
          <label htmlFor={`${id}-tag`}>Add a tag</label>
          <div className="inbox-tag-row">
            <select id={`${id}-tag`} value={chosen} onChange={(event) => setChosen(event.target.value)}>
              <option value="">Choose a tag…</option>
              {options.map((tag) => (
                <option key={tag.id} value={tag.id}>
                  {tag.name}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary" disabled={busy || !chosen}>
              Add tag
            </button>
          </div>
        </form>
      ) : null}
      {canCreate ? (
        <form className="inbox-tag-form" onSubmit={create}>
          <label htmlFor={`${id}-new`}>New tag</label>
          <div className="inbox-tag-row">
            <input
              id={`${id}-new`}
              value={name}
              maxLength={100}
              autoComplete="off"
              onChange={(event) => setName(event.target.value)}
            />
            <button type="submit" className="secondary" disabled={busy || !name.trim()}>
              Create and add
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

function CustomerHistory({ customerId, exceptId }: { customerId: string; exceptId: string }) {
  const history = useGet<InboxPage>(paths.inbox, { customer_id: customerId, limit: 21 });
  const others = history.data?.data.filter((other) => other.id !== exceptId).slice(0, 20) ?? [];
  return (
    <section className="section" aria-labelledby="history-heading">
      <h2 id="history-heading">More from this customer</h2>
      <QueryStatus isLoading={history.isLoading} error={history.error} />
      {history.data && others.length === 0 ? (
        <p className="card-muted">This is the only response or feedback from this customer so far.</p>
      ) : null}
      {others.length > 0 ? (
        <ul className="inbox-list inbox-history">
          {others.map((other) => (
            <li key={other.id} className="inbox-item">
              <ScoreBadge item={other} />
              <div className="inbox-item-body">
                <p className="inbox-item-title">
                  <Link href={itemHref(other)}>{itemTitle(other)}</Link>
                </p>
                <p className="inbox-item-facts">{itemFacts(other)}</p>
                {other.text ? <p className="inbox-text inbox-text-clamped">{other.text}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {others.length > 0 ? (
        <p>
          <Link href={`/?customer_id=${encodeURIComponent(customerId)}`}>
            All of this customer’s items in the inbox
          </Link>
        </p>
      ) : null}
    </section>
  );
}
