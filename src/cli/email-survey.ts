// `heed email SURVEY`: e-mail a survey to a list of addresses or a segment, then deliver the messages from
// this process (the server's sender would do the same within a second), reporting each outcome.
import fs from 'node:fs';
import type { Config } from '../config.ts';
import type { Services } from '../services.ts';
import { CliError } from './context.ts';

export interface EmailSurveyOptions {
  surveyId: string;
  /** Addresses given on the command line or read from a file, one per line. */
  to?: string[];
  segment?: string;
  subject?: string;
  intro?: string;
  /** Also e-mail customers asked within the workspace's fatigue cap. */
  ignoreFatigue?: boolean;
  onProgress?: (settled: number, total: number) => void;
}

export interface EmailSurveySummary {
  queued: number;
  skipped: Array<{ customer_id: string; reason: string }>;
  sent: number;
  bounced: number;
  failed: number;
  /** Temporarily refused: the server's sender retries them with backoff. */
  waiting: number;
  baseUrl: string;
}

/** Addresses from a file: one per line, or a CSV whose first column holds them; blank lines and a header skipped. */
export function addressesFromFile(file: string): string[] {
  if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.split(',')[0].trim().replace(/^"|"$/g, ''))
    .filter((address) => address.includes('@'));
}

export async function emailSurvey(
  services: Services,
  config: Config,
  workspaceId: string,
  options: EmailSurveyOptions,
): Promise<EmailSurveySummary> {
  if ((options.to === undefined) === (options.segment === undefined))
    throw new CliError('Name the recipients with --to (or --to-file) or with --segment, not both.');
  if (options.to && options.to.length === 0) throw new CliError('No e-mail addresses were given.');
  // The links must reach a running Heed: the configured public address, else this machine's server.
  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const queued = await services.email.queueSurvey(
    workspaceId,
    options.surveyId,
    {
      customers: options.to?.map((email) => ({ email })),
      segment: options.segment,
      subject: options.subject,
      intro: options.intro,
      respect_fatigue: !options.ignoreFatigue,
    },
    baseUrl,
  );
  const before = await services.email.deliveryOf(workspaceId, options.surveyId);
  options.onProgress?.(0, queued.queued);
  // Deliver until nothing is due: sent, bounced and failed messages are settled; a temporary refusal waits.
  while ((await services.email.sendDue(50)) > 0) {
    const now = await services.email.deliveryOf(workspaceId, options.surveyId);
    options.onProgress?.(
      now.sent + now.bounced + now.failed - (before.sent + before.bounced + before.failed),
      queued.queued,
    );
  }
  const after = await services.email.deliveryOf(workspaceId, options.surveyId);
  return {
    queued: queued.queued,
    skipped: queued.skipped,
    sent: after.sent - before.sent,
    bounced: after.bounced - before.bounced,
    failed: after.failed - before.failed,
    waiting:
      queued.queued -
      (after.sent + after.bounced + after.failed - (before.sent + before.bounced + before.failed)),
    baseUrl,
  };
}
