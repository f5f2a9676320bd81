// The `heed` command line: parses argv and dispatches to cli/.
import fs from 'node:fs';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import pc from 'picocolors';
import { ZodError } from 'zod';
import { analyzeFile } from './cli/analyze-file.ts';
import {
  CliError,
  configFrom,
  exitWith,
  type GlobalFlags,
  withServices,
  workspaceFor,
} from './cli/context.ts';
import { type ImportSummary, runImportCommand } from './cli/csv-import.ts';
import { seedDemoWorkspace } from './cli/demo.ts';
import { addressesFromFile, type EmailSurveySummary, emailSurvey } from './cli/email-survey.ts';
import { importEvents } from './cli/import-events.ts';
import { importFeedback } from './cli/import-feedback.ts';
import { importResponses } from './cli/import-responses.ts';
import { type MetricName, metricNames, metricTable } from './cli/metrics.ts';
import { startCommand } from './cli/start.ts';
import { driversJson, driversTable, themesJson, themesTable } from './cli/themes.ts';
import { connect } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { eventTypes } from './domains/events/schema.ts';
import { clvQuery, concentrationQuery, retentionQuery, scoreMetricQuery } from './domains/metrics/schema.ts';
import { driversQuery, themeListQuery } from './domains/text/schema.ts';
import type { Services } from './services.ts';
import { email } from './shared/schemas.ts';

const program = new Command('heed')
  .description('Heed: listen to customers on every channel, measure honestly, act before they leave.')
  .option('--data-dir <dir>', 'embedded database directory (HEED_DATA_DIR, default ./.heed)')
  .option('--database-url <url>', 'PostgreSQL server instead of the embedded store (DATABASE_URL)')
  .showHelpAfterError();

const globals = (): GlobalFlags => program.opts<GlobalFlags>();

program
  .command('start')
  .description('Start the server (API on port 3000 by default)')
  .option('-p, --port <port>', 'port to listen on (PORT)')
  .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
  .option('--demo', 'fill a demo workspace with realistic data first')
  .action((flags) => startCommand({ ...globals(), ...flags }));

