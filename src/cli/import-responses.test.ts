// CSV import of responses on every backend: validation, rejections by row, mapping and re-import without duplicates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.ts';
import { type Harness, openHarness } from '../../test/support/harness.ts';
import { type ImportMapping, importResponses } from './import-responses.ts';

const defaultMapping: ImportMapping = {
  score: 'score',
  comment: 'comment',
  email: 'email',
  externalId: 'customer_id',
  segment: 'segment',
  channel: 'channel',
  submittedAt: 'submitted_at',
};

const mixed = [
  'score,comment,email,customer_id,segment,channel,submitted_at',
  '9,Great,ann@example.com,c1,enterprise,email,2026-01-15T10:00:00Z',
  '11,Too high,,,,,',
  'nine,Words,,,,,',
  '7,Bad date,,c2,,,2026-13-45',
  '6,,,c3,,telegram,',
  '5',
  '',
  '3,Anonymous,,,,,2026-02-01',
  '10,"Quoted, with a comma",BOB@Example.com,,smb,Web,',
  '8,Unquoted, comma,,,,,',
].join('\n');

const mixedRejections = [
  { row: 2, reason: 'score: must be an integer 0–10 for this nps survey' },
  { row: 3, reason: 'score: must be an integer 0–10, not "nine"' },
  {
    row: 4,
    reason:
      'submitted_at: must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T12:00:00Z, or a date, e.g. 2026-01-31',
  },
  {
    row: 5,
    reason: 'channel: must be one of: link, web, in_app, email, sms, api, import, chat, phone, review, other',
  },
  { row: 6, reason: 'has 1 column(s) where the header has 7' },
  { row: 9, reason: 'has 8 column(s) where the header has 7' },
];

interface StoredResponse {
  score: number;
  comment: string | null;
  channel: string;
  segment: string | null;
  submitted_at: Date;
  external_id: string | null;
  email: string | null;
}

