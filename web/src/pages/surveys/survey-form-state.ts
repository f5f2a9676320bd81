// The survey form's state and its translations: from a template or a stored survey to a draft, from a draft to
// the API's body, the problems to show before sending, and which field an API error path belongs to. Pure, so
// it is tested without a browser.
import type { CsatScale, Question, QuestionType, Survey, SurveyKind, SurveyTemplate } from './api.ts';

/** One further question as the form holds it: text as typed, so a half-written number is not lost. */
export interface QuestionDraft {
  /** A key for React that never changes while the question is on screen. */
  key: string;
  /** The id it has in the API; null until it is saved (then made from its prompt). Kept on edits. */
  id: string | null;
  type: QuestionType;
  prompt: string;
  /** Choice options, one a line. */
  options: string;
  required: boolean;
  /** When it is asked: "always", a score range "min-max", or "custom" (showMin–showMax). */
  when: string;
  showMin: string;
  showMax: string;
  /** The scale of a rating question. */
  min: string;
  max: string;
}

export interface SurveyDraft {
  templateId: string;
  kind: SurveyKind;
  name: string;
  /** Fills the "…" of a standard wording: "How likely are you to recommend Acme…". */
  productName: string;
  question: string;
  /** The wording is still the template's: a new product name rewrites it; once edited by hand it is kept. */
  questionFromTemplate: boolean;
  csatScale: CsatScale;
  /** Custom surveys: whether they start with a rating question, and its scale. */
  rated: boolean;
  ratingMin: string;
  ratingMax: string;
  language: string;
  questions: QuestionDraft[];
  /** The share of eligible people asked, in percent. */
  samplePercent: string;
  /** Stop asking after this many scored responses; empty for no cap. */
  quota: string;
}

/** The template id of a custom survey, which has no template. */
export const customTemplateId = 'custom';

let nextKey = 0;
const newKey = () => `q${++nextKey}`;

/** The product name put in a standard wording when none is given, as the API does. */
const defaultProductName = 'us';

export function wordingOf(template: Pick<SurveyTemplate, 'question'>, productName: string): string {
  return template.question.replace('…', productName.trim() || defaultProductName);
}

export function blankDraft(): SurveyDraft {
  return {
    templateId: 'nps',
    kind: 'nps',
    name: '',
    productName: '',
    question: '',
    questionFromTemplate: true,
    csatScale: '1-5',
    rated: true,
    ratingMin: '1',
    ratingMax: '5',
    language: 'en',
    questions: [],
    samplePercent: '100',
    quota: '',
  };
}

/** The draft after choosing a template (or "custom"): its kind and its wording; what was typed elsewhere stays. */
export function withTemplate(
  draft: SurveyDraft,
  templateId: string,
  templates: readonly SurveyTemplate[],
): SurveyDraft {
  const template = templates.find((t) => t.id === templateId);
  if (!template) {
    return {
      ...draft,
      templateId: customTemplateId,
      kind: 'custom',
      question: draft.questionFromTemplate ? '' : draft.question,
      questionFromTemplate: draft.questionFromTemplate,
      questions: draft.questions.map((q) => ({ ...q, when: 'always' })),
    };
  }
  // Score conditions belong to a scale: a change of kind asks every further question again.
  const sameScale = template.kind === draft.kind;
  return {
    ...draft,
    templateId: template.id,
    kind: template.kind,
    question: draft.questionFromTemplate ? wordingOf(template, draft.productName) : draft.question,
    questions: sameScale ? draft.questions : draft.questions.map((q) => ({ ...q, when: 'always' })),
  };
}

/** The draft on another CSAT scale: score conditions belong to a scale, so each question is asked always again. */
export function withCsatScale(draft: SurveyDraft, csatScale: CsatScale): SurveyDraft {
  if (csatScale === draft.csatScale) return draft;
  return { ...draft, csatScale, questions: draft.questions.map((q) => ({ ...q, when: 'always' })) };
}

