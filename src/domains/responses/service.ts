// Ingest of survey responses and free-form feedback from every channel, through group commit.
import type { Db } from '../../db/connect.ts';
import { GroupCommit } from '../../db/group-commit.ts';
import {
  type Idempotency,
  type UnitAnswer,
  type UnitOf,
  writeIdempotently,
} from '../../db/idempotent-write.ts';
import { Conflict, type FieldProblem, Invalid, NotFound } from '../../errors.ts';
import { decodeCursor, decodeTimeCursor, encodeCursor, newId } from '../../shared/ids.ts';
import { type BatchAnswer, SourceIdLedger, sourceItemId } from '../../shared/source-ids.ts';
import { resolveCustomersOfUnits } from '../customers/service.ts';
import { claimLinkUses } from '../outreach/service.ts';
import { answerProblems, type SurveyRow, type SurveyService } from '../surveys/service.ts';
import { redactPii } from '../text/redact.ts';
import { npsGroupScores } from './inbox-present.ts';
import type { InboxQuery } from './inbox-schema.ts';
import * as inboxStore from './inbox-store.ts';
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
type ResponseUnit = UnitOf<PendingResponse> & {
  batch: boolean;
  /** The nonce of the single-use link the response came through: the first response uses it up. */
  linkNonce?: string;
};

/** A single submission answers with the response (and `duplicate: true` if its source id was stored already). */
type ResponseBody = (PresentedResponse & { duplicate?: true }) | BatchAnswer;
type FeedbackBody = PresentedFeedback & { duplicate?: true };

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

/** The rows of the batch units, or of the single submissions, of a group. */
function rowsOfUnits(units: ResponseUnit[], batch: boolean): store.ResponseRow[] {
  const rows: store.ResponseRow[] = [];
  for (const unit of units) if (unit.batch === batch) for (const pending of unit.rows) rows.push(pending.row);
  return rows;
}

