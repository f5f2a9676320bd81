// The hosted pages customers see: a survey, the free-form feedback form, thank-you and error pages.
// Server-rendered and complete without JavaScript (plain form posts); a small script only makes the
// follow-up questions appear as a score is chosen. Mobile-first, labelled for screen readers, keyboard-operable.
import type { Question } from '../surveys/schema.ts';
import type { SurveyRow } from '../surveys/service.ts';
import { html, type SafeHtml } from './html.ts';
import type { PageStrings } from './strings.ts';

/** What a visitor entered so far, to show again with errors or carry to the next step. */
export interface SurveyValues {
  score?: number;
  answers: Record<string, string | string[]>;
  comment?: string;
  consent?: boolean;
}

/**
 * Which part of the survey a page shows. `start`: everything, the follow-ups hidden until a score is chosen
 * (the script reveals them; without it the form goes to `follow-up`). `follow-up`: the questions that follow
 * the chosen score. `complete`: everything that applies, shown (a page sent back with errors).
 */
export type SurveyStep = 'start' | 'follow-up' | 'complete';

export interface SurveyPage {
  survey: SurveyRow;
  workspaceName: string;
  notice: string;
  language: string;
  strings: PageStrings;
  action: string;
  step: SurveyStep;
  values: SurveyValues;
  /** Problems by field name (score, comment, q.<id>), shown beside the field and summarised on top. */
  errors: Map<string, string>;
  /** A personal link: the visitor is known, so they may agree to be contacted. */
  personal: boolean;
  /** Sent back with the form so a double submission writes one response. */
  submission: string;
  /** The score is recorded already (a one-click e-mail score): the follow-ups complete that response. */
  amend?: boolean;
}

const COMMENT_BLOCK = 'comment';

function layout(page: { language: string; title: string; body: SafeHtml; script?: boolean }): string {
  return html`<!doctype html>
<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${page.title}</title>
<link rel="stylesheet" href="/assets/hosted.css">
${page.script ? html`<script src="/assets/hosted.js" defer></script>` : ''}
</head>
<body>
<main class="card">
${page.body}
</main>
</body>
</html>
`.value;
}

/** Whether a follow-up applies to a score: always without a condition, else when the score is in its range. */
export function asksFollowUp(question: Pick<Question, 'show_if'>, score: number | undefined): boolean {
  if (!question.show_if) return true;
  return score !== undefined && score >= question.show_if.score_min && score <= question.show_if.score_max;
}

function hasRating(survey: SurveyRow): survey is SurveyRow & { scale_min: number; scale_max: number } {
  return survey.scale_min !== null && survey.scale_max !== null;
}

function errorText(id: string, message: string | undefined) {
  return message ? html`<p class="error" id="${id}-error">${message}</p>` : '';
}

function ratingField(page: SurveyPage) {
  const { survey, strings, values, errors } = page;
  if (!hasRating(survey)) return '';
  const error = errors.get('score');
  const options = [];
  for (let score = survey.scale_min; score <= survey.scale_max; score += 1) {
    const label =
      survey.rating_style === 'stars'
        ? html`<span aria-hidden="true">${'★'.repeat(score)}</span><span class="visually-hidden">${strings.stars(score)}</span>`
        : html`${score}`;
    options.push(
      html`<input type="radio" class="visually-hidden" name="score" id="score-${score}" value="${score}"${html`${values.score === score ? ' checked' : ''}`}><label for="score-${score}">${label}</label>`,
    );
  }
  const described = ['score-anchors', error ? 'score-error' : ''].filter(Boolean).join(' ');
  return html`<fieldset class="rating${survey.rating_style === 'stars' ? ' stars' : ''}" aria-describedby="${described}"${html`${error ? ' aria-invalid="true"' : ''}`}>
<legend><h1>${survey.question}</h1></legend>
${errorText('score', error)}
<div class="scale scale-${survey.scale_max - survey.scale_min + 1}">${options}</div>
<p class="anchors" id="score-anchors"><span>${survey.scale_min} = ${strings.scaleLow[survey.kind]}</span><span>${survey.scale_max} = ${strings.scaleHigh[survey.kind]}</span></p>
</fieldset>`;
}

/** The visible or hidden wrapper of a follow-up, with the score range the script shows it for. */
function block(
  page: SurveyPage,
  id: string,
  range: { min: number; max: number } | undefined,
  content: SafeHtml,
) {
  const shown =
    page.step !== 'start' || !range || (page.values.score !== undefined && inRange(page.values.score, range));
  const data = range ? html` data-show-min="${range.min}" data-show-max="${range.max}"` : '';
  return html`<div class="question" id="block-${id}"${data}${html`${shown ? '' : ' hidden'}`}>${content}</div>`;
}