/** The draft of a stored survey, for its edit form. */
export function draftFromSurvey(survey: Survey): SurveyDraft {
  const scale = survey.scale;
  const groups = scoreGroups(survey.kind, scale);
  return {
    templateId: survey.kind === 'custom' ? customTemplateId : survey.kind,
    kind: survey.kind,
    name: survey.name,
    productName: '',
    question: survey.question ?? '',
    questionFromTemplate: false,
    csatScale: scale?.style === 'stars' ? '5-star' : scale?.max === 10 ? '1-10' : '1-5',
    rated: scale !== null,
    ratingMin: String(scale?.min ?? 1),
    ratingMax: String(scale?.max ?? 5),
    language: survey.language,
    questions: survey.questions.map((question) => {
      const range = question.show_if ? `${question.show_if.score_min}-${question.show_if.score_max}` : null;
      const preset = range !== null && groups.some((group) => `${group.min}-${group.max}` === range);
      return {
        key: newKey(),
        id: question.id,
        type: question.type,
        prompt: question.prompt,
        options: 'options' in question ? question.options.join('\n') : '',
        required: question.required,
        when: range === null ? 'always' : preset ? range : 'custom',
        showMin: String(question.show_if?.score_min ?? scale?.min ?? 0),
        showMax: String(question.show_if?.score_max ?? scale?.max ?? 10),
        min: String(question.type === 'rating' ? question.min : 1),
        max: String(question.type === 'rating' ? question.max : 5),
      };
    }),
    // Two decimals: 0.35 × 100 is 35.00000000000001 in floating point.
    samplePercent: String(Number((survey.sample_rate * 100).toFixed(2))),
    quota: survey.response_quota === null ? '' : String(survey.response_quota),
  };
}

/** A new further question: text, asked always (or, after a rating, for the given score range). */
export function newQuestion(
  type: QuestionType = 'text',
  prompt = '',
  range?: { min: number; max: number },
): QuestionDraft {
  return {
    key: newKey(),
    id: null,
    type,
    prompt,
    options: '',
    required: false,
    when: range ? `${range.min}-${range.max}` : 'always',
    showMin: String(range?.min ?? 0),
    showMax: String(range?.max ?? 10),
    min: '1',
    max: '5',
  };
}

/** The rating scale the respondent sees first, or null for a custom survey without one. */
export function scaleOfDraft(
  draft: Pick<SurveyDraft, 'kind' | 'csatScale' | 'rated' | 'ratingMin' | 'ratingMax'>,
): { min: number; max: number; style: 'numeric' | 'stars' } | null {
  if (draft.kind === 'nps') return { min: 0, max: 10, style: 'numeric' };
  if (draft.kind === 'ces') return { min: 1, max: 7, style: 'numeric' };
  if (draft.kind === 'csat') {
    if (draft.csatScale === '1-10') return { min: 1, max: 10, style: 'numeric' };
    return { min: 1, max: 5, style: draft.csatScale === '5-star' ? 'stars' : 'numeric' };
  }
  if (!draft.rated) return null;
  const min = wholeNumber(draft.ratingMin);
  const max = wholeNumber(draft.ratingMax);
  if (min === null || max === null || min < 0 || max > 10 || min >= max) return null;
  return { min, max, style: 'numeric' };
}

export interface ScoreGroup {
  label: string;
  min: number;
  max: number;
}

/** The score groups a follow-up is usually asked for: detractors, passives and promoters for NPS, and so on. */
export function scoreGroups(kind: SurveyKind, scale: { min: number; max: number } | null): ScoreGroup[] {
  if (!scale) return [];
  if (kind === 'nps')
    return [
      { label: 'Detractors (0–6)', min: 0, max: 6 },
      { label: 'Passives (7–8)', min: 7, max: 8 },
      { label: 'Promoters (9–10)', min: 9, max: 10 },
    ];
  if (kind === 'csat')
    // Satisfied is the top two boxes of the scale, as CSAT counts it.
    return [
      { label: `Not satisfied (${scale.min}–${scale.max - 2})`, min: scale.min, max: scale.max - 2 },
      { label: `Satisfied (${scale.max - 1}–${scale.max})`, min: scale.max - 1, max: scale.max },
    ];
  if (kind === 'ces')
    return [
      { label: 'Found it hard (1–4)', min: 1, max: 4 },
      { label: 'Found it easy (5–7)', min: 5, max: 7 },
    ];
  return [];
}