export class ResponseService {
  private readonly responseWriter: GroupCommit<ResponseUnit, UnitAnswer<ResponseBody>>;
  private readonly feedbackWriter: GroupCommit<UnitOf<PendingFeedback>, UnitAnswer<FeedbackBody>>;

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
          // A response whose source id is stored already is answered with the stored one: no customer is
          // resolved for it and no row written, so no rollup or analysis ever counts it twice.
          // A batch answers with ids, so it reads only the keys of its stored copies; a single submission
          // answers with the whole stored response. Singles are read last: a whole row replaces a key.
          const sources = new SourceIdLedger<store.ResponseRow, store.ResponseRow | store.StoredHead>();
          await sources.lookUp(rowsOfUnits(fresh, true), (keys) => store.findResponseHeadsByIds(tx, keys));
          await sources.lookUp(rowsOfUnits(fresh, false), (keys) => store.findResponsesByIds(tx, keys));
          const customers = await resolveCustomersOfUnits(
            tx,
            fresh,
            (pending: PendingResponse) => ({
              ref: sources.isStored(pending.row) ? undefined : pending.input.customer,
              seenAt: pending.row.submitted_at,
            }),
            (unit, index) => (unit.batch ? `responses[${index}].customer` : 'customer'),
          );
          const written: store.ResponseRow[] = [];
          fresh.forEach((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return;
            unit.rows.forEach((pending, rowIndex) => {
              if (sources.isStored(pending.row)) return;
              const customer = resolution.customers[rowIndex];
              pending.row.customer_id = customer?.id ?? null;
              pending.row.segment = customer?.segment ?? null;
              pending.row.account_id = customer?.accountId ?? null;
              written.push(pending.row);
            });
          });
          // A single-use link is used up by the first response through it, in that response's transaction;
          // a second one (another page load, another group) is refused and its group written again without it.
          const nonceKey = (unit: ResponseUnit) => `${unit.workspaceId}/${unit.linkNonce}`;
          const claiming = new Map<string, ResponseUnit>();
          fresh.forEach((unit, unitIndex) => {
            if (unit.linkNonce && !('error' in customers[unitIndex]) && !claiming.has(nonceKey(unit)))
              claiming.set(nonceKey(unit), unit);
          });
          const claimed = await claimLinkUses(
            tx,
            [...claiming.values()].map((unit) => ({
              workspaceId: unit.workspaceId,
              nonce: unit.linkNonce as string,
              responseId: unit.rows[0].row.id,
            })),
          );
          sources.settle(written, await store.insertResponses(tx, written));
          return fresh.map((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return { error: resolution.error };
            if (unit.linkNonce && (claiming.get(nonceKey(unit)) !== unit || !claimed.has(nonceKey(unit))))
              return { error: new Conflict('This single-use link has already been used.') };
            return sources.answerOf(
              unit.rows.map((pending) => pending.row),
              unit.batch,
              presentResponse,
            );
          });
        }),
    });
    this.feedbackWriter = new GroupCommit({
      ...common,
      write: (units) =>
        writeIdempotently<UnitOf<PendingFeedback>, FeedbackBody>(db, units, async (tx, fresh) => {
          // As for responses: feedback whose source id is stored already writes nothing and is not analysed again.
          const sources = new SourceIdLedger<store.FeedbackRow>();
          await sources.lookUp(
            fresh.map((unit) => unit.rows[0].row),
            (keys) => store.findFeedbackByIds(tx, keys),
          );
          const customers = await resolveCustomersOfUnits(
            tx,
            fresh,
            (pending: PendingFeedback) => ({
              ref: sources.isStored(pending.row) ? undefined : pending.input.customer,
              seenAt: pending.row.submitted_at,
            }),
            () => 'customer',
          );
          const written: store.FeedbackRow[] = [];
          fresh.forEach((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            const pending = unit.rows[0];
            if ('error' in resolution || sources.isStored(pending.row)) return;
            pending.row.customer_id = resolution.customers[0]?.id ?? null;
            pending.row.segment = resolution.customers[0]?.segment ?? null;
            written.push(pending.row);
          });
          sources.settle(written, await store.insertFeedback(tx, written));
          return fresh.map((unit, unitIndex) => {
            const resolution = customers[unitIndex];
            if ('error' in resolution) return { error: resolution.error };
            const item = sources.outcomeOf(unit.rows[0].row);
            const body = presentFeedback(item.row);
            return item.duplicate
              ? { status: 200, body: { ...body, duplicate: true as const } }
              : { status: 201, body };
          });
        }),
    });
  }

  /**
   * Records one response; answered after it is committed. Through a single-use link (`linkNonce`), only the
   * first response is written; any later one is refused with Conflict.
   */
  async recordResponse(
    workspaceId: string,
    input: ResponseInput,
    idempotency?: Idempotency,
    options: { linkNonce?: string } = {},
  ) {
    const pending = await this.prepareResponses(workspaceId, [input], false);
    return this.settle(
      await this.responseWriter.submit({
        workspaceId,
        rows: pending,
        idempotency,
        batch: false,
        linkNonce: options.linkNonce,
      }),
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
      id: input.source_id ? sourceItemId(workspaceId, 'feedback', input.source_id) : newId(),
      customer_id: null,
      segment: null,
      channel: input.channel,
      source: input.source ?? null,
      // Redacted before it is queued: the original is never written anywhere.
      text: redact ? redactPii(input.text).text : input.text,
      metadata: input.metadata ?? null,
      submitted_at: input.submitted_at ? new Date(input.submitted_at) : now,
      received_at: now,
      source_id: input.source_id ?? null,
    };
    return this.settle(
      await this.feedbackWriter.submit({ workspaceId, rows: [{ input, row }], idempotency }),
    );
  }

  /**
   * Adds a comment and follow-up answers to a response recorded with its score alone (the one-click score of
   * an e-mail survey), checked against its survey and redacted like any comment. Once only: a response that
   * has a comment already is refused with Conflict.
   */
  async amendResponse(
    workspaceId: string,
    id: string,
    amendment: { comment?: string; answers?: Record<string, unknown> },
  ) {
    const response = await this.getResponse(workspaceId, id);
    const survey = await this.surveys.findSurveyForIngest(workspaceId, response.survey_id);
    if (!survey) throw new NotFound(`Survey ${response.survey_id}`);
    const problems = answerProblems(survey, {
      score: response.score,
      answers: { ...(response.answers ?? {}), ...amendment.answers },
    }).filter((problem) => problem.path !== 'survey_id');
    if (problems.length > 0) throw new Invalid(problems);
    const redact = await this.redactsPii(workspaceId);
    const comment = amendment.comment ?? null;
    const answers = amendment.answers ?? null;
    const amended = await store.amendResponse(this.db, workspaceId, id, {
      comment: comment !== null && redact ? redactPii(comment).text : comment,
      answers: answers !== null && redact ? (redactAnswers(answers) as Record<string, unknown>) : answers,
    });
    if (!amended) throw new Conflict('This response has a comment already.');
    return amended;
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

  /**
   * One page of the inbox, newest first: responses and feedback through the filters, with one row more
   * than `query.limit` when another page follows.
   */
  async listInbox(workspaceId: string, query: InboxQuery): Promise<inboxStore.InboxRow[]> {
    if (query.from && query.to && query.from > query.to)
      throw Invalid.field('from', 'must not be after `to`');
    const search = query.q === undefined ? undefined : await inboxStore.searchQueryOf(this.db, query.q);
    if (search === null) throw Invalid.field('q', 'must contain a letter or digit to search for');
    const filters = {
      after: decodeTimeCursor(query.cursor),
      surveyId: query.survey_id,
      channel: query.channel,
      segment: query.segment,
      customerId: query.customer_id,
      sentiment: query.sentiment,
      themeId: query.theme_id,
      search,
      fromTime: query.from && `${query.from}T00:00:00.000Z`,
      // `to` is inclusive: the window ends where the next day begins.
      toTime: query.to && new Date(Date.parse(`${query.to}T00:00:00.000Z`) + 86_400_000).toISOString(),
      group: query.group && {
        surveyIds: await this.npsSurveyIds(workspaceId),
        scores: npsGroupScores[query.group],
      },
    };
    if (filters.group?.surveyIds.length === 0) return [];
    const kinds = inboxStore.kindsPassing(filters, query.kind ? [query.kind] : ['response', 'feedback']);
    return inboxStore.listInboxItems(this.db, workspaceId, { ...filters, kinds, limit: query.limit + 1 });
  }

  async getInboxItem(workspaceId: string, id: string) {
    const item = await inboxStore.findInboxItem(this.db, workspaceId, id);
    if (!item) throw new NotFound(`Response or feedback item ${id}`);
    return item;
  }

  /** The workspace's NPS surveys: the only ones whose responses have an NPS group. */
  private async npsSurveyIds(workspaceId: string): Promise<string[]> {
    const ids: string[] = [];
    const pageSize = 500;
    for (let cursor: string | undefined; ; ) {
      const page = await this.surveys.listSurveys(workspaceId, { kind: 'nps', limit: pageSize, cursor });
      ids.push(...page.slice(0, pageSize).map((survey) => survey.id));
      if (page.length <= pageSize) return ids;
      cursor = encodeCursor(page[pageSize - 1].id);
    }
  }

  /** Which of these source ids are stored already, without writing (an import's dry run). */
  async storedSourceIds(workspaceId: string, kind: 'response' | 'feedback', sourceIds: string[]) {
    const keys = sourceIds.map((source) => ({ workspaceId, id: sourceItemId(workspaceId, kind, source) }));
    const rows =
      kind === 'response'
        ? await store.findResponseHeadsByIds(this.db, keys)
        : await store.findFeedbackByIds(this.db, keys);
    return new Set(rows.map((row) => row.source_id));
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
    // A batch names one survey or a few: each is read (from the cache, usually) once, not once per item.
    const surveys = new Map<string, SurveyRow | undefined>();
    for (const [index, input] of inputs.entries()) {
      const path = batch ? `responses[${index}]` : '';
      let survey = surveys.get(input.survey_id);
      if (survey === undefined && !surveys.has(input.survey_id)) {
        survey = await this.surveys.findSurveyForIngest(workspaceId, input.survey_id);
        surveys.set(input.survey_id, survey);
      }
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
          id: input.source_id ? sourceItemId(workspaceId, 'response', input.source_id) : newId(),
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
          source_id: input.source_id ?? null,
        },
      });
    }
    if (missing.length > 0) throw new NotFound(missing.length === 1 ? 'Survey' : 'Surveys', missing);
    if (problems.length > 0) throw new Invalid(problems);
    return pending;
  }
}
