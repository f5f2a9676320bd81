// Starting and stopping a Heed server: database, migrations, services, HTTP, recurring jobs.
import type { Config } from './config.ts';
import { connect, type Db } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { buildApp, type HeedApp } from './http/app.ts';
import { maintenanceJobs } from './jobs/maintenance.ts';
import { startPeriodicJobs } from './jobs/periodic.ts';
import { createServices, type Services } from './services.ts';

/** How long in-flight requests get to finish on shutdown before their connections are closed. */
const shutdownGraceMs = 5_000;

export interface RunningServer {
  app: HeedApp;
  services: Services;
  url: string;
  stop: () => Promise<void>;
}

export async function openDatabase(config: Config): Promise<Db> {
  const db = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
  });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export async function startServer(config: Config, existingDb?: Db): Promise<RunningServer> {
  const db = existingDb ?? (await openDatabase(config));
  const services = createServices(db, config);
  const app = await buildApp(config, services);
  const stopJobs = startPeriodicJobs(maintenanceJobs(services, config), app.log);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  let stopping: Promise<void> | undefined;
  return {
    app,
    services,
    url: `http://${host}:${port}`,
    stop: () => {
      stopping ??= (async () => {
        // Stop accepting and let in-flight requests finish; a client holding a connection open without a
        // request (a browser's pre-opened socket, a load balancer) must not keep the process alive.
        const grace = setTimeout(() => app.server.closeAllConnections(), shutdownGraceMs);
        app.server.closeIdleConnections();
        await app.close();
        clearTimeout(grace);
        await services.responses.drain();
        await services.events.drain();
        await services.outreach.drain();
        await stopJobs();
        services.email.close();
        await db.close();
      })();
      return stopping;
    },
  };
}
