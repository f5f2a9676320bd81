// `heed import responses FILE.csv`: CSV rows → survey responses (the shared part is in csv-import.ts).
import { type ResponseInput, responseInput } from '../domains/responses/schema.ts';
import { answerProblems, type SurveyRow } from '../domains/surveys/service.ts';
import { type FieldProblem, NotFound } from '../errors.ts';
import type { Services } from '../services.ts';
import { uuid } from '../shared/schemas.ts';
import { CliError } from './context.ts';
import {
  addProblem,
  type CheckedRow,
  type ColumnMapping,
  type CsvImportOptions,
  cellOf,
  type ImportSummary,
  importCsv,
  problemOf,
  quote,
  timestampOf,
  writeBatchOrAlone,
} from './csv-import.ts';

export type { ImportSummary } from './csv-import.ts';

export interface ImportMapping {
  survey?: string;
  score: string;
  comment?: string;
  channel?: string;
  externalId?: string;
  email?: string;
  segment?: string;
  submittedAt?: string;
}

export interface ImportOptions extends CsvImportOptions {
  surveyId: string;
  mapping: ImportMapping;
}

type Field = keyof ImportMapping;

/** Where each ResponseInput field comes from, so a reason names the column the user knows. */
const fieldOfPath: Record<string, Field> = {
  survey_id: 'survey',
  score: 'score',
  comment: 'comment',
  channel: 'channel',
  submitted_at: 'submittedAt',
  customer: 'externalId',
  'customer.external_id': 'externalId',
  'customer.email': 'email',
  'customer.segment': 'segment',
};

export async function importResponses(
  services: Services,
  workspaceId: string,
  file: string,
  options: ImportOptions,
): Promise<ImportSummary> {
  if (!isUuid(options.surveyId)) throw new CliError(`The survey id "${options.surveyId}" is not a UUID.`);
  const defaultSurvey = await services.surveys.getSurvey(workspaceId, options.surveyId);
  if (defaultSurvey.status === 'archived')
    throw new CliError(
      `Survey ${defaultSurvey.id} "${defaultSurvey.name}" is archived and takes no responses.`,
    );
  const surveys = new Map<string, Promise<SurveyRow | undefined>>([
    [defaultSurvey.id, Promise.resolve(defaultSurvey)],
  ]);
  const surveyById = (id: string) => {
    // Not a UUID: the row is rejected for it, without asking the database.
    if (!isUuid(id)) return undefined;
    let found = surveys.get(id);
    if (!found) {
      found = services.surveys.getSurvey(workspaceId, id).catch((error: unknown) => {
        if (error instanceof NotFound) return undefined;
        throw error;
      });
      surveys.set(id, found);
    }
    return found;
  };

  return importCsv(
    file,
    {
      noun: 'response',
      mapping: options.mapping,
      required: [{ field: 'score', flag: '--score-column' }],
      fieldOfPath,
      check: async (record, columns) => {
        const named = columns.survey && cellOf(record, columns.survey);
        const survey = named ? await surveyById(named) : defaultSurvey;
        return checkRow(record, columns, survey, defaultSurvey.id);
      },
      write: (inputs) =>
        writeBatchOrAlone(
          inputs,
          async (batch) => {
            const { body } = await services.responses.recordResponseBatch(workspaceId, batch);
            if (!('results' in body)) throw new Error('A batch write answers with its results.');
            return body;
          },
          /^responses\[\d+\]\.?/,
        ),
      stored: (sourceIds) => services.responses.storedSourceIds(workspaceId, 'response', sourceIds),
    },
    options,
  );
}

const isUuid = (value: string) => uuid.safeParse(value).success;

/** A row as the API would receive it, checked by the API's schema and the survey's own rules. */
function checkRow(
  record: Record<string, string>,
  columns: ColumnMapping<Field>,
  survey: SurveyRow | undefined,
  defaultSurveyId: string,
): CheckedRow<ResponseInput> {
  const surveyId = cellOf(record, columns.survey) ?? defaultSurveyId;
  if (!survey) {
    const message = isUuid(surveyId) ? 'no such survey in this workspace' : 'must be a UUID';
    return { problems: [{ path: 'survey_id', message }] };
  }

  const problems: FieldProblem[] = [];
  const scoreText = cellOf(record, columns.score);
  let score: number | undefined;
  if (scoreText !== undefined) {
    // Text such as "9.0" or "nine" is refused rather than guessed at.
    if (/^[+-]?\d+$/.test(scoreText)) score = Number(scoreText);
    else {
      const range = survey.scale_min !== null ? ` ${survey.scale_min}–${survey.scale_max}` : '';
      addProblem(problems, { path: 'score', message: `must be an integer${range}, not ${quote(scoreText)}` });
    }
  }
  const externalId = cellOf(record, columns.externalId);
  const email = cellOf(record, columns.email);
  const candidate = {
    survey_id: surveyId,
    score,
    comment: cellOf(record, columns.comment),
    channel: cellOf(record, columns.channel)?.toLowerCase() ?? 'import',
    // Without an e-mail or id there is nobody to attach a segment to: the response is anonymous.
    customer:
      externalId !== undefined || email !== undefined
        ? { external_id: externalId, email, segment: cellOf(record, columns.segment) }
        : undefined,
    submitted_at: timestampOf(cellOf(record, columns.submittedAt)),
  };
  // The survey's wording of a problem ("an integer 0–10 for this nps survey") beats the schema's.
  for (const problem of answerProblems(survey, candidate)) addProblem(problems, problem);
  const parsed = responseInput.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) addProblem(problems, problemOf(issue, ['submitted_at']));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { input: parsed.data };
}
