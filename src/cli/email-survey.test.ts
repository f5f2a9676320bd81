// `heed email`: queues the survey for a list of addresses and delivers it from the command's own process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/backends.ts';
import { type Harness, openHarness, type TestWorkspace } from '../../test/support/harness.ts';
import { type SmtpServer, startSmtp } from '../../test/support/smtp.ts';
import { CliError } from './context.ts';
import { addressesFromFile, emailSurvey } from './email-survey.ts';

describe('heed email', () => {
  let h: Harness;
  let ws: TestWorkspace;
  let smtp: SmtpServer;
  let surveyId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    h = await openHarness(backends[0], {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      publicUrl: 'https://feedback.example.com',
    });
    ws = await h.createWorkspace('Acme');
    surveyId = await h.createSurvey(ws, { kind: 'csat', name: 'Support CSAT' });
  });
  afterAll(async () => {
    await h.close();
    await smtp.close();
  });

  it('reads addresses from a file, one per line or the first column of a CSV', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'heed-email-')), 'list.csv');
    fs.writeFileSync(file, 'email,name\nada@example.com,Ada\n\n"grace@example.com",Grace\nnot an address\n');
    expect(addressesFromFile(file)).toEqual(['ada@example.com', 'grace@example.com']);
    expect(() => addressesFromFile(`${file}.missing`)).toThrow(CliError);
  });

  it('delivers to each address and reports sent, bounced and skipped', async () => {
    const summary = await emailSurvey(h.services, h.config, ws.id, {
      surveyId,
      to: ['ada@example.com', 'bounce@example.com', 'ada@example.com'],
      subject: 'How did we do?',
    });
    expect(summary).toEqual({
      queued: 2,
      skipped: [],
      sent: 1,
      bounced: 1,
      failed: 0,
      waiting: 0,
      baseUrl: 'https://feedback.example.com',
    });
    expect(smtp.received.map((mail) => mail.subject)).toEqual(['How did we do?']);
    expect(smtp.received[0].text).toMatch(
      /^5: https:\/\/feedback\.example\.com\/s\/[A-Za-z0-9_-]+\?score=5$/m,
    );
    // Asked a moment ago: a second run skips them.
    const again = await emailSurvey(h.services, h.config, ws.id, { surveyId, to: ['ada@example.com'] });
    expect(again).toMatchObject({ queued: 0, sent: 0, skipped: [{ reason: 'fatigue' }] });
  });

  it('asks for either addresses or a segment', async () => {
    await expect(emailSurvey(h.services, h.config, ws.id, { surveyId })).rejects.toThrow(CliError);
    await expect(
      emailSurvey(h.services, h.config, ws.id, { surveyId, to: [], segment: 'enterprise' }),
    ).rejects.toThrow(CliError);
  });
});
