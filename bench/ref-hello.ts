// Child process: the bare Fastify hello route, the ceiling for any HTTP route on this machine.
import Fastify from 'fastify';
import { sendToParent } from './util.ts';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
sendToParent({ ready: { url: `http://127.0.0.1:${port}`, pid: process.pid } });
