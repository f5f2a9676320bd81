// The survey list: every survey with its all-time responses, response rate and score (one request: the API's
// include=stats reads the rollups), filtered by status and kind in the URL, and a first step for a new user.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { type ApiError, get } from '../../api/client.ts';
import { EmptyState, Page, QueryStatus } from '../../components/page.tsx';
import { downloadCsv } from '../../lib/csv.ts';
import { formatCount } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { kindLabels, type Survey, type SurveyKind, type SurveyPage } from './api.ts';
import { formatDay, formatMargin, formatRate, formatScore } from './survey-figures.ts';

const filterKeys = ['status', 'kind'] as const;
const pageSize = 100;

export function SurveyList() {
  const canManage = useCan('manage');
  const [filters, setFilters] = useUrlState(filterKeys);
  // Active surveys unless the URL says otherwise ("all" shows archived ones too).
  const status = filters.status === 'all' ? undefined : (filters.status ?? 'active');
  const params = { include: 'stats', limit: pageSize, status, kind: filters.kind };
  const surveys = useInfiniteQuery<SurveyPage, ApiError>({
    queryKey: ['/v1/surveys', params, 'pages'],
    queryFn: ({ pageParam }) => get<SurveyPage>('/v1/surveys', { ...params, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = surveys.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = filters.status !== undefined || filters.kind !== undefined;

  const createButton = canManage ? (
    <Link href="/new" className="survey-button survey-button-primary">
      Create survey
    </Link>
  ) : null;

  return (
    <Page
      title="Surveys"
      subtitle="All time. Response rate: responses ÷ people the survey was shown or sent to."
      actions={rows.length > 0 || filtered ? createButton : null}
    >
      <fieldset className="filters survey-filters">
        <legend className="visually-hidden">Filter surveys</legend>
        <div className="survey-filter">
          <label htmlFor="survey-status">Status</label>
          <select
            id="survey-status"
            value={filters.status ?? 'active'}
            onChange={(event) =>
              setFilters({ status: event.target.value === 'active' ? undefined : event.target.value })
            }
          >
            <option value="active">Active</option>
            <option value="archived">Archived</option>
            <option value="all">All</option>
          </select>
        </div>
        <div className="survey-filter">
          <label htmlFor="survey-kind">Type</label>
          <select
            id="survey-kind"
            value={filters.kind ?? ''}
            onChange={(event) => setFilters({ kind: event.target.value || undefined })}
          >
            <option value="">All types</option>
            {(Object.keys(kindLabels) as SurveyKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {kindLabels[kind]}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <QueryStatus isLoading={surveys.isLoading} error={surveys.error} />
      {surveys.isSuccess && rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No surveys match these filters">
            <p>
              <Link href="/">Show the active surveys</Link>
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="Create your first survey">
            <p>
              Ask customers how likely they are to recommend you (NPS), how satisfied they are (CSAT) or how
              easy something was (CES). Start from a standard wording, preview it, then share a link, embed
              the widget on your site or send it by e-mail.
            </p>
            {canManage ? (
              <Link href="/new" className="survey-button survey-button-primary">
                Create your first survey
              </Link>
            ) : (
              <p className="card-muted">
                Your role can read surveys and results. Ask an owner, admin or analyst to create one.
              </p>
            )}
          </EmptyState>
        )
      ) : null}
      {rows.length > 0 ? (
        <>
          <SurveyTable surveys={rows} canManage={canManage} />
          <div className="survey-list-foot">
            {surveys.hasNextPage ? (
              <button
                type="button"
                className="secondary"
                disabled={surveys.isFetchingNextPage}
                onClick={() => void surveys.fetchNextPage()}
              >
                {surveys.isFetchingNextPage ? 'Loading…' : 'Show more surveys'}
              </button>
            ) : null}
            <button type="button" className="link-button" onClick={() => downloadList(rows)}>
              Download CSV
            </button>
          </div>
        </>
      ) : null}
    </Page>
  );
}

function downloadList(surveys: Survey[]) {
  downloadCsv(
    'surveys',
    [
      'id',
      'name',
      'type',
      'status',
      'responses',
      'asked',
      'response_rate',
      'score_metric',
      'score',
      'margin_of_error',
      'scored_responses',
      'last_response_on',
    ],
    surveys.map((survey) => [
      survey.id,
      survey.name,
      survey.kind,
      survey.status,
      survey.stats?.responses,
      survey.stats?.asked,
      survey.stats?.response_rate,
      survey.stats?.score?.metric,
      survey.stats?.score?.value,
      survey.stats?.score?.margin_of_error,
      survey.stats?.score?.n,
      survey.stats?.last_response_on,
    ]),
  );
}

function SurveyTable({ surveys, canManage }: { surveys: Survey[]; canManage: boolean }) {
  return (
    <div className="table-scroll">
      <table className="data-table survey-table">
        <caption className="visually-hidden">Surveys with their responses, response rate and score</caption>
        <thead>
          <tr>
            <th scope="col">Survey</th>
            <th scope="col">Responses</th>
            <th scope="col">Response rate</th>
            <th scope="col">Score (95% margin)</th>
            <th scope="col">Last response</th>
            {canManage ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {surveys.map((survey) => (
            <SurveyRow key={survey.id} survey={survey} canManage={canManage} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SurveyRow({ survey, canManage }: { survey: Survey; canManage: boolean }) {
  const stats = survey.stats;
  const score = stats?.score ?? null;
  const margin = score ? formatMargin(score.metric, score.margin_of_error) : null;
  return (
    <tr>
      <th scope="row" className="survey-cell">
        <Link href={`/${survey.id}`} className="survey-name">
          {survey.name}
        </Link>
        <span className="survey-tags">
          <span className="survey-tag">{kindLabels[survey.kind]}</span>
          {survey.status === 'archived' ? (
            <span className="survey-tag survey-tag-muted">Archived</span>
          ) : null}
        </span>
      </th>
      <td data-label="Responses">{stats ? formatCount(stats.responses) : '—'}</td>
      <td data-label="Response rate">
        {stats ? formatRate(stats.response_rate) : '—'}
        {stats && stats.asked > 0 ? (
          <span className="survey-cell-note">of {formatCount(stats.asked)} asked</span>
        ) : null}
      </td>
      <td data-label="Score">
        {score && score.value !== null ? (
          <>
            <span className="survey-cell-score">{formatScore(score.metric, score.value)}</span>
            {margin ? <span className="survey-cell-note"> {margin}</span> : null}
            <span className="survey-cell-note">n = {formatCount(score.n)}</span>
          </>
        ) : (
          <span className="survey-cell-note">{score ? 'No scores yet' : 'No rating'}</span>
        )}
      </td>
      <td data-label="Last response">{stats?.last_response_on ? formatDay(stats.last_response_on) : '—'}</td>
      {canManage ? (
        <td className="survey-row-actions">
          <Link href={`/${survey.id}/edit`} className="survey-row-action" aria-label={`Edit ${survey.name}`}>
            Edit
          </Link>
          {survey.status === 'active' ? (
            <Link
              href={`/${survey.id}/distribute`}
              className="survey-row-action"
              aria-label={`Distribute ${survey.name}`}
            >
              Distribute
            </Link>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
