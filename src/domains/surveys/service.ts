// Surveys: create from the standard templates or custom questions, list, get, archive; and the
// answer checks every channel's ingest applies.
import type { Db } from '../../db/connect.ts';
import { type FieldProblem, NotFound } from '../../errors.ts';
import { decodeCursor, newId } from '../../shared/ids.ts';
import { TtlCache } from '../../shared/ttl-cache.ts';
import type { SurveyInput, SurveyUpdateInput } from './schema.ts';
import * as store from './store.ts';
import { defaultQuestion, scaleOf } from './templates.ts';

export type { SurveyRow } from './store.ts';

/** What a response must satisfy, checked against the survey it answers. */
export function answerProblems(
  survey: store.SurveyRow,
  answer: { score?: number | null; answers?: Record<string, unknown> },
  path = '',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (survey.status === 'archived')
    problems.push({ path: at('survey_id'), message: 'is archived and takes no responses' });
  const score = answer.score;
  if (survey.scale_min !== null && survey.scale_max !== null) {
    if (score === undefined || score === null) {
      if (survey.kind !== 'custom')
        problems.push({ path: at('score'), message: `is required for a ${survey.kind} survey` });
    } else if (score < survey.scale_min || score > survey.scale_max) {
      problems.push({
        path: at('score'),
        message: `must be an integer ${survey.scale_min}–${survey.scale_max} for this ${survey.kind} survey`,
      });
    }
  } else if (score !== undefined && score !== null) {
    problems.push({ path: at('score'), message: 'is not asked by this survey; put ratings in answers' });
  }
  const answers = answer.answers ?? {};
  const questions = new Map(survey.questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(answers)) {
    const question = questions.get(id);
    const where = at(`answers.${id}`);
    if (!question) {
      problems.push({ path: where, message: 'is not a question of this survey' });
      continue;
    }
    if (question.type === 'rating') {
      if (!Number.isInteger(value) || (value as number) < question.min || (value as number) > question.max)
        problems.push({ path: where, message: `must be an integer ${question.min}–${question.max}` });
    } else if (question.type === 'single_choice') {
      if (typeof value !== 'string' || !question.options.includes(value))
        problems.push({ path: where, message: `must be one of: ${question.options.join(', ')}` });
    } else if (question.type === 'multi_choice') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !question.options.includes(v)))
        problems.push({ path: where, message: `must be a list of: ${question.options.join(', ')}` });
    } else if (typeof value !== 'string' || value.length > 10_000) {
      problems.push({ path: where, message: 'must be text of at most 10,000 characters' });
    }
  }
  for (const question of survey.questions) {
    const asked =
      !question.show_if ||
      (typeof score === 'number' &&
        score >= question.show_if.score_min &&
        score <= question.show_if.score_max);
    if (question.required && asked && answers[question.id] === undefined)
      problems.push({ path: at(`answers.${question.id}`), message: 'is required' });
  }
  return problems;
}

export class SurveyService {
  // Ingest checks every response against its survey: a few seconds of staleness is fine, a query each time is not.
  private readonly cache: TtlCache<string, store.SurveyRow>;

  constructor(
    private readonly db: Db,
    cacheSeconds: number,
  ) {
    this.cache = new TtlCache(cacheSeconds * 1000, 10_000);
  }

  async createSurvey(workspaceId: string, input: SurveyInput) {
    const scale =
      input.kind === 'custom'
        ? input.rating
          ? { ...input.rating, style: 'numeric' as const }
          : null
        : scaleOf(input.kind, input.scale);
    return store.insertSurvey(this.db, {
      workspace_id: workspaceId,
      id: newId(),
      kind: input.kind,
      name: input.name,
      language: input.language,
      question: input.question ?? defaultQuestion(input.kind, input.product_name),
      scale_min: scale?.min ?? null,
      scale_max: scale?.max ?? null,
      rating_style: scale?.style ?? 'numeric',
      questions: input.questions,
      sample_rate: input.sample_rate ?? 1,
      response_quota: input.response_quota ?? null,
    });
  }

  async getSurvey(workspaceId: string, id: string) {
    const survey = await store.findSurvey(this.db, workspaceId, id);
    if (!survey) throw new NotFound(`Survey ${id}`);
    return survey;
  }

  /** The survey as ingest sees it (cached briefly); undefined when it does not exist in the workspace. */
  async findSurveyForIngest(workspaceId: string, id: string): Promise<store.SurveyRow | undefined> {
    const cacheKey = `${workspaceId}/${id}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const survey = await store.findSurvey(this.db, workspaceId, id);
    if (survey) this.cache.set(cacheKey, survey);
    return survey;
  }

  listSurveys(
    workspaceId: string,
    query: { limit: number; cursor?: string; status?: string; kind?: string },
  ) {
    return store.listSurveys(this.db, workspaceId, { ...query, after: decodeCursor(query.cursor) });
  }

  async updateSurvey(workspaceId: string, id: string, changes: SurveyUpdateInput) {
    const survey = await store.updateSurvey(this.db, workspaceId, id, changes);
    if (!survey) throw new NotFound(`Survey ${id}`);
    this.cache.delete(`${workspaceId}/${id}`);
    return survey;
  }

  async archiveSurvey(workspaceId: string, id: string) {
    const survey = await store.archiveSurvey(this.db, workspaceId, id);
    if (!survey) throw new NotFound(`Survey ${id}`);
    this.cache.delete(`${workspaceId}/${id}`);
    return survey;
  }
}
