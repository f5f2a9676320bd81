// The pages around the survey form: create (from a template or custom) and edit (what may change once people
// have answered). Only roles that may manage surveys see the form; the API refuses the others anyway.
import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLocation } from 'wouter';
import { call, useGet } from '../../api/client.ts';
import { Page, QueryStatus } from '../../components/page.tsx';
import { useCan, useMe } from '../../lib/member.tsx';
import { kindLabels, type Survey, type SurveyTemplate, type Workspace } from './api.ts';
import { formatDay } from './survey-figures.ts';
import { SurveyForm } from './survey-form.tsx';
import { blankDraft, createBody, draftFromSurvey, updateBody, withTemplate } from './survey-form-state.ts';

/** Forgets every cached survey read (lists, one survey, its figures) after a change. */
export function useForgetSurveys() {
  const queryClient = useQueryClient();
  return () =>
    queryClient.invalidateQueries({
      predicate: (query) =>
        typeof query.queryKey[0] === 'string' && query.queryKey[0].startsWith('/v1/surveys'),
    });
}

/** What a role that may only read sees where a form would be. */
export function ReadOnlyNotice({ doing }: { doing: string }) {
  const role = useMe().member.role;
  return (
    <p className="notice" role="status">
      Your role ({role}) can read surveys and their results, but not {doing}. Ask an owner, admin or analyst.
    </p>
  );
}

export function CreateSurveyPage() {
  const canManage = useCan('manage');
  const [, navigate] = useLocation();
  const forgetSurveys = useForgetSurveys();
  const templates = useGet<{ data: SurveyTemplate[] }>('/v1/survey-templates');
  const workspace = useGet<Workspace>('/v1/workspace');
  const initial = useMemo(
    () => (templates.data ? withTemplate(blankDraft(), 'nps', templates.data.data) : null),
    [templates.data],
  );
  return (
    <Page title="New survey" subtitle="Choose a type, word it, and watch the preview as you type.">
      {!canManage ? <ReadOnlyNotice doing="create surveys" /> : null}
      <QueryStatus isLoading={templates.isLoading} error={templates.error} />
      {canManage && initial && templates.data ? (
        <SurveyForm
          mode="create"
          initial={initial}
          templates={templates.data.data}
          workspace={workspace.data}
          submitLabel="Create survey"
          busyLabel="Creating…"
          cancelHref="/"
          onSubmit={async (draft) => {
            const created = await call<Survey>('POST', '/v1/surveys', createBody(draft));
            await forgetSurveys();
            navigate(`/${created.id}/distribute?created=1`);
          }}
        />
      ) : null}
    </Page>
  );
}

export function EditSurveyPage({ id }: { id: string }) {
  const canManage = useCan('manage');
  const [, navigate] = useLocation();
  const forgetSurveys = useForgetSurveys();
  const survey = useGet<Survey>(`/v1/surveys/${id}`);
  const templates = useGet<{ data: SurveyTemplate[] }>('/v1/survey-templates');
  const workspace = useGet<Workspace>('/v1/workspace');
  const current = survey.data;
  return (
    <Page
      title={current ? `Edit ${current.name}` : 'Edit survey'}
      subtitle="The preview shows your changes as you type."
    >
      {!canManage ? <ReadOnlyNotice doing="edit surveys" /> : null}
      <QueryStatus isLoading={survey.isLoading} error={survey.error} />
      {canManage && current ? (
        <SurveyForm
          // A survey loaded afresh (after saving elsewhere) starts a fresh form.
          key={current.id}
          mode="edit"
          initial={draftFromSurvey(current)}
          templates={templates.data?.data ?? []}
          workspace={workspace.data}
          submitLabel="Save changes"
          busyLabel="Saving…"
          cancelHref={`/${current.id}`}
          intro={
            <div className="notice">
              <p>
                {kindLabels[current.kind]} survey
                {current.scale ? `, scale ${current.scale.min}–${current.scale.max}` : ', without a rating'}.
                The type and the scale stay as they are, so its scores stay comparable over time.
              </p>
              {current.status === 'archived' && current.archived_at ? (
                <p>Archived on {formatDay(current.archived_at.slice(0, 10))}: it takes no responses.</p>
              ) : null}
            </div>
          }
          onSubmit={async (draft) => {
            await call<Survey>('PATCH', `/v1/surveys/${current.id}`, updateBody(draft));
            await forgetSurveys();
            navigate(`/${current.id}`);
          }}
        />
      ) : null}
    </Page>
  );
}
