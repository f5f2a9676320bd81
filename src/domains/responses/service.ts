// Ingest of survey responses and free-form feedback from every channel, through group commit.
import type { Db } from '../../db/connect.ts';
import { GroupCommit } from '../../db/group-commit.ts';
import {
  type Idempotency,
  type UnitAnswer,
  type UnitOf,
  writeIdempotently,
} from '../../db/idempotent-write.ts';
import { type FieldProblem, Invalid, NotFound } from '../../errors.ts';
import { decodeCursor, newId } from '../../shared/ids.ts';
import { resolveCustomersOfUnits } from '../customers/service.ts';
import { answerProblems, type SurveyService } from '../surveys/service.ts';
import { redactPii } from '../text/redact.ts';
import {
  type PresentedFeedback,
  type PresentedResponse,
  presentFeedback,
  presentResponse,
} from './present.ts';
import type { FeedbackInput, FeedbackListQuery, ResponseInput, ResponseListQuery } from './schema.ts';
import * as store from './store.ts';

export type { FeedbackRow, ResponseRow } from './store.ts';

interface PendingResponse {
  input: ResponseInput;
  row: store.ResponseRow;
}
interface PendingFeedback {
  input: FeedbackInput;
  row: store.FeedbackRow;
}

/** One request's responses; a batch answers with ids, a single submission with the response. */
type ResponseUnit = UnitOf<PendingResponse> & { batch: boolean };

type ResponseBody =
  | PresentedResponse
  | { count: number; results: Array<{ id: string; customer_id: string | null }> };

export interface GroupCommitSettings {
  maxWaitMs: number;
  maxItems: number;
}

/** Whether a workspace redacts PII from comments before they are stored (its setting, on by default). */
export type RedactionPolicy = (workspaceId: string) => Promise<boolean>;

/** The answers with PII replaced in every text value, at any depth. */
function redactAnswers(value: unknown): unknown {
  if (typeof value === 'string') return redactPii(value).text;
  if (Array.isArray(value)) return value.map(redactAnswers);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, redactAnswers(child)]));
  }
  return value;
}

export class ResponseService {
  private readonly responseWriter: GroupCommit<ResponseUnit, UnitAnswer<ResponseBody>>;
  private readonly feedbackWriter: GroupCommit<UnitOf<PendingFeedback>, UnitAnswer<PresentedFeedback>>;

  constructor(
    private readonly db: Db,
    private readonly surveys: SurveyService,
    settings: GroupCommitSettings,
    private readonly redactsPii: RedactionPolicy,
  ) {
    const common = {
      maxWaitMs: settings.maxWaitMs,
      maxWeight: settings.maxItems,
      concurrency: db.connections,
    };
    this.responseWriter = new GroupCommit({
      ...common,
      weightOf: (unit) => unit.rows.length,
      write: (units) =>
        writeIdempotently<ResponseUnit, ResponseBody>(db, units, async (tx, fresh) => {
          const customers = await resolveCustomersOfUnits(
            tx,
            fresh,
            (pending: PendingResponse) => ({ ref: pending.input.customer, seenAt: pending.row.submitted_at }),
            (unit, index) => (unit.batch ? `responses[${index}].customer` : 'customer'),
          );
          const written: store.ResponseRow[] = [];
          const outcomes = fresh.map((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return { error: resolution.error };
            unit.rows.forEach((pending, rowIndex) => {
              const customer = resolution.customers[rowIndex];
              pending.row.customer_id = customer?.id ?? null;
              pending.row.segment = customer?.segment ?? null;
              pending.row.account_id = customer?.accountId ?? null;
              written.push(pending.row);
            });
            const body: ResponseBody = unit.batch
              ? {
                  count: unit.rows.length,
                  results: unit.rows.map((p) => ({ id: p.row.id, customer_id: p.row.customer_id })),
                }
              : presentResponse(unit.rows[0].row);
            return { status: 201, body };
          });
          await store.insertResponses(tx, written);
          return outcomes;
        }),
    });
    this.feedbackWriter = new GroupCommit({
      ...common,
      write: (units) =>
        writeIdempotently<UnitOf<PendingFeedback>, PresentedFeedback>(db, units, async (tx, fresh) => {
          const customers = await resolveCustomersOfUnits(
            tx,
            fresh,
            (pending: PendingFeedback) => ({ ref: pending.input.customer, seenAt: pending.row.submitted_at }),
            () => 'customer',
          );
          const written: store.FeedbackRow[] = [];
          const outcomes = fresh.map((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return { error: resolution.error };
            const pending = unit.rows[0];
            pending.row.customer_id = resolution.customers[0]?.id ?? null;
            written.push(pending.row);
            return { status: 201, body: presentFeedback(pending.row) };
          });
          await store.insertFeedback(tx, written);
          return outcomes;
        }),
    });
  }