function inRange(score: number, range: { min: number; max: number }) {
  return score >= range.min && score <= range.max;
}

function questionField(page: SurveyPage, question: Question) {
  const name = `q.${question.id}`;
  const error = page.errors.get(name);
  const value = page.values.answers[question.id];
  const requiredMark = question.required ? '' : html` <span class="hint">(${page.strings.optional})</span>`;
  const invalid = error ? html` aria-invalid="true" aria-describedby="${name}-error"` : '';
  if (question.type === 'text') {
    return html`<label for="${name}">${question.prompt}${requiredMark}</label>
${errorText(name, error)}
<textarea id="${name}" name="${name}" rows="4" maxlength="10000"${invalid}>${typeof value === 'string' ? value : ''}</textarea>`;
  }
  const choices: Array<{ value: string; label: SafeHtml }> =
    question.type === 'rating'
      ? Array.from({ length: question.max - question.min + 1 }, (_, i) => ({
          value: String(question.min + i),
          label: html`${question.min + i}`,
        }))
      : question.options.map((option) => ({ value: option, label: html`${option}` }));
  const type = question.type === 'multi_choice' ? 'checkbox' : 'radio';
  const chosen = (option: string) => (Array.isArray(value) ? value.includes(option) : value === option);
  const inputs = choices.map(
    (choice, index) =>
      html`<div class="choice"><input type="${type}" name="${name}" id="${name}-${index}" value="${choice.value}"${html`${chosen(choice.value) ? ' checked' : ''}`}><label for="${name}-${index}">${choice.label}</label></div>`,
  );
  return html`<fieldset${invalid}><legend>${question.prompt}${requiredMark}</legend>
${errorText(name, error)}
<div class="${question.type === 'rating' ? 'scale small' : 'choices'}">${inputs}</div></fieldset>`;
}

function commentField(page: SurveyPage) {
  const { strings, values, errors, survey } = page;
  const error = errors.get('comment');
  const prompt = hasRating(survey) ? strings.reason : strings.commentOptional;
  const invalid = error ? html` aria-invalid="true" aria-describedby="comment-error"` : '';
  return html`<label for="comment">${prompt} <span class="hint">(${strings.optional})</span></label>
${errorText('comment', error)}
<textarea id="comment" name="comment" rows="4" maxlength="10000"${invalid}>${values.comment ?? ''}</textarea>`;
}

function hiddenValues(page: SurveyPage, keep: (question: Question) => boolean) {
  const fields = [];
  if (page.values.score !== undefined)
    fields.push(html`<input type="hidden" name="score" value="${page.values.score}">`);
  for (const question of page.survey.questions) {
    if (!keep(question)) continue;
    const value = page.values.answers[question.id];
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      fields.push(html`<input type="hidden" name="q.${question.id}" value="${item}">`);
    }
  }
  return fields;
}

/** The question a field answers, as the error summary names it. */
function promptOf(page: SurveyPage, field: string): string {
  if (field === 'score') return page.survey.question ?? page.survey.name;
  if (field === 'comment') return hasRating(page.survey) ? page.strings.reason : page.strings.commentOptional;
  const question = page.survey.questions.find((q) => `q.${q.id}` === field);
  return question?.prompt ?? field;
}

function errorSummary(page: SurveyPage) {
  if (page.errors.size === 0) return '';
  // Each problem names its question and links to it, so a screen-reader user can go straight there.
  const items = [...page.errors.entries()].map(
    ([field, message]) =>
      html`<li><a href="#${field === 'score' ? `score-${page.survey.scale_min}` : field}">${promptOf(page, field)} — ${message}</a></li>`,
  );
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary"><p>${page.strings.errorSummary}</p><ul>${items}</ul></div>`;
}

