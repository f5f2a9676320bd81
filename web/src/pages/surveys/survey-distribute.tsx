// Putting a survey in front of people: its link (copy and open), the widget snippet with the targeting chosen
// here, an e-mail to a segment (with who was queued and who was skipped, and why), and archiving it.
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { ApiError, call, useGet } from '../../api/client.ts';
import { Page, QueryStatus } from '../../components/page.tsx';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import type { EmailAnswer, EmailDelivery, LinkAnswer, SkipReason, Survey, Workspace } from './api.ts';
import { ReadOnlyNotice, useForgetSurveys } from './survey-edit-pages.tsx';
import { formatDay } from './survey-figures.ts';
import {
  defaultTargeting,
  keyPlaceholder,
  targetingProblems,
  trackCall,
  type WidgetTargeting,
  widgetSnippet,
} from './widget-snippet.ts';

export function DistributeSurveyPage({ id }: { id: string }) {
  const canManage = useCan('manage');
  const [state] = useUrlState(['created'] as const);
  const survey = useGet<Survey>(`/v1/surveys/${id}`);
  const current = survey.data;
  const active = current?.status === 'active';
  return (
    <Page
      title={current ? `Distribute ${current.name}` : 'Distribute survey'}
      subtitle="Share a link, put the widget on your site, or send it by e-mail."
    >
      <p className="survey-back">
        <Link href={`/${id}`}>← Results</Link>
      </p>
      {state.created && current ? (
        <p className="notice" role="status">
          The survey is created. Choose how to ask people below.
        </p>
      ) : null}
      <QueryStatus isLoading={survey.isLoading} error={survey.error} />
      {!canManage ? <ReadOnlyNotice doing="share, send or archive surveys" /> : null}
      {canManage && current && !active ? (
        <p className="notice" role="status">
          This survey was archived
          {current.archived_at ? ` on ${formatDay(current.archived_at.slice(0, 10))}` : ''}: it takes no
          responses, so it cannot be shared or sent.
        </p>
      ) : null}
      {canManage && current && active ? (
        <div className="survey-distribute">
          <LinkSection survey={current} />
          <WidgetSection survey={current} />
          <EmailSection survey={current} />
          <ArchiveSection survey={current} />
        </div>
      ) : null}
    </Page>
  );
}

/** Copies text to the clipboard; where the browser refuses, selects the field so the person can copy it. */
async function copyText(
  text: string,
  field: HTMLInputElement | HTMLTextAreaElement | null,
): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.focus();
    field?.select();
    return false;
  }
}

function CopyStatus({ message }: { message: string }) {
  return (
    <p className="survey-copy-status" role="status" aria-live="polite">
      {message}
    </p>
  );
}

function LinkSection({ survey }: { survey: Survey }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState('');
  // The survey's public link: the same signed token every time, so asking for it again changes nothing.
  const link = useQuery<LinkAnswer, ApiError>({
    queryKey: ['/v1/links', survey.id],
    queryFn: () => call<LinkAnswer>('POST', '/v1/links', { survey_id: survey.id }),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  return (
    <section className="card survey-distribute-card" aria-labelledby="link-title">
      <h2 id="link-title">Survey link</h2>
      <p className="card-help">
        A public link anyone can answer through, as often as they like: for a newsletter, a chat, a QR code.
        Answers through it are recorded under the channel “link”.
      </p>
      <QueryStatus isLoading={link.isLoading} error={link.error} />
      {link.data ? (
        <>
          <div className="survey-copy-row">
            <label htmlFor="survey-link" className="visually-hidden">
              Survey link
            </label>
            <input
              id="survey-link"
              className="survey-copy-value"
              ref={field}
              readOnly
              value={link.data.url}
              onFocus={(e) => e.target.select()}
            />
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                const done = await copyText(link.data.url, field.current);
                setCopied(
                  done ? 'Link copied.' : 'Copying was refused: the link is selected, press Ctrl+C (⌘C).',
                );
              }}
            >
              Copy link
            </button>
            <a href={link.data.url} target="_blank" rel="noreferrer" className="survey-button">
              Open the survey
            </a>
          </div>
          <CopyStatus message={copied} />
        </>
      ) : null}
    </section>
  );
}