program
  .command('migrate')
  .description('Apply database migrations and exit')
  .action(async () => {
    const config = configFrom(globals());
    const db = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
    try {
      const applied = await migrate(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
    } finally {
      await db.close();
    }
  });

program
  .command('demo')
  .description('Fill a demo workspace with realistic data and print its admin key')
  .action(() =>
    withServices(globals(), async (services) => {
      const demo = await seedDemoWorkspace(services, {
        onProgress: (message) => console.log(pc.dim(message)),
      });
      console.log(
        `Demo workspace ${demo.workspaceId}: ${demo.counts.customers} customers, ${demo.counts.responses} responses, ${demo.counts.events} events.`,
      );
      console.log(`Admin API key (shown once): ${pc.green(demo.secretKey)}`);
    }),
  );

const workspaces = program.command('workspaces').description('Manage workspaces');
workspaces
  .command('create <name>')
  .description('Create a workspace and print its keys')
  .option('--currency <code>', 'ISO 4217 currency for revenue metrics', 'USD')
  .action((name: string, flags: { currency: string }) =>
    withServices(globals(), async (services) => {
      const created = await services.workspaces.createWorkspace({ name, currency: flags.currency });
      console.log(`Workspace ${created.workspace.id} "${created.workspace.name}"`);
      console.log(`  secret key (shown once):      ${pc.green(created.secretKey.secret)}`);
      console.log(`  publishable key (shown once): ${created.publishableKey.secret}`);
    }),
  );

const keys = program.command('keys').description('Manage API keys');
keys
  .command('create')
  .description('Create an API key (printed once)')
  .addOption(
    new Option('--kind <kind>', 'secret (server) or publishable (browser)')
      .choices(['secret', 'publishable'])
      .default('secret'),
  )
  .option('--name <name>', 'what the key is for', 'CLI key')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .action((flags: { kind: 'secret' | 'publishable'; name: string; workspace?: string }) =>
    withServices(globals(), async (services) => {
      const workspaceId = await workspaceFor(services, flags.workspace);
      const created = await services.workspaces.createKey(workspaceId, flags.kind, flags.name);
      console.log(created.secret);
    }),
  );

const members = program.command('members').description('Manage the people who sign in to Heed');
members
  .command('create-owner')
  .description('Create an owner of a workspace and print an initial password (once)')
  .requiredOption('--email <address>', "the owner's e-mail address, used to sign in")
  .option('--name <name>', 'how Heed shows the owner (default: the part of the address before @)')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .action((flags: { email: string; name?: string; workspace?: string }) =>
    withServices(globals(), async (services) => {
      const parsed = email.safeParse(flags.email);
      if (!parsed.success) throw new CliError(`--email: ${flags.email} is not an e-mail address`);
      const workspaceId = await workspaceFor(services, flags.workspace);
      const created = await services.members.createOwner(workspaceId, {
        email: parsed.data,
        name: flags.name,
      });
      console.log(`Owner ${created.member.email} of workspace ${workspaceId}`);
      console.log(
        `  initial password (shown once; change it in the dashboard under Settings › Your account): ${pc.green(created.password)}`,
      );
    }),
  );

const importCommand = program
  .command('import')
  .description(
    'Import data from CSV files. Re-importing a file, or a longer export of it, adds only the new rows: each row ' +
      'keeps a permanent source id (its --id-column, else a hash of its content; identical rows count as separate items)',
  );
/** The flags every import shares, after its own column flags. */
const withImportFlags = (command: Command) =>
  command
    .option('--workspace <id>', 'workspace id (default: the first workspace)')
    .option(
      '--id-column <name>',
      'column holding each row’s own id in the system it comes from (its source id)',
    )
    .option('--dry-run', 'check every row and say what would be imported; write nothing');
interface ImportFlags {
  workspace?: string;
  idColumn?: string;
  dryRun?: boolean;
  [column: string]: string | boolean | undefined;
}
const importAction =
  (
    run: (
      services: Services,
      workspaceId: string,
      file: string,
      flags: ImportFlags,
      onProgress: (done: number, total: number) => void,
    ) => Promise<ImportSummary>,
  ) =>
  (file: string, flags: ImportFlags) =>
    withServices(globals(), async (services) => {
      if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);
      const workspaceId = await workspaceFor(services, flags.workspace);
      await runImportCommand((onProgress) => run(services, workspaceId, file, flags, onProgress));
    });
const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

withImportFlags(
  importCommand
    .command('responses <file>')
    .description('Import survey responses; prints how many were imported and why any row was rejected')
    .requiredOption('--survey <id>', 'the survey the responses answer')
    .option('--score-column <name>', 'column holding the score', 'score')
    .option('--comment-column <name>', 'column holding the comment', 'comment')
    .option('--email-column <name>', 'column holding the customer e-mail', 'email')
    .option('--external-id-column <name>', 'column holding your customer id', 'customer_id')
    .option('--segment-column <name>', 'column holding the customer segment', 'segment')
    .option('--channel-column <name>', 'column holding the channel', 'channel')
    .option('--survey-column <name>', 'column holding a survey id per row (default: --survey)')
    .option('--date-column <name>', 'column holding when the customer answered', 'submitted_at'),
).action(
  importAction((services, workspaceId, file, flags, onProgress) =>
    importResponses(services, workspaceId, file, {
      surveyId: text(flags.survey) ?? '',
      mapping: {
        score: text(flags.scoreColumn) ?? 'score',
        survey: text(flags.surveyColumn),
        comment: text(flags.commentColumn),
        email: text(flags.emailColumn),
        externalId: text(flags.externalIdColumn),
        segment: text(flags.segmentColumn),
        channel: text(flags.channelColumn),
        submittedAt: text(flags.dateColumn),
      },
      idColumn: flags.idColumn,
      dryRun: flags.dryRun,
      onProgress,
    }),
  ),
);

