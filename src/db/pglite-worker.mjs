// Runs the embedded PostgreSQL (PGlite) on its own thread and serves it on a private Unix socket,
// so a long query never stops the HTTP event loop and the app speaks `pg` to both backends.
// Plain JavaScript on purpose: Node 20 worker threads do not inherit the TypeScript loader.

import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** @type {{ dataDir: string, socketPath: string, restoreFrom?: string }} */
const { dataDir, socketPath, restoreFrom } = workerData;

async function main() {
  // A restore loads a backup tarball (from `heed backup`) into an empty data directory.
  const loadDataDir = restoreFrom ? new Blob([fs.readFileSync(restoreFrom)]) : undefined;
  const db = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir, { loadDataDir });
  // The app's pool holds one connection, but pg drops a connection whose query failed and opens the next at
  // once, before this server has seen the old one close: with a limit of one, that next connection was
  // refused and the following request failed (EPIPE). The spare slot only ever holds a closing connection.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 2 });
  await server.start();
  parentPort?.on('message', async (message) => {
    if (message.type === 'close') {
      await server.stop();
      await db.close();
      parentPort?.postMessage({ type: 'closed' });
    }
    if (message.type === 'backup') {
      try {
        const file = await db.dumpDataDir('gzip');
        const bytes = new Uint8Array(await file.arrayBuffer());
        parentPort?.postMessage({ type: 'backup-done', bytes }, [bytes.buffer]);
      } catch (error) {
        parentPort?.postMessage({ type: 'backup-failed', message: String(error) });
      }
    }
  });
  parentPort?.postMessage({ type: 'ready' });
}

main().catch((error) => {
  parentPort?.postMessage({
    type: 'failed',
    message: error instanceof Error ? error.message : String(error),
  });
});
