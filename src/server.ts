// Starting and stopping a Heed server: database, migrations, services, HTTP, recurring jobs.
import type { Config } from './config.ts';
import { connect, type Db } from './db/connect.ts';
import { migrate } from './db/migrate.ts';
import { buildApp, type HeedApp } from './http/app.ts';
import { maintenanceJobs } from './jobs/maintenance.ts';
import { startPeriodicJobs } from './jobs/periodic.ts';
import { createServices, type Services } from './services.ts';

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
  const stopJobs = startPeriodicJobs(maintenanceJobs(db, config), app.log);
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
        await app.close(); // stops accepting, lets in-flight requests finish
        await services.responses.drain();
        await services.events.drain();
        await stopJobs();
        await db.close();
      })();
      return stopping;
    },
  };
}