withImportFlags(
  importCommand
    .command('feedback <file>')
    .description('Import free-form feedback: app-store reviews, call notes, chat transcripts')
    .option('--text-column <name>', 'column holding the feedback text', 'text')
    .option('--email-column <name>', 'column holding the customer e-mail', 'email')
    .option('--external-id-column <name>', 'column holding your customer id', 'customer_id')
    .option('--segment-column <name>', 'column holding the customer segment', 'segment')
    .option('--channel-column <name>', 'column holding the channel', 'channel')
    .option('--source-column <name>', 'column holding where it came from', 'source')
    .option('--rating-column <name>', 'column holding a rating (kept in the item’s metadata)', 'rating')
    .option('--date-column <name>', 'column holding when it was written', 'submitted_at')
    .option('--source <name>', 'where rows without a source column came from, e.g. app-store-review')
    .option('--channel <name>', 'the channel of rows without a channel column', 'import'),
).action(
  importAction((services, workspaceId, file, flags, onProgress) =>
    importFeedback(services, workspaceId, file, {
      mapping: {
        text: text(flags.textColumn) ?? 'text',
        email: text(flags.emailColumn),
        externalId: text(flags.externalIdColumn),
        segment: text(flags.segmentColumn),
        channel: text(flags.channelColumn),
        source: text(flags.sourceColumn),
        rating: text(flags.ratingColumn),
        submittedAt: text(flags.dateColumn),
      },
      source: text(flags.source),
      channel: text(flags.channel),
      idColumn: flags.idColumn,
      dryRun: flags.dryRun,
      onProgress,
    }),
  ),
);

withImportFlags(
  importCommand
    .command('events <file>')
    .description(`Import lifecycle and revenue events (${eventTypes.join(', ')})`)
    .option('--type-column <name>', 'column holding the event type', 'type')
    .option('--name-column <name>', 'column holding a custom event’s name', 'name')
    .option('--email-column <name>', 'column holding the customer e-mail', 'email')
    .option('--external-id-column <name>', 'column holding your customer id', 'customer_id')
    .option('--segment-column <name>', 'column holding the customer segment', 'segment')
    .option('--amount-column <name>', 'column holding a purchase amount', 'amount')
    .option('--currency-column <name>', 'column holding the purchase currency (ISO 4217)', 'currency')
    .option('--date-column <name>', 'column holding when it happened', 'occurred_at')
    .addOption(
      new Option('--amount-in <unit>', 'amounts in minor units (1999) or major units (19.99)')
        .choices(['minor', 'major'])
        .default('minor'),
    ),
).action(
  importAction((services, workspaceId, file, flags, onProgress) =>
    importEvents(services, workspaceId, file, {
      mapping: {
        type: text(flags.typeColumn) ?? 'type',
        name: text(flags.nameColumn),
        email: text(flags.emailColumn),
        externalId: text(flags.externalIdColumn),
        segment: text(flags.segmentColumn),
        amount: text(flags.amountColumn),
        currency: text(flags.currencyColumn),
        occurredAt: text(flags.dateColumn),
      },
      amountIn: flags.amountIn === 'major' ? 'major' : 'minor',
      idColumn: flags.idColumn,
      dryRun: flags.dryRun,
      onProgress,
    }),
  ),
);

