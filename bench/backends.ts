// The two database kinds under test: a fresh PGlite data dir or PostgreSQL database per use, always dropped.
import fs from 'node:fs';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config.ts';
import { deferCleanup, log, randomSuffix, tempDir } from './util.ts';

export type BackendKind = 'pglite' | 'postgres';

export interface Store {
  kind: BackendKind;
  /** What a child process needs in its environment to open this store as Heed does. */
  env: Record<string, string | undefined>;
  /** Heed's configuration for this store, for in-process setup and loading. */
  config: Config;
  dataDir?: string;
  databaseUrl?: string;
  drop: () => Promise<void>;
}

export const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/test';

export function adminUrl(): string {
  return process.env.BENCH_DATABASE_URL || defaultAdminUrl;
}

function databaseUrlFor(admin: string, database: string): string {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function postgresReachable(): Promise<string | undefined> {
  try {
    return await withAdmin(async (client) => {
      const result = await client.query<{ version: string }>(
        "SELECT current_setting('server_version') AS version",
      );
      return result.rows[0]?.version;
    });
  } catch (error) {
    log(`PostgreSQL at ${adminUrl()} is not reachable (${(error as Error).message}); skipping it`);
    return undefined;
  }
}

/** A fresh, empty store of the given kind; `purpose` names it (e.g. "heed", "ref", "big"). */
export async function freshStore(kind: BackendKind, purpose: string): Promise<Store> {
  if (kind === 'pglite') {
    const dataDir = tempDir(`pglite-${purpose}`);
    const drop = deferCleanup(`remove ${dataDir}`, () =>
      fs.rmSync(dataDir, { recursive: true, force: true }),
    );
    return {
      kind,
      dataDir,
      env: { HEED_DATA_DIR: dataDir, DATABASE_URL: undefined },
      config: loadConfig({}, { dataDir, logLevel: 'silent' }),
      drop,
    };
  }
  const name = `heed_bench_${randomSuffix()}_${purpose}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const databaseUrl = databaseUrlFor(adminUrl(), name);
  const drop = deferCleanup(`drop database ${name}`, () =>
    withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  );
  return {
    kind,
    databaseUrl,
    env: { DATABASE_URL: databaseUrl, HEED_DATA_DIR: undefined },
    config: loadConfig({}, { databaseUrl, logLevel: 'silent' }),
    drop,
  };
}
