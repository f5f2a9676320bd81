// The hosted pages: /s/{token} (a survey) and /f/{token} (the free-form feedback form), their thank-you
// pages and their one stylesheet and script. No API key: the signed token is the authority. Every failure
// is a page a person can read, never a stack trace.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Conflict, Gone, HeedError, IdempotencyMismatch, Invalid, NotFound } from '../../errors.ts';
import type { HeedApp } from '../../http/app.ts';
import type { Services } from '../../services.ts';
import type { OpenedLink } from '../outreach/service.ts';
import { answerProblems } from '../surveys/service.ts';
import { hostedCss, hostedJs } from './assets.ts';
import {
  asksFollowUp,
  feedbackPage,
  messagePage,
  type SurveyStep,
  type SurveyValues,
  surveyPage,
  unsubscribePage,
} from './pages.ts';
import { type PageStrings, pageLanguages, stringsFor } from './strings.ts';

// Only Heed's own stylesheet and script, forms posting back to Heed, and no framing (clickjacking).
const pageSecurityHeaders = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const tokenParams = z.object({ token: z.string().max(300) });
/** A form post: every field a string, or several strings for repeated names (checkboxes). */
const formBody = z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({});
type FormBody = z.infer<typeof formBody>;

const maxText = 10_000;
/** A one-click e-mail score may take its comment for this long. */
const amendDays = 7;

const scoreQuery = z.object({ score: z.string().max(8).optional() });

/** A score from an e-mail link (?score=N), if it is a whole number on the survey's scale. */
function scoreInScale(
  raw: string | undefined,
  survey: NonNullable<OpenedLink['survey']>,
): number | undefined {
  if (raw === undefined || survey.scale_min === null || survey.scale_max === null || !/^\d{1,2}$/.test(raw))
    return undefined;
  const score = Number(raw);
  return score >= survey.scale_min && score <= survey.scale_max ? score : undefined;
}

function sendPage(reply: FastifyReply, status: number, page: string) {
  return reply.status(status).headers(pageSecurityHeaders).type('text/html; charset=utf-8').send(page);
}

const single = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[value.length - 1] : value;
const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** A fresh submission id: sent with the form, it makes a double click one response. */
const newSubmission = () => randomBytes(16).toString('base64url');
const submissionOf = (body: FormBody) => {
  const value = single(body.submission);
  return value && /^[A-Za-z0-9_-]{22}$/.test(value) ? value : undefined;
};

/** The best of the pages' languages for an Accept-Language header (the feedback form has no survey language). */
function languageOf(request: FastifyRequest): string {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string') return 'en';
  const wanted = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const primary = tag.split('-')[0];
    if (pageLanguages.includes(primary)) return primary;
  }
  return 'en';
}

function noticeOf(opened: OpenedLink, strings: PageStrings): string {
  return opened.settings.privacy_notice ?? strings.notice.replace('{workspace}', opened.settings.name);
}

/** Reads the score, answers, comment and consent from a survey form, keeping only what the survey asks. */
function surveyValuesOf(
  body: FormBody,
  opened: OpenedLink,
): { values: SurveyValues; problems: Map<string, string> } {
  const survey = opened.survey as NonNullable<OpenedLink['survey']>;
  const problems = new Map<string, string>();
  const values: SurveyValues = { answers: {} };
  const rawScore = single(body.score)?.trim();
  if (rawScore) {
    const score = Number(rawScore);
    if (Number.isInteger(score)) values.score = score;
    else problems.set('score', `must be a whole number, not "${rawScore.slice(0, 20)}"`);
  }
  for (const question of survey.questions) {
    const raw = body[`q.${question.id}`];
    if (raw === undefined) continue;
    if (question.type === 'multi_choice') {
      const chosen = list(raw).filter((item) => item !== '');
      if (chosen.length) values.answers[question.id] = chosen;
    } else {
      const value = single(raw)?.trim();
      if (value) values.answers[question.id] = question.type === 'text' ? value : value.slice(0, 500);
    }
  }
  const comment = single(body.comment)?.trim();
  if (comment) values.comment = comment;
  values.consent = single(body.consent) === 'yes';
  return { values, problems };
}