program
  .command('email <survey>')
  .description('E-mail a survey to addresses or a segment, and deliver it now (needs HEED_SMTP_URL)')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .option('--to <addresses>', 'comma-separated e-mail addresses')
  .option('--to-file <file>', 'a file of e-mail addresses, one per line (or a CSV, first column)')
  .option('--segment <name>', 'everyone in this segment with an e-mail address')
  .option('--subject <text>', "the subject (default: the survey's question)")
  .option('--intro <text>', 'a sentence above the question')
  .option('--ignore-fatigue', "also e-mail customers asked within the workspace's fatigue cap")
  .action((surveyId: string, flags: Record<string, string | boolean | undefined>) =>
    withServices(globals(), async (services, config) => {
      const workspaceId = await workspaceFor(services, flags.workspace as string | undefined);
      const listed =
        typeof flags.to === 'string'
          ? flags.to
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean)
          : [];
      const fromFile = typeof flags.toFile === 'string' ? addressesFromFile(flags.toFile) : [];
      const to = flags.to === undefined && flags.toFile === undefined ? undefined : [...listed, ...fromFile];
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar(
            { stream: process.stderr, format: 'Sending {bar} {value}/{total} messages' },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let summary: EmailSurveySummary;
      try {
        summary = await emailSurvey(services, config, workspaceId, {
          surveyId,
          to,
          segment: flags.segment as string | undefined,
          subject: flags.subject as string | undefined,
          intro: flags.intro as string | undefined,
          ignoreFatigue: flags.ignoreFatigue === true,
          onProgress: (settled, total) => {
            if (!bar) return;
            if (bar.isActive) bar.update(settled);
            else bar.start(total, settled);
          },
        });
      } finally {
        bar?.stop();
      }
      const reasons = new Map<string, number>();
      for (const skip of summary.skipped) reasons.set(skip.reason, (reasons.get(skip.reason) ?? 0) + 1);
      console.log(
        `${summary.sent} sent, ${summary.bounced} bounced, ${summary.failed} failed, ${summary.waiting} waiting to be retried by the server` +
          (reasons.size
            ? `; skipped: ${[...reasons].map(([reason, n]) => `${n} ${reason.replace('_', ' ')}`).join(', ')}`
            : ''),
      );
      if (!config.publicUrl)
        console.log(
          pc.yellow(
            `The links point at ${summary.baseUrl}; set HEED_PUBLIC_URL to the address customers reach Heed at.`,
          ),
        );
    }),
  );

program
  .command('metrics <metric>')
  .description(`Print a metric: ${metricNames.join(', ')}`)
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .option('--by <dimension>', 'group by segment, channel or survey')
  .option('--period <period>', 'group by day, week or month (retention: week, month, quarter, year)')
  .option('--from <date>', 'first day, YYYY-MM-DD')
  .option('--to <date>', 'last day, YYYY-MM-DD')
  .option('--survey <id>', 'one survey')
  .option('--segment <name>', 'one segment')
  .option('--channel <name>', 'one channel')
  .option('--currency <code>', 'currency for clv and concentration')
  .option('--compare', 'test the change against the previous period')
  .option('--json', 'print JSON instead of a table')
  .action((metric: string, flags: Record<string, string | boolean | undefined>) =>
    withServices(globals(), async (services) => {
      if (!(metricNames as readonly string[]).includes(metric))
        throw new CliError(`Unknown metric "${metric}": choose one of ${metricNames.join(', ')}`);
      const name = metric as MetricName;
      const workspaceId = await workspaceFor(services, flags.workspace as string | undefined);
      const common = { from: flags.from, to: flags.to, segment: flags.segment };
      let result: Record<string, unknown>;
      if (name === 'retention') {
        result = await services.metrics.retention(
          workspaceId,
          retentionQuery.parse({ ...common, period: flags.period, by: flags.by }),
        );
      } else if (name === 'clv') {
        result = await services.metrics.clv(
          workspaceId,
          clvQuery.parse({ currency: flags.currency, segment: flags.segment }),
        );
      } else if (name === 'concentration') {
        result = await services.metrics.concentration(
          workspaceId,
          concentrationQuery.parse({ currency: flags.currency, segment: flags.segment }),
        );
      } else {
        const query = scoreMetricQuery.parse({
          ...common,
          survey_id: flags.survey,
          channel: flags.channel,
          by: flags.by,
          period: flags.period,
          compare: flags.compare ? 'previous' : undefined,
        });
        result = await services.metrics.scoreMetric(workspaceId, name, query);
      }
      console.log(flags.json ? JSON.stringify(result, null, 2) : metricTable(name, result));
    }),
  );

