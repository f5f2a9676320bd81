// One database interface with two backends: embedded PGlite (default) and a PostgreSQL server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';

/** What the embedded database thread (pglite-worker.mjs) reports. */
type PgliteWorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'backup-done'; bytes: Uint8Array }
  | { type: 'backup-failed'; message: string };

// Counts come back as int8; they stay far below 2^53, so numbers are the honest type.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));
// A date is a calendar day, not an instant: keep it as YYYY-MM-DD rather than local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Db extends Queryable {
  readonly backend: 'pglite' | 'postgres';
  /** How many transactions may usefully run at once (one for the single-session embedded store). */
  readonly connections: number;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** A gzipped tarball of the embedded data directory; only the embedded store has one. */
  backup(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
  /** Embedded store only: fill the (empty) data directory from a `heed backup` file first. */
  restoreFrom?: string;
}

function queryableFrom(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return result.rows as Row[];
    },
  };
}

function poolDb(
  pool: pg.Pool,
  backend: Db['backend'],
  connections: number,
  extra: Pick<Db, 'backup'> & { onClose: () => Promise<void> },
): Db {
  const direct = queryableFrom(pool);
  return {
    backend,
    connections,
    query: direct.query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryableFrom(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    backup: extra.backup,
    async close() {
      await pool.end();
      await extra.onClose();
    },
  };
}

export async function connect(options: ConnectOptions): Promise<Db> {
  if (options.databaseUrl) {
    // JIT compilation measured 12 ms of a 25 ms metric read; Heed's queries are short, so it never pays.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize,
      options: '-c jit=off',
    });
    pool.on('error', () => undefined); // an idle client's broken socket is replaced on next use
    return poolDb(pool, 'postgres', options.poolSize, {
      backup: async () => {
        throw new Error('Back up a PostgreSQL server with pg_dump; `heed backup` is for the embedded store.');
      },
      onClose: async () => undefined,
    });
  }
  return connectEmbedded(options.dataDir, options.restoreFrom);
}

async function connectEmbedded(dataDir: string, restoreFrom?: string): Promise<Db> {
  const releaseLock = dataDir === 'memory://' ? () => undefined : lockDataDir(dataDir);
  if (restoreFrom && fs.readdirSync(dataDir).some((name) => name !== 'heed.lock')) {
    releaseLock();
    throw new Error(`Restore needs an empty data directory, and ${dataDir} is not empty.`);
  }
  // A Unix socket path must stay short (108 bytes), so it lives in a private temp folder, not the data dir.
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'heed-'));
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir, socketPath, restoreFrom },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The embedded database stopped (exit ${code})`)));
      worker.once('message', (message: PgliteWorkerMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed')
          reject(new Error(`The embedded database failed to open: ${message.message}`));
      });
    });
  } catch (error) {
    await worker.terminate();
    releaseLock();
    fs.rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  worker.on('error', (error) => {
    process.emitWarning(`embedded database thread failed: ${error.message}`);
  });

  // Exactly one connection: PGlite is a single session, and two would interleave each other's transactions.
  const pool = new pg.Pool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  pool.on('error', () => undefined);

  const backup = () =>
    new Promise<Uint8Array>((resolve, reject) => {
      const onMessage = (message: PgliteWorkerMessage) => {
        if (message.type === 'backup-done') {
          worker.off('message', onMessage);
          resolve(message.bytes);
        } else if (message.type === 'backup-failed') {
          worker.off('message', onMessage);
          reject(new Error(message.message));
        }
      };
      worker.on('message', onMessage);
      worker.postMessage({ type: 'backup' });
    });

  return poolDb(pool, 'pglite', 1, {
    backup,
    onClose: async () => {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        worker.once('message', (message: { type: string }) => {
          if (message.type === 'closed') {
            clearTimeout(timer);
            resolve();
          }
        });
        worker.postMessage({ type: 'close' });
      });
      await worker.terminate();
      fs.rmSync(socketDir, { recursive: true, force: true });
      releaseLock();
    },
  });
}
