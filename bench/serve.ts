// Child process: a Heed server on a free port (store from HEED_DATA_DIR or DATABASE_URL), logging off.
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { sendToParent } from './util.ts';

const config = loadConfig(process.env, { logLevel: 'silent', port: 0, host: '127.0.0.1' });
const server = await startServer(config);
const address = server.app.server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
sendToParent({
  ready: { url: `http://127.0.0.1:${port}`, pid: process.pid, backend: server.services.db.backend },
});