program
  .command('analyze <file>')
  .description(
    'Analyse comments without a server or database: one per line, or a CSV column; "-" reads stdin. ' +
      'Prints JSON lines {text, redacted, sentiment, themes}',
  )
  .option('--csv', 'the file is CSV (needs --column)')
  .option('--column <name>', 'the CSV column holding the comments')
  .option('--keep-pii', 'do not redact e-mail addresses, phone numbers … before analysing')
  .option('--min-documents <n>', 'comments a theme needs at least (default: scales with the file)')
  .action(
    async (
      file: string,
      flags: { csv?: boolean; column?: string; keepPii?: boolean; minDocuments?: string },
    ) => {
      try {
        if (flags.csv && !flags.column)
          throw new CliError('--csv needs --column NAME: the column holding the comments');
        if (flags.column && !flags.csv) throw new CliError('--column is for CSV files: add --csv');
        const minDocuments = flags.minDocuments === undefined ? undefined : Number(flags.minDocuments);
        if (minDocuments !== undefined && (!Number.isInteger(minDocuments) || minDocuments < 1))
          throw new CliError('--min-documents must be a whole number ≥ 1');
        const lines = await analyzeFile(file, {
          csvColumn: flags.column,
          keepPii: flags.keepPii,
          minDocuments,
        });
        for (const line of lines) process.stdout.write(`${JSON.stringify(line)}\n`);
      } catch (error) {
        exitWith(error);
      }
    },
  );

program
  .command('themes')
  .description('Print the workspace’s themes and tags: volume, sentiment, NPS, CSAT')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .option('--from <date>', 'first day, YYYY-MM-DD (default: 11 weeks before --to)')
  .option('--to <date>', 'last day, YYYY-MM-DD (default: today)')
  .option('--kind <kind>', 'auto (found automatically) or tag')
  .option('--json', 'print JSON instead of a table')
  .action((flags: Record<string, string | boolean | undefined>) =>
    withServices(globals(), async (services) => {
      const workspaceId = await workspaceFor(services, flags.workspace as string | undefined);
      // The server analyses as comments arrive; with it stopped, catch up first so the figures are current.
      await services.text.analyzeNewComments();
      const query = themeListQuery.parse({ from: flags.from, to: flags.to, kind: flags.kind });
      const result = await services.text.listThemeFigures(workspaceId, query);
      console.log(flags.json ? JSON.stringify(themesJson(result), null, 2) : themesTable(result));
    }),
  );

program
  .command('drivers')
  .description('Print each theme’s effect on NPS or CSAT, ranked')
  .option('--workspace <id>', 'workspace id (default: the first workspace)')
  .option('--metric <metric>', 'nps or csat', 'nps')
  .option('--from <date>', 'first day, YYYY-MM-DD')
  .option('--to <date>', 'last day, YYYY-MM-DD')
  .option('--json', 'print JSON instead of a table')
  .action((flags: Record<string, string | boolean | undefined>) =>
    withServices(globals(), async (services) => {
      const workspaceId = await workspaceFor(services, flags.workspace as string | undefined);
      await services.text.analyzeNewComments();
      const query = driversQuery.parse({ from: flags.from, to: flags.to, metric: flags.metric });
      const result = await services.text.drivers(workspaceId, query.metric, query);
      console.log(flags.json ? JSON.stringify(driversJson(result), null, 2) : driversTable(result));
    }),
  );

program
  .command('backup [file]')
  .description('Write a gzipped copy of the embedded database (stop the server first)')
  .action((file: string | undefined) =>
    withServices(globals(), async (services, config) => {
      if (services.db.backend !== 'pglite') throw new CliError('On PostgreSQL, back up with pg_dump.');
      const target = file ?? `heed-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
      fs.writeFileSync(target, await services.db.backup());
      console.log(`Backed up ${config.dataDir} to ${target}`);
    }),
  );

program
  .command('restore <file>')
  .description('Fill an empty embedded data directory from a `heed backup` file')
  .action(async (file: string) => {
    const config = configFrom(globals());
    if (config.databaseUrl) throw new CliError('On PostgreSQL, restore with pg_restore or psql.');
    if (!fs.existsSync(file)) throw new CliError(`No such file: ${file}`);
    const db = await connect({ dataDir: config.dataDir, poolSize: 1, restoreFrom: file });
    try {
      await migrate(db);
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM workspaces');
      console.log(`Restored ${file} into ${config.dataDir} (${row.n} workspace(s)).`);
    } finally {
      await db.close();
    }
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ZodError) {
    exitWith(
      new CliError(
        error.issues
          .map((issue) => `--${String(issue.path[0]).replace(/_/g, '-')}: ${issue.message}`)
          .join('\n'),
      ),
    );
  }
  exitWith(error);
});
