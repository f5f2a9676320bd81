// The shared CSV import at size: 100,000 rows in, the same file again adds nothing; and the content hash's rules.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.ts';
import { type Harness, openHarness } from '../../test/support/harness.ts';
import { mulberry32 } from '../shared/random.ts';
import { canonicalJson } from './csv-import.ts';
import { importResponses } from './import-responses.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and leaves out undefined values', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":"é","z":1}]},"b":1}',
    );
  });
});

const rows = 100_000;

describe.each(backends)('a 100,000-row import on $name', (backend) => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await openHarness(backend);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-import-big-'));
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports every row once and a second import of the same file writes nothing', {
    timeout: 240_000,
  }, async () => {
    const ws = await h.createWorkspace();
    const surveyId = await h.createSurvey(ws);
    const random = mulberry32(7);
    const lines = ['score,comment,customer_id,submitted_at'];
    for (let i = 0; i < rows; i++) {
      const day = 1 + Math.floor(random() * 28);
      // Every 10,000th row is malformed (an 11 score), the rest are spread over 2,000 customers.
      const score = i % 10_000 === 9_999 ? 11 : Math.floor(random() * 11);
      const comment = random() < 0.3 ? `"Row ${i}, all fine"` : '';
      lines.push(`${score},${comment},c${i % 2000},2026-02-${String(day).padStart(2, '0')}`);
    }
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const mapping = {
      score: 'score',
      comment: 'comment',
      externalId: 'customer_id',
      submittedAt: 'submitted_at',
    };
    const count = async () =>
      (
        await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE workspace_id = $1', [
          ws.id,
        ])
      )[0].n;

    let progress = 0;
    const first = await importResponses(h.services, ws.id, file, {
      surveyId,
      mapping,
      onProgress: (done) => {
        progress = done;
      },
    });
    const bad = rows / 10_000;
    expect(first.imported).toBe(rows - bad);
    expect(first.alreadyImported).toBe(0);
    expect(first.rejected.map((r) => r.row)).toEqual(Array.from({ length: bad }, (_, k) => (k + 1) * 10_000));
    expect(progress).toBe(rows);
    expect(await count()).toBe(rows - bad);
    expect((await h.db.query('SELECT 1 FROM customers WHERE workspace_id = $1', [ws.id])).length).toBe(2000);

    const again = await importResponses(h.services, ws.id, file, { surveyId, mapping });
    expect(again).toMatchObject({ imported: 0, alreadyImported: rows - bad });
    expect(again.rejected).toHaveLength(bad);
    expect(await count()).toBe(rows - bad);
  });
});
