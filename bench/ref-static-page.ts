// Child process: a bare Fastify route answering with a fixed HTML page (argv[2]: a JSON file holding the page
// and its headers, as Heed served them once), the ceiling for any server-rendered page of that size.
import fs from 'node:fs';
import Fastify from 'fastify';
import { sendToParent } from './util.ts';

const { body, headers } = JSON.parse(fs.readFileSync(process.argv[2] ?? '', 'utf8')) as {
  body: string;
  headers: Record<string, string>;
};
const app = Fastify({ logger: false });
app.get('/page', async (_request, reply) => reply.headers(headers).send(body));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
sendToParent({ ready: { url: `http://127.0.0.1:${port}`, pid: process.pid } });