/** The group a standard follow-up is asked of: whoever scored low. */
export function lowScoreGroup(
  kind: SurveyKind,
  scale: { min: number; max: number } | null,
): ScoreGroup | null {
  return scoreGroups(kind, scale)[0] ?? null;
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  return Number(trimmed);
}

function decimal(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

const optionsOf = (text: string) =>
  text
    .split('\n')
    .map((option) => option.trim())
    .filter(Boolean);

/** The score range a question is asked for, or undefined when it is always asked. */
export function showIfOf(question: QuestionDraft): { score_min: number; score_max: number } | undefined {
  if (question.when === 'always') return undefined;
  const [min, max] =
    question.when === 'custom'
      ? [wholeNumber(question.showMin), wholeNumber(question.showMax)]
      : question.when.split('-').map((part) => wholeNumber(part));
  if (min === null || max === null || min === undefined || max === undefined) return undefined;
  return { score_min: min, score_max: max };
}

/**
 * An id for a new question from its prompt ("What could we do better?" → what_could_we_do_better): the key
 * its answers carry in exports and the API, so it should read as the question. Unique among `taken`.
 */
export function questionIdFrom(prompt: string, taken: ReadonlySet<string>): string {
  let base = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  if (!/^[a-z]/.test(base)) base = `q_${base}`.replace(/_+$/, '').slice(0, 40);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 40 - String(n).length - 1)}_${n}`;
  return id;
}

/** The further questions as the API takes them, in the draft's order (so error paths point at the right one). */
export function questionsBody(draft: SurveyDraft): Question[] {
  // "score" is the rating's own key in answers: the API refuses it as a question id.
  const taken = new Set<string>(['score', ...draft.questions.flatMap((q) => (q.id ? [q.id] : []))]);
  const rated = scaleOfDraft(draft) !== null;
  return draft.questions.map((draftQuestion) => {
    const id = draftQuestion.id ?? questionIdFrom(draftQuestion.prompt, taken);
    taken.add(id);
    const showIf = rated ? showIfOf(draftQuestion) : undefined;
    const common = {
      id,
      prompt: draftQuestion.prompt.trim(),
      required: draftQuestion.required,
      ...(showIf ? { show_if: showIf } : {}),
    };
    if (draftQuestion.type === 'text') return { ...common, type: 'text' };
    if (draftQuestion.type === 'rating')
      return {
        ...common,
        type: 'rating',
        min: wholeNumber(draftQuestion.min) ?? Number.NaN,
        max: wholeNumber(draftQuestion.max) ?? Number.NaN,
      };
    return { ...common, type: draftQuestion.type, options: optionsOf(draftQuestion.options) };
  });
}

const sampleRateOf = (draft: SurveyDraft) => (decimal(draft.samplePercent) ?? Number.NaN) / 100;
const quotaOf = (draft: SurveyDraft) => (draft.quota.trim() === '' ? null : wholeNumber(draft.quota));

/** POST /v1/surveys's body. */
export function createBody(draft: SurveyDraft): Record<string, unknown> {
  const question = draft.question.trim();
  return {
    kind: draft.kind,
    name: draft.name.trim(),
    language: draft.language,
    ...(question ? { question } : {}),
    ...(draft.kind === 'csat' ? { scale: draft.csatScale } : {}),
    ...(draft.kind === 'custom' && draft.rated
      ? { rating: { min: wholeNumber(draft.ratingMin), max: wholeNumber(draft.ratingMax) } }
      : {}),
    questions: questionsBody(draft),
    sample_rate: sampleRateOf(draft),
    response_quota: quotaOf(draft),
  };
}

/** PATCH /v1/surveys/{id}'s body: what an edit may change (the kind and the scale stay). */
export function updateBody(draft: SurveyDraft): Record<string, unknown> {
  const question = draft.question.trim();
  return {
    name: draft.name.trim(),
    language: draft.language,
    ...(question ? { question } : {}),
    questions: questionsBody(draft),
    sample_rate: sampleRateOf(draft),
    response_quota: quotaOf(draft),
  };
}

/** Problems found before sending, by field key (see fieldOfApiPath), in the order the form shows them. */
export function draftProblems(draft: SurveyDraft): Map<string, string> {
  const problems = new Map<string, string>();
  if (!draft.name.trim()) problems.set('name', 'Give the survey a name, such as “Quarterly NPS”.');
  else if (draft.name.trim().length > 200) problems.set('name', 'Keep the name under 200 characters.');
  const scale = scaleOfDraft(draft);
  if (draft.kind === 'custom' && draft.rated) {
    const min = wholeNumber(draft.ratingMin);
    const max = wholeNumber(draft.ratingMax);
    if (min === null || max === null || min < 0 || max > 10 || min >= max)
      problems.set('rating', 'Choose a scale from 0–10 whose lowest point is below its highest.');
  }
  const question = draft.question.trim();
  if ((draft.kind !== 'custom' || draft.rated) && !question)
    problems.set('question', 'Write the question people rate.');
  else if (question.length > 500) problems.set('question', 'Keep the question under 500 characters.');
  if (draft.questions.length > 50)
    problems.set('questions', 'A survey can have at most 50 further questions.');
  draft.questions.forEach((q, index) => {
    const at = (field: string) => `questions.${index}.${field}`;
    if (!q.prompt.trim()) problems.set(at('prompt'), 'Write the question.');
    else if (q.prompt.trim().length > 500)
      problems.set(at('prompt'), 'Keep the question under 500 characters.');
    if (q.type === 'single_choice' || q.type === 'multi_choice') {
      const options = optionsOf(q.options);
      if (options.length < 2) problems.set(at('options'), 'Give at least two options, one a line.');
      else if (options.length > 50) problems.set(at('options'), 'Give at most 50 options.');
      else if (new Set(options).size !== options.length)
        problems.set(at('options'), 'Give each option once.');
      else if (options.some((option) => option.length > 200))
        problems.set(at('options'), 'Keep each option under 200 characters.');
    }
    if (q.type === 'rating') {
      const min = wholeNumber(q.min);
      const max = wholeNumber(q.max);
      if (min === null || max === null || min < 0 || max > 10 || min >= max)
        problems.set(at('range'), 'Choose a scale from 0–10 whose lowest point is below its highest.');
    }
    if (scale && q.when === 'custom') {
      const min = wholeNumber(q.showMin);
      const max = wholeNumber(q.showMax);
      if (min === null || max === null || min > max || min < scale.min || max > scale.max)
        problems.set(
          at('show_if'),
          `Choose scores within ${scale.min}–${scale.max}, the first no higher than the second.`,
        );
    }
  });
  const sample = decimal(draft.samplePercent);
  if (sample === null || sample <= 0 || sample > 100)
    problems.set('sample_rate', 'Enter a share above 0 and at most 100%.');
  if (draft.quota.trim() !== '') {
    const quota = wholeNumber(draft.quota);
    if (quota === null || quota < 1 || quota > 100_000_000)
      problems.set('response_quota', 'Enter a whole number of responses, or leave it empty for no cap.');
  }
  return problems;
}

/**
 * The form field an API error path belongs to ("questions[2].options[0]" → "questions.2.options"), or null for
 * a problem no field shows (it is listed above the form).
 */
export function fieldOfApiPath(path: string): string | null {
  const question = /^questions\[(\d+)\](?:\.([a-z_]+))?/.exec(path);
  if (question) {
    const [, index, field] = question;
    const at = (name: string) => `questions.${index}.${name}`;
    if (field === 'options') return at('options');
    if (field === 'min' || field === 'max') return at('range');
    if (field === 'show_if') return at('show_if');
    // Ids are made from prompts, and the type is chosen from a list: the prompt is where to look.
    return at('prompt');
  }
  if (path === 'rating' || path.startsWith('rating.')) return 'rating';
  const top = path.split(/[.[]/)[0];
  return ['name', 'question', 'language', 'scale', 'questions', 'sample_rate', 'response_quota'].includes(top)
    ? top
    : null;
}

/** Whether a further question is asked for the score chosen so far (none chosen: only unconditional ones). */
export function asksQuestion(question: Pick<Question, 'show_if'>, score: number | null): boolean {
  if (!question.show_if) return true;
  return score !== null && score >= question.show_if.score_min && score <= question.show_if.score_max;
}
