// The database backends a suite runs on: PGlite always, PostgreSQL when HEED_TEST_DATABASE_URL is set.
// Each PostgreSQL run gets a fresh database of its own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Creates an empty database and returns its URL (undefined for PGlite) and a function that drops it. */
  create: () => Promise<{ databaseUrl?: string; dataDir: string; drop: () => Promise<void> }>;
}

// Test setup is the one place outside config.ts that reads the environment: it chooses the backends.
const serverUrl = process.env.HEED_TEST_DATABASE_URL;

const pglite: Backend = {
  name: 'pglite',
  create: async () => ({ dataDir: 'memory://', drop: async () => undefined }),
};

const postgres: Backend = {
  name: 'postgres',
  create: async () => {
    const name = `heed_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl as string);
    url.pathname = `/${name}`;
    return {
      databaseUrl: url.toString(),
      dataDir: 'memory://',
      drop: async () => {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  },
};

export const backends: Backend[] = serverUrl ? [pglite, postgres] : [pglite];
export const postgresUrl = serverUrl;