/** The survey page for one step. */
export function surveyPage(page: SurveyPage): string {
  const { survey, strings, step, values } = page;
  const rated = hasRating(survey);
  const scale = rated ? { min: survey.scale_min as number, max: survey.scale_max as number } : undefined;
  const sections: Array<SafeHtml | string> = [];
  if (step !== 'follow-up') sections.push(ratingField(page));
  else {
    sections.push(html`<h1>${survey.question ?? survey.name}</h1>`);
    if (page.amend) sections.push(html`<p class="recorded" role="status">${strings.scoreRecorded}</p>`);
    if (!page.amend) sections.push(...hiddenValues(page, (q) => !q.show_if));
  }
  // Questions without a condition are asked with the score; conditional ones and the comment follow it.
  for (const question of survey.questions) {
    const conditional = question.show_if !== undefined;
    // After a one-click score nothing else was asked yet: every question comes with the follow-ups.
    if (step === 'follow-up' && !conditional && !page.amend) continue;
    if (step === 'follow-up' && !asksFollowUp(question, values.score)) continue;
    if (step === 'complete' && conditional && !asksFollowUp(question, values.score)) continue;
    const range = question.show_if
      ? { min: question.show_if.score_min, max: question.show_if.score_max }
      : undefined;
    sections.push(block(page, question.id, range, questionField(page, question)));
  }
  sections.push(
    block(page, COMMENT_BLOCK, rated && step === 'start' ? scale : undefined, commentField(page)),
  );
  if (page.personal) {
    sections.push(
      html`<div class="question consent"><input type="checkbox" name="consent" id="consent" value="yes"${html`${values.consent ? ' checked' : ''}`}><label for="consent">${strings.contactConsent}</label></div>`,
    );
  }
  // Without the script, a survey with a score goes on to its follow-ups before it is sent.
  const twoSteps = rated && step === 'start';
  const body = html`${errorSummary(page)}
<p class="brand">${page.workspaceName}</p>
<form method="post" action="${page.action}" novalidate data-two-steps="${twoSteps ? 'yes' : 'no'}" data-send-label="${strings.submit}" data-sending-label="${strings.sending}">
<input type="hidden" name="submission" value="${page.submission}">
<input type="hidden" name="step" value="${step}">
<input type="hidden" name="js" value="">
${page.amend ? html`<input type="hidden" name="amend" value="1">` : ''}
${sections}
<button type="submit">${twoSteps ? strings.next : strings.submit}</button>
</form>
<p class="notice">${page.notice}</p>`;
  return layout({ language: page.language, title: survey.question ?? survey.name, body, script: true });
}

/** A page with a heading and a sentence: thanks, already answered, not found, expired, closed. */
export function messagePage(
  language: string,
  title: string,
  message: string,
  workspaceName?: string,
): string {
  const body = html`${workspaceName ? html`<p class="brand">${workspaceName}</p>` : ''}<h1>${title}</h1><p>${message}</p>`;
  return layout({ language, title, body });
}

/** Asks before unsubscribing: a button posts the form (a link scanner's GET changes nothing). */
export function unsubscribePage(
  language: string,
  strings: PageStrings,
  workspaceName: string,
  action: string,
): string {
  const body = html`<p class="brand">${workspaceName}</p><h1>${strings.unsubscribeTitle}</h1><p>${strings.unsubscribeBody}</p>
<form method="post" action="${action}"><input type="hidden" name="confirm" value="yes"><button type="submit">${strings.unsubscribeButton}</button></form>`;
  return layout({ language, title: strings.unsubscribeTitle, body });
}

export interface FeedbackPage {
  workspaceName: string;
  notice: string;
  language: string;
  strings: PageStrings;
  action: string;
  values: { text?: string; email?: string };
  errors: Map<string, string>;
  /** A personal link: the sender is known, so no e-mail field. */
  personal: boolean;
  submission: string;
}

/** The free-form "tell us anything" form. */
export function feedbackPage(page: FeedbackPage): string {
  const { strings, values, errors } = page;
  const textError = errors.get('text');
  const emailError = errors.get('email');
  const summary = errors.size
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary"><p>${strings.errorSummary}</p><ul>${[
        ...errors.entries(),
      ].map(([field, message]) => html`<li><a href="#${field}">${message}</a></li>`)}</ul></div>`
    : '';
  const body = html`${summary}
<p class="brand">${page.workspaceName}</p>
<h1>${strings.feedbackTitle}</h1>
<form method="post" action="${page.action}" novalidate data-send-label="${strings.submit}" data-sending-label="${strings.sending}">
<input type="hidden" name="submission" value="${page.submission}">
<div class="question"><label for="text">${strings.feedbackPrompt}</label>
${errorText('text', textError)}
<textarea id="text" name="text" rows="6" maxlength="10000"${textError ? html` aria-invalid="true" aria-describedby="text-error"` : ''}>${values.text ?? ''}</textarea></div>
${
  page.personal
    ? ''
    : html`<div class="question"><label for="email">${strings.feedbackEmail} <span class="hint">(${strings.optional})</span></label>
${errorText('email', emailError)}
<input type="email" id="email" name="email" autocomplete="email" value="${values.email ?? ''}"${emailError ? html` aria-invalid="true" aria-describedby="email-error"` : ''}></div>`
}
<button type="submit">${strings.submit}</button>
</form>
<p class="notice">${page.notice}</p>`;
  return layout({ language: page.language, title: strings.feedbackTitle, body, script: true });
}