function WidgetSection({ survey }: { survey: Survey }) {
  const [targeting, setTargeting] = useState<WidgetTargeting>(defaultTargeting);
  const [copied, setCopied] = useState('');
  const snippetField = useRef<HTMLTextAreaElement>(null);
  const problems = targetingProblems(targeting);
  // The widget is served by this Heed, at the address the dashboard is reached at.
  const snippet = widgetSnippet(`${window.location.origin}/widget.js`, survey.id, targeting);
  const set = <K extends keyof WidgetTargeting>(key: K, value: WidgetTargeting[K]) =>
    setTargeting((now) => ({ ...now, [key]: value }));
  const field = (key: keyof WidgetTargeting, label: string, hint: string, inputMode?: 'numeric') => {
    const problem = problems.get(key);
    const id = `widget-${key}`;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <p className="survey-hint" id={`${id}-hint`}>
          {hint}
        </p>
        <input
          id={id}
          value={targeting[key] as string}
          inputMode={inputMode}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => set(key, event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
        />
        {problem ? (
          <p className="field-error" id={`${id}-error`}>
            {problem}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <section className="card survey-distribute-card" aria-labelledby="widget-title">
      <h2 id="widget-title">Widget on your website</h2>
      <p className="card-help">
        Paste the snippet before <code>&lt;/body&gt;</code>. Heed decides each time whether to ask: not when
        the visitor was asked within the workspace’s fatigue cap, not once the quota is reached,{' '}
        {survey.sample_rate < 1
          ? `and only ${formatPercent(survey.sample_rate * 100)} of visitors (the survey’s sample, set in Edit).`
          : 'and otherwise every visitor the targeting below lets through (a sample can be set in Edit).'}
      </p>
      <form
        className="survey-widget-form"
        onSubmit={(event) => event.preventDefault()}
        aria-label="Widget targeting"
      >
        {field(
          'key',
          'Publishable key',
          'Starts with heed_pk_ (Settings → API keys). It can only submit answers.',
        )}
        {field(
          'urls',
          'Show on pages',
          'Paths separated by spaces, such as /pricing /checkout/*; empty: every page.',
        )}
        <div className="survey-field-row">
          {field('delaySeconds', 'Delay (seconds)', 'After the page loads.', 'numeric')}
          {field('scrollPercent', 'After scrolling (%)', 'Of the page; empty: at once.', 'numeric')}
          {field(
            'cooldownDays',
            'Not again for (days)',
            'In the same browser, after it was shown.',
            'numeric',
          )}
        </div>
        {field('triggerEvent', 'Wait for an event', 'Optional: show only after your page tracks it.')}
        {targeting.triggerEvent.trim() && !problems.has('triggerEvent') ? (
          <p className="survey-hint">
            When it happens, your page calls <code>{trackCall(targeting.triggerEvent)}</code>
          </p>
        ) : null}
        <div className="survey-field-row">
          <div className="field">
            <label htmlFor="widget-position">Position</label>
            <select
              className="survey-control"
              id="widget-position"
              value={targeting.position}
              onChange={(event) => set('position', event.target.value as WidgetTargeting['position'])}
            >
              <option value="right">Bottom right</option>
              <option value="left">Bottom left</option>
            </select>
          </div>
          <div className="field">
            <div className="survey-check">
              <input
                type="checkbox"
                className="survey-check-box"
                id="widget-own-color"
                checked={targeting.color !== ''}
                onChange={(event) => set('color', event.target.checked ? '#3b4fd8' : '')}
              />
              <label htmlFor="widget-own-color">Own accent colour</label>
            </div>
            {targeting.color ? (
              <>
                <label htmlFor="widget-color" className="visually-hidden">
                  Accent colour
                </label>
                <input
                  type="color"
                  className="survey-color"
                  id="widget-color"
                  value={targeting.color}
                  onChange={(event) => set('color', event.target.value)}
                />
              </>
            ) : null}
          </div>
        </div>
        <div className="survey-check">
          <input
            type="checkbox"
            className="survey-check-box"
            id="widget-returning"
            checked={targeting.returningOnly}
            onChange={(event) => set('returningOnly', event.target.checked)}
          />
          <label htmlFor="widget-returning">Only returning visitors (seen in an earlier visit)</label>
        </div>
        <div className="survey-check">
          <input
            type="checkbox"
            className="survey-check-box"
            id="widget-identify"
            checked={targeting.identify}
            onChange={(event) => set('identify', event.target.checked)}
          />
          <label htmlFor="widget-identify">
            Identify signed-in customers (the fatigue cap and their answers then follow them)
          </label>
        </div>
      </form>
      <div className="field">
        <label htmlFor="widget-snippet">Snippet</label>
        {problems.size > 0 ? (
          <p className="field-error" id="widget-snippet-problems">
            Fix the fields marked above to get a snippet that works.
          </p>
        ) : null}
        <textarea
          id="widget-snippet"
          ref={snippetField}
          className="survey-control survey-snippet"
          readOnly
          rows={targeting.identify ? 6 : 4}
          value={problems.size > 0 ? '' : snippet}
          spellCheck={false}
          aria-describedby={problems.size > 0 ? 'widget-snippet-problems' : undefined}
        />
        {!targeting.key.trim() ? (
          <p className="survey-hint">
            The snippet says {keyPlaceholder} until you enter your publishable key.
          </p>
        ) : null}
      </div>
      <div className="survey-copy-row">
        <button
          type="button"
          className="secondary"
          disabled={problems.size > 0}
          onClick={async () => {
            const done = await copyText(snippet, snippetField.current);
            setCopied(
              done ? 'Snippet copied.' : 'Copying was refused: the snippet is selected, press Ctrl+C (⌘C).',
            );
          }}
        >
          Copy snippet
        </button>
      </div>
      <CopyStatus message={copied} />
    </section>
  );
}

const skipReasons: Record<SkipReason, (count: number, fatigueDays: number | undefined) => string> = {
  no_email: (n) => `${formatCount(n)} without an e-mail address`,
  unsubscribed: (n) => `${formatCount(n)} unsubscribed from surveys`,
  fatigue: (n, days) =>
    `${formatCount(n)} asked recently${days ? ` (within the workspace’s ${days}-day fatigue cap)` : ' (fatigue cap)'}`,
  not_sampled: (n) => `${formatCount(n)} outside the survey’s sample`,
};

function EmailSection({ survey }: { survey: Survey }) {
  const formId = useId();
  const forgetSurveys = useForgetSurveys();
  const workspace = useGet<Workspace>('/v1/workspace');
  const delivery = useGet<EmailDelivery>(`/v1/surveys/${survey.id}/emails`);
  // Suggestions only: without them the segment is typed as recorded on customers.
  const segments = useGet<{ data: string[] }>('/v1/customer-segments');
  const [segment, setSegment] = useState('');
  const [subject, setSubject] = useState('');
  const [intro, setIntro] = useState('');
  const [respectFatigue, setRespectFatigue] = useState(true);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [answer, setAnswer] = useState<EmailAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const segmentField = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLDivElement>(null);
  // Counts the answers shown; focus moves to each once it is rendered (an empty result is not displayed).
  const [answered, setAnswered] = useState(0);
  useEffect(() => {
    if (answered > 0) result.current?.focus();
  }, [answered]);

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure('');
    setAnswer(null);
    if (!segment.trim()) {
      setProblems({
        segment: 'Name the segment to send to, as recorded on your customers (such as enterprise).',
      });
      segmentField.current?.focus();
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      const sent = await call<EmailAnswer>('POST', `/v1/surveys/${survey.id}/emails`, {
        segment: segment.trim(),
        ...(subject.trim() ? { subject: subject.trim() } : {}),
        ...(intro.trim() ? { intro: intro.trim() } : {}),
        respect_fatigue: respectFatigue,
      });
      setAnswer(sent);
      // Focus goes to the answer as soon as it shows, not after the refreshes below.
      setAnswered((count) => count + 1);
      await delivery.refetch();
      await forgetSurveys();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        const found: Record<string, string> = {};
        for (const problem of error.fieldErrors) {
          // "customers" is the API's name for "who to send to": here that is the segment.
          const field = problem.path === 'customers' ? 'segment' : problem.path.split(/[.[]/)[0];
          found[field in fieldNames ? field : 'segment'] = problem.message;
        }
        setProblems(found);
      } else
        setFailure(error instanceof ApiError ? error.message : 'Something went wrong. Please try again.');
      setAnswered((count) => count + 1);
    } finally {
      setBusy(false);
    }
  }

  const skippedByReason = new Map<SkipReason, string[]>();
  for (const skip of answer?.skipped ?? [])
    skippedByReason.set(skip.reason, [...(skippedByReason.get(skip.reason) ?? []), skip.customer_id]);

  return (
    <section className="card survey-distribute-card" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>Send by e-mail</h2>
      <p className="card-help">
        Each customer in the segment with an e-mail address gets a personal, single-use link; the scale is in
        the e-mail, so one click records the score.
      </p>
      <form onSubmit={send} noValidate aria-labelledby={`${formId}-title`}>
        <div className="field">
          <label htmlFor="email-segment">Segment</label>
          <input
            id="email-segment"
            ref={segmentField}
            value={segment}
            maxLength={100}
            autoComplete="off"
            onChange={(event) => setSegment(event.target.value)}
            list="email-segments"
            aria-invalid={problems.segment ? true : undefined}
            aria-describedby={problems.segment ? 'email-segment-error' : undefined}
          />
          <datalist id="email-segments">
            {(segments.data?.data ?? []).map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          {problems.segment ? (
            <p className="field-error" id="email-segment-error">
              {problems.segment}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="email-subject">Subject (optional)</label>
          <input
            id="email-subject"
            value={subject}
            maxLength={200}
            placeholder={survey.question ?? survey.name}
            onChange={(event) => setSubject(event.target.value)}
            aria-invalid={problems.subject ? true : undefined}
            aria-describedby={problems.subject ? 'email-subject-error' : undefined}
          />
          {problems.subject ? (
            <p className="field-error" id="email-subject-error">
              {problems.subject}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="email-intro">A sentence above the question (optional)</label>
          <textarea
            className="survey-control"
            id="email-intro"
            rows={2}
            maxLength={1000}
            value={intro}
            onChange={(event) => setIntro(event.target.value)}
            aria-invalid={problems.intro ? true : undefined}
            aria-describedby={problems.intro ? 'email-intro-error' : undefined}
          />
          {problems.intro ? (
            <p className="field-error" id="email-intro-error">
              {problems.intro}
            </p>
          ) : null}
        </div>
        <div className="survey-check">
          <input
            type="checkbox"
            className="survey-check-box"
            id="email-fatigue"
            checked={respectFatigue}
            onChange={(event) => setRespectFatigue(event.target.checked)}
          />
          <label htmlFor="email-fatigue">
            Skip customers asked in the last {workspace.data?.fatigue_days ?? '…'} days (the fatigue cap)
          </label>
        </div>
        <div className="survey-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Sending…' : 'Send the survey'}
          </button>
        </div>
      </form>
      <div
        ref={result}
        tabIndex={-1}
        role="status"
        className="survey-email-result"
        data-testid="email-result"
      >
        {failure ? <p className="form-error">{failure}</p> : null}
        {answer ? (
          <>
            <p className="survey-email-queued">
              {answer.queued === 1 ? '1 e-mail queued' : `${formatCount(answer.queued)} e-mails queued`}; they
              go out within seconds.
            </p>
            {answer.skipped.length > 0 ? (
              <>
                <p>
                  {formatCount(answer.skipped.length)} skipped:{' '}
                  {[...skippedByReason]
                    .map(([reason, ids]) => skipReasons[reason](ids.length, workspace.data?.fatigue_days))
                    .join('; ')}
                  .
                </p>
                <details>
                  <summary>Customers skipped</summary>
                  <ul className="survey-skipped">
                    {answer.skipped.map((skip) => (
                      <li key={skip.customer_id}>
                        <code>{skip.customer_id}</code> —{' '}
                        {skipReasons[skip.reason](1, undefined).replace(/^1 /, '')}
                      </li>
                    ))}
                  </ul>
                </details>
              </>
            ) : answer.queued === 0 ? (
              <p>Nobody in that segment: check its name as it is recorded on your customers.</p>
            ) : null}
          </>
        ) : null}
      </div>
      {delivery.data && Object.values(delivery.data).some((count) => count > 0) ? (
        <p className="card-muted survey-delivery">
          All e-mails of this survey: {formatCount(delivery.data.sent)} sent,{' '}
          {formatCount(delivery.data.queued + delivery.data.sending)} waiting,{' '}
          {formatCount(delivery.data.bounced)} bounced, {formatCount(delivery.data.failed)} failed.
        </p>
      ) : null}
    </section>
  );
}

const fieldNames = { segment: true, subject: true, intro: true };

function ArchiveSection({ survey }: { survey: Survey }) {
  const forgetSurveys = useForgetSurveys();
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  return (
    <section className="card survey-distribute-card" aria-labelledby="archive-title">
      <h2 id="archive-title">Archive</h2>
      <p className="card-help">
        An archived survey takes no more responses: its link and widget show it as closed. Its results stay.
      </p>
      {failure ? (
        <p className="form-error" role="alert">
          {failure}
        </p>
      ) : null}
      {confirming ? (
        <div className="survey-confirm">
          <p id="archive-question">Archive “{survey.name}”? This cannot be undone.</p>
          <div className="survey-actions">
            <button
              type="button"
              ref={confirmButton}
              className="primary survey-danger"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await call<Survey>('POST', `/v1/surveys/${survey.id}/archive`);
                  await forgetSurveys();
                  // Nothing is left to distribute: the results say it is archived.
                  navigate(`/${survey.id}`);
                } catch (error) {
                  setFailure(error instanceof ApiError ? error.message : 'Something went wrong.');
                  setBusy(false);
                }
              }}
            >
              {busy ? 'Archiving…' : 'Archive now'}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setConfirming(false);
                setTimeout(() => startButton.current?.focus());
              }}
            >
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="secondary"
          ref={startButton}
          onClick={() => {
            setConfirming(true);
            setTimeout(() => confirmButton.current?.focus());
          }}
        >
          Archive survey…
        </button>
      )}
    </section>
  );
}