describe.each(backends)('import responses on $name', (backend) => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await openHarness(backend);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-import-'));
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let files = 0;
  const csv = (content: string) => {
    const file = path.join(dir, `responses-${++files}.csv`);
    fs.writeFileSync(file, content);
    return file;
  };
  const setUp = async () => {
    const ws = await h.createWorkspace();
    const survey = await h.services.surveys.createSurvey(ws.id, {
      kind: 'nps',
      name: 'NPS',
      language: 'en',
      questions: [],
    });
    return { workspaceId: ws.id, surveyId: survey.id };
  };
  const stored = (workspaceId: string) =>
    h.db.query<StoredResponse>(
      `SELECT r.score, r.comment, r.channel, r.segment, r.submitted_at, c.external_id, c.email
       FROM responses r LEFT JOIN customers c ON c.workspace_id = r.workspace_id AND c.id = r.customer_id
       WHERE r.workspace_id = $1 ORDER BY r.score`,
      [workspaceId],
    );

  it('imports the good rows, rejects the bad ones by row number, and does not duplicate on re-import', async () => {
    const { workspaceId, surveyId } = await setUp();
    const file = csv(`\uFEFF${mixed}\n`);
    const first = await importResponses(h.services, workspaceId, file, { surveyId, mapping: defaultMapping });
    expect(first).toEqual({ imported: 3, alreadyImported: 0, rejected: mixedRejections, dryRun: false });

    const rows = await stored(workspaceId);
    expect(
      rows.map(({ submitted_at, ...rest }) => ({ ...rest, submitted_at: submitted_at.toISOString() })),
    ).toMatchObject([
      {
        score: 3,
        comment: 'Anonymous',
        channel: 'import',
        segment: null,
        external_id: null,
        email: null,
        submitted_at: '2026-02-01T00:00:00.000Z',
      },
      {
        score: 9,
        comment: 'Great',
        channel: 'email',
        segment: 'enterprise',
        external_id: 'c1',
        email: 'ann@example.com',
        submitted_at: '2026-01-15T10:00:00.000Z',
      },
      {
        score: 10,
        comment: 'Quoted, with a comma',
        channel: 'web',
        segment: 'smb',
        external_id: null,
        email: 'bob@example.com',
      },
    ]);

    const again = await importResponses(h.services, workspaceId, file, { surveyId, mapping: defaultMapping });
    expect(again).toEqual({ imported: 0, alreadyImported: 3, rejected: mixedRejections, dryRun: false });
    expect(await stored(workspaceId)).toHaveLength(3);
  });

  it('maps custom column names and names them in the reasons', async () => {
    const { workspaceId, surveyId } = await setUp();
    const file = csv(
      [
        'Date,NPS Score,Feedback,Customer Email,Account Tier',
        '2026-03-01,8,Solid,carol@example.com,mid-market',
        '2026-03-02,12,Off the scale,dan@example.com,mid-market',
        '2026-03-03,0,,erin@example.com,',
      ].join('\r\n'),
    );
    const summary = await importResponses(h.services, workspaceId, file, {
      surveyId,
      mapping: {
        ...defaultMapping,
        score: 'NPS Score',
        comment: 'Feedback',
        email: 'Customer Email',
        segment: 'Account Tier',
        submittedAt: 'Date',
      },
    });
    expect(summary).toEqual({
      imported: 2,
      alreadyImported: 0,
      rejected: [{ row: 2, reason: 'NPS Score: must be an integer 0–10 for this nps survey' }],
      dryRun: false,
    });
    const rows = await stored(workspaceId);
    expect(rows).toMatchObject([
      { score: 0, comment: null, channel: 'import', segment: null, email: 'erin@example.com' },
      { score: 8, comment: 'Solid', channel: 'import', segment: 'mid-market', email: 'carol@example.com' },
    ]);
    expect(rows[1].submitted_at.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });

  it('takes the survey from a survey column when one is mapped', async () => {
    const { workspaceId, surveyId } = await setUp();
    const csat = await h.services.surveys.createSurvey(workspaceId, {
      kind: 'csat',
      name: 'CSAT',
      language: 'en',
      questions: [],
    });
    const file = csv(
      [
        'survey,score',
        `${csat.id},4`,
        ',9',
        `${csat.id},9`,
        '01a20330-5862-70ee-a6aa-54cea458a72c,5',
        'not-a-survey,5',
      ].join('\n'),
    );
    const summary = await importResponses(h.services, workspaceId, file, {
      surveyId,
      mapping: { ...defaultMapping, survey: 'survey' },
    });
    expect(summary.imported).toBe(2);
    expect(summary.rejected).toEqual([
      { row: 3, reason: expect.stringMatching(/^score: must be an integer 1–5 for this csat survey/) },
      { row: 4, reason: 'survey: no such survey in this workspace' },
      { row: 5, reason: 'survey: must be a UUID' },
    ]);
    const bySurvey = await h.db.query<{ survey_id: string; score: number }>(
      'SELECT survey_id, score FROM responses WHERE workspace_id = $1 ORDER BY score',
      [workspaceId],
    );
    expect(bySurvey).toEqual([
      { survey_id: csat.id, score: 4 },
      { survey_id: surveyId, score: 9 },
    ]);
  });

  it('fails clearly, writing nothing, when the score column is missing', async () => {
    const { workspaceId, surveyId } = await setUp();
    const file = csv('rating,comment\n9,Great\n');
    await expect(
      importResponses(h.services, workspaceId, file, { surveyId, mapping: defaultMapping }),
    ).rejects.toThrow(
      'The score column "score" is not in the file\'s header. Its columns are: "rating", "comment".',
    );
    expect(await stored(workspaceId)).toHaveLength(0);
  });

  it('fails on a CSV syntax error before writing anything', async () => {
    const { workspaceId, surveyId } = await setUp();
    const file = csv('score,comment\n9,fine\n8,"unfinished quote\n');
    await expect(
      importResponses(h.services, workspaceId, file, { surveyId, mapping: defaultMapping }),
    ).rejects.toThrow(/Quote Not Closed.*nothing was imported/);
    expect(await stored(workspaceId)).toHaveLength(0);
  });

  it('rejects only the bad row of a batch the database refuses, and stays idempotent once it is fixed', async () => {
    const { workspaceId, surveyId } = await setUp();
    await h.services.customers.upsertCustomer(workspaceId, { external_id: 'c1', email: 'ann@example.com' });
    // Row 3 names Ann's e-mail with another customer id: only the write can find that out.
    const file = csv(
      ['score,customer_id,email', '9,c2,', '8,c3,', '7,c9,ann@example.com', '6,c4,', '5,c5,'].join('\n'),
    );
    const progress: Array<[number, number]> = [];
    const options = {
      surveyId,
      mapping: defaultMapping,
      batchSize: 2,
      onProgress: (done: number, total: number) => progress.push([done, total]),
    };
    const first = await importResponses(h.services, workspaceId, file, options);
    expect(first).toEqual({
      imported: 4,
      alreadyImported: 0,
      rejected: [
        {
          row: 3,
          reason: 'customer_id: customer.email ann@example.com belongs to the customer with external_id c1',
        },
      ],
      dryRun: false,
    });
    expect(progress).toEqual([
      [0, 5],
      [2, 5],
      [4, 5],
      [5, 5],
    ]);

    const again = await importResponses(h.services, workspaceId, file, options);
    expect(again).toMatchObject({ imported: 0, alreadyImported: 4, rejected: [{ row: 3 }] });

    // With the conflict gone, only the row refused before is written: the others keep their source ids.
    await h.db.query(`UPDATE customers SET email = NULL WHERE workspace_id = $1 AND external_id = 'c1'`, [
      workspaceId,
    ]);
    const fixed = await importResponses(h.services, workspaceId, file, options);
    expect(fixed).toEqual({ imported: 1, alreadyImported: 4, rejected: [], dryRun: false });
    expect((await stored(workspaceId)).map((row) => row.score)).toEqual([5, 6, 7, 8, 9]);
  });
  it('imports a longer re-export a week later without duplicates, by content or by an id column', async () => {
    const { workspaceId, surveyId } = await setUp();
    const rows = ['score,comment,ticket', '9,Great,T-1', '9,Great,T-2', '4,Slow,T-3'];
    const first = await importResponses(h.services, workspaceId, csv(rows.join('\n')), {
      surveyId,
      mapping: defaultMapping,
    });
    // Two identical rows are two responses: the second copy gets a source id of its own.
    expect(first).toEqual({ imported: 3, alreadyImported: 0, rejected: [], dryRun: false });
    // Idempotency keys are purged after a day; source ids are not.
    await h.db.query('DELETE FROM idempotency_keys');
    const longer = [...rows, '9,Great,T-4', '7,Fine,T-5'].join('\r\n');
    const again = await importResponses(h.services, workspaceId, csv(`${longer}\r\n`), {
      surveyId,
      mapping: defaultMapping,
    });
    expect(again).toEqual({ imported: 2, alreadyImported: 3, rejected: [], dryRun: false });
    expect((await stored(workspaceId)).map((row) => row.score)).toEqual([4, 7, 9, 9, 9]);

    const byTicket = await setUp();
    const options = { surveyId: byTicket.surveyId, mapping: defaultMapping, idColumn: 'ticket' };
    expect(
      await importResponses(h.services, byTicket.workspaceId, csv(rows.join('\n')), options),
    ).toMatchObject({
      imported: 3,
    });
    // With an id column, an edited row is still the same item: it is not imported again.
    const edited = ['score,comment,ticket', '10,Great now,T-1', '3,New,T-9', '2,No id,'].join('\n');
    expect(await importResponses(h.services, byTicket.workspaceId, csv(edited), options)).toEqual({
      imported: 1,
      alreadyImported: 1,
      rejected: [{ row: 3, reason: 'ticket: is empty; every row needs its own id in this column' }],
      dryRun: false,
    });
    const sourceIds = await h.db.query<{ source_id: string; score: number }>(
      'SELECT source_id, score FROM responses WHERE workspace_id = $1 ORDER BY source_id',
      [byTicket.workspaceId],
    );
    expect(sourceIds).toEqual([
      { source_id: 'T-1', score: 9 },
      { source_id: 'T-2', score: 9 },
      { source_id: 'T-3', score: 4 },
      { source_id: 'T-9', score: 3 },
    ]);
  });

  it('checks every row in a dry run, says what would be imported, and writes nothing', async () => {
    const { workspaceId, surveyId } = await setUp();
    const file = csv(mixed);
    const before = await h.db.query('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1', [
      workspaceId,
    ]);
    const dry = await importResponses(h.services, workspaceId, file, {
      surveyId,
      mapping: defaultMapping,
      dryRun: true,
    });
    expect(dry).toEqual({ imported: 3, alreadyImported: 0, rejected: mixedRejections, dryRun: true });
    expect(await stored(workspaceId)).toHaveLength(0);
    expect(
      await h.db.query('SELECT count(*)::int AS n FROM customers WHERE workspace_id = $1', [workspaceId]),
    ).toEqual(before);

    await importResponses(h.services, workspaceId, csv(mixed.split('\n').slice(0, 3).join('\n')), {
      surveyId,
      mapping: defaultMapping,
    });
    const afterPart = await importResponses(h.services, workspaceId, file, {
      surveyId,
      mapping: defaultMapping,
      dryRun: true,
    });
    expect(afterPart).toEqual({ imported: 2, alreadyImported: 1, rejected: mixedRejections, dryRun: true });
    expect(await stored(workspaceId)).toHaveLength(1);
  });
});
