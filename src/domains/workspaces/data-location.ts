// Where this server keeps its data, in words for the workspace settings: the embedded store's folder or the
// PostgreSQL server's host and database, never a user name, password or connection option.

export interface DataLocation {
  database: 'embedded' | 'postgresql';
  /** The folder or host/database; only for those who administer the workspace. */
  where: string;
}

export function dataLocationOf(
  backend: 'pglite' | 'postgres',
  settings: { dataDir: string; databaseUrl?: string },
): DataLocation {
  if (backend === 'pglite')
    return {
      database: 'embedded',
      where:
        settings.dataDir === 'memory://' ? 'In memory: nothing is kept once Heed stops' : settings.dataDir,
    };
  return { database: 'postgresql', where: serverOf(settings.databaseUrl) };
}

/** host:port/database of a connection URL; a Unix socket's folder (the `host` option) stands in for the host. */
function serverOf(databaseUrl: string | undefined): string {
  if (!databaseUrl) return 'a PostgreSQL server';
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return 'a PostgreSQL server';
  }
  const socket = url.searchParams.get('host');
  const host = url.hostname ? `${url.hostname}${url.port ? `:${url.port}` : ''}` : (socket ?? 'localhost');
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return database ? `${host}/${database}` : host;
}