  /** Records one response; answered after it is committed. */
  async recordResponse(workspaceId: string, input: ResponseInput, idempotency?: Idempotency) {
    const pending = await this.prepareResponses(workspaceId, [input], false);
    return this.settle(
      await this.responseWriter.submit({ workspaceId, rows: pending, idempotency, batch: false }),
    );
  }

  /** Records up to 1,000 responses all-or-nothing: one invalid item rejects the batch, naming every bad item. */
  async recordResponseBatch(workspaceId: string, inputs: ResponseInput[], idempotency?: Idempotency) {
    const pending = await this.prepareResponses(workspaceId, inputs, true);
    return this.settle(
      await this.responseWriter.submit({ workspaceId, rows: pending, idempotency, batch: true }),
    );
  }

  async recordFeedback(workspaceId: string, input: FeedbackInput, idempotency?: Idempotency) {
    const now = new Date();
    const redact = await this.redactsPii(workspaceId);
    const row: store.FeedbackRow = {
      workspace_id: workspaceId,
      id: newId(),
      customer_id: null,
      channel: input.channel,
      source: input.source ?? null,
      // Redacted before it is queued: the original is never written anywhere.
      text: redact ? redactPii(input.text).text : input.text,
      metadata: input.metadata ?? null,
      submitted_at: input.submitted_at ? new Date(input.submitted_at) : now,
      received_at: now,
    };
    return this.settle(
      await this.feedbackWriter.submit({ workspaceId, rows: [{ input, row }], idempotency }),
    );
  }

  async getResponse(workspaceId: string, id: string) {
    const response = await store.findResponse(this.db, workspaceId, id);
    if (!response) throw new NotFound(`Response ${id}`);
    return response;
  }

  listResponses(workspaceId: string, query: ResponseListQuery) {
    return store.listResponses(this.db, workspaceId, {
      limit: query.limit,
      before: decodeCursor(query.cursor),
      surveyId: query.survey_id,
      customerId: query.customer_id,
      channel: query.channel,
      submittedAfter: query.submitted_after,
      submittedBefore: query.submitted_before,
      themeId: query.theme_id,
      sentiment: query.sentiment,
    });
  }

  async getFeedback(workspaceId: string, id: string) {
    const feedback = await store.findFeedback(this.db, workspaceId, id);
    if (!feedback) throw new NotFound(`Feedback ${id}`);
    return feedback;
  }

  listFeedback(workspaceId: string, query: FeedbackListQuery) {
    return store.listFeedback(this.db, workspaceId, {
      limit: query.limit,
      before: decodeCursor(query.cursor),
      customerId: query.customer_id,
      channel: query.channel,
      themeId: query.theme_id,
      sentiment: query.sentiment,
    });
  }

  /** Waits until every accepted write is committed (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.responseWriter.drain(), this.feedbackWriter.drain()]);
  }

  private settle<Body>(answer: UnitAnswer<Body>): { status: number; body: Body; replayed: boolean } {
    if ('error' in answer) throw answer.error;
    return answer;
  }

  /** Checks every item against its survey before anything is queued, so a bad batch writes nothing. */
  private async prepareResponses(workspaceId: string, inputs: ResponseInput[], batch: boolean) {
    const problems: FieldProblem[] = [];
    const missing: FieldProblem[] = [];
    const now = new Date();
    const redact = await this.redactsPii(workspaceId);
    const pending: PendingResponse[] = [];
    for (const [index, input] of inputs.entries()) {
      const path = batch ? `responses[${index}]` : '';
      const survey = await this.surveys.findSurveyForIngest(workspaceId, input.survey_id);
      if (!survey) {
        missing.push({
          path: path ? `${path}.survey_id` : 'survey_id',
          message: 'no such survey in this workspace',
        });
        continue;
      }
      problems.push(...answerProblems(survey, input, path));
      pending.push({
        input,
        row: {
          workspace_id: workspaceId,
          id: newId(),
          survey_id: survey.id,
          customer_id: null,
          account_id: null,
          segment: null,
          channel: input.channel,
          score: input.score ?? null,
          comment:
            input.comment === undefined ? null : redact ? redactPii(input.comment).text : input.comment,
          answers:
            input.answers === undefined
              ? null
              : redact
                ? (redactAnswers(input.answers) as Record<string, unknown>)
                : input.answers,
          metadata: input.metadata ?? null,
          submitted_at: input.submitted_at ? new Date(input.submitted_at) : now,
          received_at: now,
        },
      });
    }
    if (missing.length > 0) throw new NotFound(missing.length === 1 ? 'Survey' : 'Surveys', missing);
    if (problems.length > 0) throw new Invalid(problems);
    return pending;
  }
}
