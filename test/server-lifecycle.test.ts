// Stopping a server: in-flight work finishes, and an idle client cannot keep the process alive.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

describe('server stop', () => {
  it('finishes even while a client holds a connection that never sent a request', async () => {
    const server = await startServer(loadConfig({}, { dataDir: 'memory://', logLevel: 'silent', port: 0 }));
    const port = (server.app.server.address() as net.AddressInfo).port;
    const idle = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => idle.once('connect', resolve));
    const closed = new Promise((resolve) => idle.once('close', resolve));
    await server.stop();
    await closed;
    expect(idle.destroyed).toBe(true);
  }, 30_000);
});
