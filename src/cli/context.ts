// What every CLI command shares: config from env + flags, an open database, and plain error exits.
import pc from 'picocolors';
import { type Config, ConfigError, type ConfigInput, loadConfig } from '../config.ts';
import { DataDirLocked } from '../db/data-dir-lock.ts';
import { HeedError } from '../errors.ts';
import { openDatabase } from '../server.ts';
import { createServices, type Services } from '../services.ts';

export interface GlobalFlags {
  dataDir?: string;
  databaseUrl?: string;
}

export function configFrom(flags: GlobalFlags & ConfigInput): Config {
  return loadConfig(process.env, flags);
}

/** Runs a command against the database directly (no server needed), closing it afterwards. */
export async function withServices<T>(
  flags: GlobalFlags,
  work: (services: Services, config: Config) => Promise<T>,
) {
  const config = configFrom(flags);
  const db = await openDatabase(config);
  const services = createServices(db, config);
  try {
    return await work(services, config);
  } finally {
    await services.responses.drain();
    await services.events.drain();
    await services.outreach.drain();
    await db.close();
  }
}

/** The workspace a command acts on: the one named, else the only (or first) one. */
export async function workspaceFor(services: Services, requested?: string): Promise<string> {
  if (requested) return (await services.workspaces.getWorkspace(requested)).id;
  const [first] = await services.db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY id LIMIT 1');
  if (!first) throw new CliError('There is no workspace yet: run `heed start` once, or `heed demo`.');
  return first.id;
}

export class CliError extends Error {}

export function exitWith(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DataDirLocked || error instanceof CliError) {
    console.error(pc.red(error.message));
  } else if (error instanceof HeedError) {
    console.error(pc.red(`${error.title}: ${error.message}`));
    for (const problem of error.errors ?? [])
      console.error(pc.red(`  - ${problem.path}: ${problem.message}`));
  } else {
    console.error(error);
  }
  process.exit(1);
}