/** The answers a response records: typed, and only for questions asked at this score. */
function answersToRecord(values: SurveyValues, opened: OpenedLink): Record<string, unknown> {
  const survey = opened.survey as NonNullable<OpenedLink['survey']>;
  const answers: Record<string, unknown> = {};
  for (const question of survey.questions) {
    const value = values.answers[question.id];
    if (value === undefined || !asksFollowUp(question, values.score)) continue;
    answers[question.id] = question.type === 'rating' && typeof value === 'string' ? Number(value) : value;
  }
  return answers;
}

export function registerHostedRoutes(app: HeedApp, { outreach, responses, text }: Services) {
  const hide = { hide: true };

  app.get('/assets/hosted.css', { schema: hide }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(hostedCss),
  );
  app.get('/assets/hosted.js', { schema: hide }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(hostedJs),
  );

  /** Opens the link or answers with the page that explains why it cannot be opened. */
  async function open(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    target: 'survey' | 'feedback',
    /** Open a used single-use link too: its score-only response may still take its comment. */
    allowUsed = false,
  ): Promise<OpenedLink | undefined> {
    const fallback = stringsFor(languageOf(request));
    try {
      const opened = await outreach.openLink(token, target);
      const { language, strings } = stringsFor(opened.survey?.language ?? fallback.language);
      const name = opened.settings.name;
      if (opened.usedAt && !allowUsed) {
        await sendPage(reply, 200, messagePage(language, strings.thanksTitle, strings.alreadyAnswered, name));
        return undefined;
      }
      if (opened.survey && !opened.usedAt) {
        const eligibility = await outreach.eligibility(opened.claims.workspaceId, opened.survey, undefined);
        if (!eligibility.eligible) {
          await sendPage(reply, 410, messagePage(language, strings.closedTitle, strings.closedBody, name));
          return undefined;
        }
      }
      return opened;
    } catch (error) {
      const { language, strings } = fallback;
      if (error instanceof Gone) {
        await sendPage(reply, 410, messagePage(language, strings.expiredTitle, strings.expiredBody));
        return undefined;
      }
      if (error instanceof NotFound) {
        await sendPage(reply, 404, messagePage(language, strings.notFoundTitle, strings.notFoundBody));
        return undefined;
      }
      throw error;
    }
  }

  function renderSurvey(
    reply: FastifyReply,
    status: number,
    opened: OpenedLink,
    token: string,
    step: SurveyStep,
    values: SurveyValues,
    errors: Map<string, string>,
    submission: string,
    amend = false,
  ) {
    const survey = opened.survey as NonNullable<OpenedLink['survey']>;
    const { language, strings } = stringsFor(survey.language);
    return sendPage(
      reply,
      status,
      surveyPage({
        survey,
        workspaceName: opened.settings.name,
        notice: noticeOf(opened, strings),
        language,
        strings,
        action: `/s/${token}`,
        step,
        values,
        errors,
        personal: opened.claims.customerId !== undefined,
        submission,
        amend,
      }),
    );
  }

  function alreadyAnswered(reply: FastifyReply, opened: OpenedLink) {
    const { language, strings } = stringsFor(opened.survey?.language ?? 'en');
    return sendPage(
      reply,
      200,
      messagePage(language, strings.thanksTitle, strings.alreadyAnswered, opened.settings.name),
    );
  }

  /** The response that used a single-use link, while it may still take its comment (score only, a week). */
  async function amendableResponse(opened: OpenedLink) {
    if (!opened.usedBy) return undefined;
    const response = await responses
      .getResponse(opened.claims.workspaceId, opened.usedBy)
      .catch(() => undefined);
    if (!response || response.comment !== null || response.metadata?.one_click !== true) return undefined;
    return Date.now() - response.received_at.getTime() < amendDays * 86_400_000 ? response : undefined;
  }

  app.get(
    '/s/:token',
    { schema: { ...hide, params: tokenParams, querystring: scoreQuery } },
    async (request, reply) => {
      const { token } = request.params;
      const opened = await open(request, reply, token, 'survey', true);
      if (!opened?.survey) return reply;
      const survey = opened.survey;
      if (opened.usedAt) {
        const response = await amendableResponse(opened);
        if (!response) return alreadyAnswered(reply, opened);
        const values = { score: response.score ?? undefined, answers: {} };
        return renderSurvey(reply, 200, opened, token, 'follow-up', values, new Map(), newSubmission(), true);
      }
      const clicked = scoreInScale(request.query.score, survey);
      if (clicked !== undefined && opened.claims.nonce) {
        // One click in an e-mail records the score; the page then asks the rest. Only a single-use link does:
        // a reusable one would record again at every visit.
        const input = {
          survey_id: survey.id,
          score: clicked,
          channel: opened.claims.channel,
          customer: opened.claims.customerId ? { id: opened.claims.customerId } : undefined,
          // Marks a one-click score: only such a response may take its comment afterwards.
          metadata: { language: survey.language, one_click: true },
        };
        try {
          await responses.recordResponse(
            opened.claims.workspaceId,
            input,
            {
              key: `click:${opened.claims.nonce}`,
              requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex'),
            },
            { linkNonce: opened.claims.nonce },
          );
        } catch (error) {
          // Another click got there first: that response stands.
          if (!(error instanceof Conflict || error instanceof IdempotencyMismatch)) throw error;
          return alreadyAnswered(reply, opened);
        }
        const values = { score: clicked, answers: {} };
        return renderSurvey(reply, 200, opened, token, 'follow-up', values, new Map(), newSubmission(), true);
      }
      await outreach.recordContacts(opened.claims.workspaceId, [
        {
          surveyId: opened.survey.id,
          customerId: opened.claims.customerId ?? null,
          channel: opened.claims.channel,
          kind: 'shown',
        },
      ]);
      return renderSurvey(
        reply,
        200,
        opened,
        token,
        'start',
        { score: clicked, answers: {} },
        new Map(),
        newSubmission(),
      );
    },
  );

  app.post(
    '/s/:token',
    { schema: { ...hide, params: tokenParams, body: formBody } },
    async (request, reply) => {
      const { token } = request.params;
      const opened = await open(request, reply, token, 'survey', true);
      if (!opened?.survey) return reply;
      const survey = opened.survey;
      const { strings } = stringsFor(survey.language);
      const body = request.body;
      const submission = submissionOf(body) ?? newSubmission();
      if (opened.usedAt) {
        const response = single(body.amend) === '1' ? await amendableResponse(opened) : undefined;
        if (!response) return alreadyAnswered(reply, opened);
        return amend(reply, opened, token, response, body, submission);
      }
      const { values, problems } = surveyValuesOf(body, opened);
      const rated = survey.scale_min !== null;
      const scoreMissing = rated && values.score === undefined && !problems.has('score');
      if (scoreMissing) problems.set('score', strings.chooseScore);
      const posted = single(body.step);
      const final = !rated || single(body.js) === '1' || posted === 'follow-up' || posted === 'complete';
      if (!final) {
        // Without the script: the score first, then the follow-ups that depend on it.
        const scoreProblems = answerProblems(survey, { score: values.score }).filter(
          (p) => p.path === 'score',
        );
        for (const problem of scoreProblems)
          if (!problems.has('score')) problems.set('score', problem.message);
        if (problems.has('score'))
          return renderSurvey(reply, 400, opened, token, 'start', values, problems, submission);
        return renderSurvey(reply, 200, opened, token, 'follow-up', values, new Map(), submission);
      }
      const answers = answersToRecord(values, opened);
      for (const problem of answerProblems(survey, { score: values.score, answers })) {
        const field = problem.path.startsWith('answers.') ? `q.${problem.path.slice(8)}` : problem.path;
        if (!problems.has(field))
          problems.set(field, problem.message === 'is required' ? strings.required : problem.message);
      }
      if (values.comment && values.comment.length > maxText) problems.set('comment', strings.tooLong);
      if (problems.size > 0)
        return renderSurvey(reply, 400, opened, token, 'complete', values, problems, submission);

      const input = {
        survey_id: survey.id,
        score: values.score ?? null,
        comment: values.comment,
        channel: opened.claims.channel,
        customer: opened.claims.customerId ? { id: opened.claims.customerId } : undefined,
        answers: Object.keys(answers).length ? answers : undefined,
        metadata: {
          language: survey.language,
          contact_consent: opened.claims.customerId ? values.consent : undefined,
        },
      };
      try {
        await responses.recordResponse(
          opened.claims.workspaceId,
          input,
          {
            key: `hosted:${submission}`,
            requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex'),
          },
          { linkNonce: opened.claims.nonce },
        );
      } catch (error) {
        if (error instanceof IdempotencyMismatch || error instanceof Conflict) {
          const { language } = stringsFor(survey.language);
          return sendPage(
            reply,
            200,
            messagePage(language, strings.thanksTitle, strings.alreadyAnswered, opened.settings.name),
          );
        }
        if (error instanceof Invalid || error instanceof NotFound) {
          const fields = new Map<string, string>();
          for (const problem of error.errors ?? [{ path: 'score', message: error.message }])
            fields.set(problem.path || 'score', problem.message);
          return renderSurvey(reply, 400, opened, token, 'complete', values, fields, submission);
        }
        throw error;
      }
      return reply.redirect(`/s/${token}/thanks`, 303);
    },
  );

  /** Completes a score-only response with its comment and follow-up answers, then thanks. */
  async function amend(
    reply: FastifyReply,
    opened: OpenedLink,
    token: string,
    response: { id: string; score: number | null },
    body: FormBody,
    submission: string,
  ) {
    const survey = opened.survey as NonNullable<OpenedLink['survey']>;
    const { strings } = stringsFor(survey.language);
    const { values } = surveyValuesOf(body, opened);
    values.score = response.score ?? undefined;
    const answers = answersToRecord(values, opened);
    const problems = new Map<string, string>();
    if (values.comment && values.comment.length > maxText) problems.set('comment', strings.tooLong);
    try {
      if (problems.size === 0) {
        await responses.amendResponse(opened.claims.workspaceId, response.id, {
          comment: values.comment,
          answers: Object.keys(answers).length ? answers : undefined,
        });
        // The analyser has passed this response already (it had no comment then): it reads the comment now.
        if (values.comment) await text.analyzeItems(opened.claims.workspaceId, [response.id]);
        return reply.redirect(`/s/${token}/thanks`, 303);
      }
    } catch (error) {
      if (error instanceof Conflict) return alreadyAnswered(reply, opened);
      if (!(error instanceof Invalid)) throw error;
      for (const problem of error.errors ?? []) {
        const field = problem.path.startsWith('answers.') ? `q.${problem.path.slice(8)}` : problem.path;
        problems.set(field, problem.message === 'is required' ? strings.required : problem.message);
      }
    }
    return renderSurvey(reply, 400, opened, token, 'follow-up', values, problems, submission, true);
  }

  app.get('/s/:token/thanks', { schema: { ...hide, params: tokenParams } }, async (request, reply) =>
    thanks(request, reply, request.params.token, 'survey'),
  );

  async function thanks(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    target: 'survey' | 'feedback',
  ) {
    try {
      const opened = await outreach.openLink(token, target);
      const { language, strings } = stringsFor(opened.survey?.language ?? languageOf(request));
      return sendPage(
        reply,
        200,
        messagePage(language, strings.thanksTitle, strings.thanksBody, opened.settings.name),
      );
    } catch (error) {
      if (!(error instanceof HeedError)) throw error;
      const { language, strings } = stringsFor(languageOf(request));
      return sendPage(reply, 404, messagePage(language, strings.notFoundTitle, strings.notFoundBody));
    }
  }

  // ---- unsubscribing (the link in every survey e-mail) ----

  /** Opens an unsubscribe link, or answers with the page that says it does not work. */
  async function openUnsubscribe(request: FastifyRequest, reply: FastifyReply, token: string) {
    try {
      return await outreach.openLink(token, 'unsubscribe');
    } catch (error) {
      if (!(error instanceof HeedError)) throw error;
      const { language, strings } = stringsFor(languageOf(request));
      await sendPage(reply, 404, messagePage(language, strings.notFoundTitle, strings.notFoundBody));
      return undefined;
    }
  }

  app.get('/u/:token', { schema: { ...hide, params: tokenParams } }, async (request, reply) => {
    const opened = await openUnsubscribe(request, reply, request.params.token);
    if (!opened) return reply;
    const { language, strings } = stringsFor(languageOf(request));
    const name = opened.settings.name;
    if (await outreach.unsubscribedAt(opened.claims.workspaceId, opened.claims.customerId as string)) {
      return sendPage(
        reply,
        200,
        messagePage(
          language,
          strings.unsubscribedTitle,
          strings.unsubscribedBody.replace('{workspace}', name),
          name,
        ),
      );
    }
    // A GET only asks: link scanners follow links, and must not unsubscribe anyone.
    return sendPage(reply, 200, unsubscribePage(language, strings, name, `/u/${request.params.token}`));
  });

  // The form's button, and mail clients' one-click unsubscribe (RFC 8058: a POST with List-Unsubscribe=One-Click).
  app.post(
    '/u/:token',
    { schema: { ...hide, params: tokenParams, body: formBody } },
    async (request, reply) => {
      const opened = await openUnsubscribe(request, reply, request.params.token);
      if (!opened) return reply;
      await outreach.unsubscribe(opened.claims.workspaceId, opened.claims.customerId as string);
      const { language, strings } = stringsFor(languageOf(request));
      const name = opened.settings.name;
      return sendPage(
        reply,
        200,
        messagePage(
          language,
          strings.unsubscribedTitle,
          strings.unsubscribedBody.replace('{workspace}', name),
          name,
        ),
      );
    },
  );

  // ---- the free-form feedback form ----

  function renderFeedback(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    opened: OpenedLink,
    token: string,
    values: { text?: string; email?: string },
    errors: Map<string, string>,
    submission: string,
  ) {
    const { language, strings } = stringsFor(languageOf(request));
    return sendPage(
      reply,
      status,
      feedbackPage({
        workspaceName: opened.settings.name,
        notice: noticeOf(opened, strings),
        language,
        strings,
        action: `/f/${token}`,
        values,
        errors,
        personal: opened.claims.customerId !== undefined,
        submission,
      }),
    );
  }

  app.get('/f/:token', { schema: { ...hide, params: tokenParams } }, async (request, reply) => {
    const { token } = request.params;
    const opened = await open(request, reply, token, 'feedback');
    if (!opened) return reply;
    return renderFeedback(request, reply, 200, opened, token, {}, new Map(), newSubmission());
  });

  const emailShape = z.email();
  app.post(
    '/f/:token',
    { schema: { ...hide, params: tokenParams, body: formBody } },
    async (request, reply) => {
      const { token } = request.params;
      const opened = await open(request, reply, token, 'feedback');
      if (!opened) return reply;
      const { strings } = stringsFor(languageOf(request));
      const body = request.body;
      const submission = submissionOf(body) ?? newSubmission();
      const text = single(body.text)?.trim() ?? '';
      const email = opened.claims.customerId
        ? undefined
        : single(body.email)?.trim().toLowerCase() || undefined;
      const errors = new Map<string, string>();
      if (text === '') errors.set('text', strings.feedbackEmpty);
      else if (text.length > maxText) errors.set('text', strings.tooLong);
      if (email !== undefined && (email.length > 320 || !emailShape.safeParse(email).success))
        errors.set('email', strings.badEmail);
      if (errors.size > 0)
        return renderFeedback(request, reply, 400, opened, token, { text, email }, errors, submission);
      const input = {
        text,
        channel: opened.claims.channel,
        source: 'feedback-form',
        customer: opened.claims.customerId ? { id: opened.claims.customerId } : email ? { email } : undefined,
      };
      try {
        await responses.recordFeedback(opened.claims.workspaceId, input, {
          key: `hosted:${submission}`,
          requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex'),
        });
      } catch (error) {
        if (error instanceof IdempotencyMismatch) return reply.redirect(`/f/${token}/thanks`, 303);
        if (error instanceof HeedError && error.status < 500) {
          errors.set('text', error.message);
          return renderFeedback(request, reply, 400, opened, token, { text, email }, errors, submission);
        }
        throw error;
      }
      return reply.redirect(`/f/${token}/thanks`, 303);
    },
  );

  app.get('/f/:token/thanks', { schema: { ...hide, params: tokenParams } }, async (request, reply) =>
    thanks(request, reply, request.params.token, 'feedback'),
  );
}
