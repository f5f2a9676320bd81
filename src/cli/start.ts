// `heed start`: migrate, create the first workspace on first run, serve, stop cleanly on a signal.
import pc from 'picocolors';
import { invitationDays, invitationUrl } from '../domains/members/service.ts';
import { countWorkspaces } from '../domains/workspaces/store.ts';
import { openDatabase, startServer } from '../server.ts';
import { createServices } from '../services.ts';
import { configFrom, type GlobalFlags, workspaceFor } from './context.ts';
import { seedDemoWorkspace } from './demo.ts';

export interface StartFlags extends GlobalFlags {
  port?: string;
  host?: string;
  demo?: boolean;
}

const pgliteResponseWarning = 1_000_000;

export async function startCommand(flags: StartFlags): Promise<void> {
  const config = configFrom({ ...flags, port: flags.port, host: flags.host });
  const db = await openDatabase(config);
  const setup = createServices(db, config);
  const lines: string[] = [];
  let exampleKey: string | undefined;
  let exampleSurvey: string | undefined;
  let exampleWorkspace: string | undefined;

  if ((await countWorkspaces(db)) === 0 && !flags.demo) {
    const first = await setup.workspaces.createWorkspace({ name: 'My workspace' });
    const survey = await setup.surveys.createSurvey(first.workspace.id, {
      kind: 'nps',
      name: 'Net Promoter Score',
      language: 'en',
      questions: [],
    });
    exampleKey = first.secretKey.secret;
    exampleSurvey = survey.id;
    exampleWorkspace = first.workspace.id;
    lines.push(
      pc.bold('First start: created the workspace "My workspace" and an NPS survey.'),
      `  Admin API key (secret, shown once — store it now): ${pc.green(first.secretKey.secret)}`,
      `  Publishable key (safe in a browser, submit only): ${first.publishableKey.secret}`,
    );
  }
  if (flags.demo) {
    const demo = await seedDemoWorkspace(setup, {
      onProgress: (message) => process.stdout.write(`${pc.dim(message)}\n`),
    });
    exampleKey = demo.secretKey;
    exampleSurvey = demo.npsSurveyId;
    exampleWorkspace = demo.workspaceId;
    lines.push(
      demo.created
        ? pc.bold(
            `Demo workspace ready: ${demo.counts.customers} customers, ${demo.counts.responses} responses, ${demo.counts.events} events.`,
          )
        : pc.bold('Demo workspace already present; a new admin key was made for it.'),
      `  Demo admin API key (shown once): ${pc.green(demo.secretKey)}`,
    );
  }

  // Nobody can sign in to a workspace without members: a fresh one-time setup link on every start until
  // someone has used one (or `heed members create-owner`), so a lost link is never a dead end.
  const setupWorkspace = exampleWorkspace ?? (await workspaceFor(setup));
  const setupLink =
    (await setup.members.countMembers(setupWorkspace)) === 0
      ? await setup.members.createSetupInvitation(setupWorkspace)
      : undefined;

  const server = await startServer(config, db);
  if (setupLink) {
    const base = config.publicUrl ?? server.url;
    const { name } = await setup.workspaces.getWorkspace(setupWorkspace);
    lines.push(
      pc.bold(`Nobody can sign in to "${name}" yet.`),
      `  Set up the owner in your browser: ${pc.green(invitationUrl(base, setupLink.token))}`,
      `  (a one-time link, valid ${invitationDays} days; each start makes a fresh one while the workspace has no members)`,
      `  Or stop Heed, then \`npx heed members create-owner --email you@example.com\` prints the owner's first password.`,
    );
  }
  if (db.backend === 'pglite') {
    const [estimate] = await db.query<{ rows: number }>(
      "SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE relname = 'responses'",
    );
    if ((estimate?.rows ?? 0) >= pgliteResponseWarning) {
      lines.push(
        pc.yellow(
          `About ${estimate.rows.toLocaleString('en')} responses in the embedded store: past a million, run Heed on PostgreSQL (set DATABASE_URL).`,
        ),
      );
    }
  }
  console.log(`\n${pc.bold('Heed')} is listening on ${pc.cyan(server.url)}  (API docs: ${server.url}/docs)`);
  console.log(
    `Database: ${db.backend === 'pglite' ? `embedded, in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)'}`,
  );
  for (const line of lines) console.log(line);
  if (exampleKey && exampleSurvey) {
    console.log(
      `\nTry it:\n  curl -s ${server.url}/v1/responses -H 'Authorization: Bearer ${exampleKey}' ` +
        `-H 'Content-Type: application/json' -d '{"survey_id":"${exampleSurvey}","score":9,"comment":"Fast and friendly","customer":{"email":"ada@example.com"}}'`,
    );
    if (exampleWorkspace) {
      const token = await server.services.outreach.publicSurveyLink(exampleWorkspace, exampleSurvey);
      console.log(`Or answer the survey in a browser: ${config.publicUrl ?? server.url}/s/${token}`);
    }
  } else {
    console.log('Use the API key printed at first start, or make one with `heed keys create`.');
  }

  const shutdown = async (signal: string) => {
    console.log(pc.dim(`\n${signal}: finishing in-flight requests…`));
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
