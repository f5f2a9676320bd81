// Worker thread of page-load.ts (plain JavaScript: worker threads do not get tsx's loader): one keep-alive
// connection of raw HTTP/1.1 GETs sent one after another, timing each request's first response byte (TTFB)
// and its last, so the sampled requests see the same load as autocannon's connections.
// workerData: { url, path }; then a message { durationS } starts it; it answers { result: SamplerResult }.
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

const { url, path } = workerData;
const target = new URL(url);
const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`);
const headerEnd = Buffer.from('\r\n\r\n');
const result = { ttfb: [], complete: [], responseBytes: 0, non2xx: 0, errors: 0 };

/** Where the response in `buffer` ends, once it has all arrived (Content-Length or chunked). */
function responseEnd(buffer) {
  const end = buffer.indexOf(headerEnd);
  if (end === -1) return undefined;
  const head = buffer.subarray(0, end).toString('latin1').toLowerCase();
  const length = /\r\ncontent-length: *(\d+)/.exec(head);
  if (length) {
    const total = end + 4 + Number(length[1]);
    return buffer.length >= total ? total : undefined;
  }
  if (head.includes('\r\ntransfer-encoding: chunked')) {
    const last = buffer.indexOf('\r\n0\r\n\r\n', end);
    return last === -1 ? undefined : last + 7;
  }
  throw new Error(`a response with neither Content-Length nor chunked encoding: ${head.slice(0, 200)}`);
}

const socket = net.connect({ host: target.hostname, port: Number(target.port) });
socket.setNoDelay(true);
/** @type {{ started: number, first?: number, buffer: Buffer, done: () => void } | undefined} */
let pending;
socket.on('data', (chunk) => {
  const now = performance.now();
  if (!pending) return;
  pending.first ??= now;
  pending.buffer = pending.buffer.length === 0 ? chunk : Buffer.concat([pending.buffer, chunk]);
  const end = responseEnd(pending.buffer);
  if (end === undefined) return;
  const status = Number(pending.buffer.subarray(9, 12).toString('latin1'));
  if (status < 200 || status >= 300) result.non2xx++;
  result.ttfb.push(pending.first - pending.started);
  result.complete.push(now - pending.started);
  result.responseBytes = end;
  const { done } = pending;
  pending = undefined;
  done();
});
socket.on('error', () => {
  result.errors++;
  pending?.done();
});

socket.once('connect', () => parentPort?.postMessage({ ready: true }));
parentPort?.once('message', async (message) => {
  const deadline = performance.now() + message.durationS * 1000;
  while (performance.now() < deadline && !socket.destroyed) {
    await new Promise((resolve) => {
      pending = { started: performance.now(), buffer: Buffer.alloc(0), done: resolve };
      socket.write(request);
    });
  }
  socket.destroy();
  parentPort?.postMessage({ result });
});
