import { describe, expect, it } from 'vitest';
import { dataLocationOf } from './data-location.ts';

describe('where the data is, as the settings show it', () => {
  it('names the embedded store’s folder, or says it lives in memory', () => {
    expect(dataLocationOf('pglite', { dataDir: '/srv/heed/.heed' })).toEqual({
      database: 'embedded',
      where: '/srv/heed/.heed',
    });
    expect(dataLocationOf('pglite', { dataDir: 'memory://' }).where).toMatch(/^In memory/);
  });

  it('names a PostgreSQL server by host, port and database, never its user, password or options', () => {
    const shown = dataLocationOf('postgres', {
      dataDir: 'memory://',
      databaseUrl: 'postgres://heed:s3cret-pw@db.internal:6432/heed_prod?sslmode=require&password=x',
    });
    expect(shown).toEqual({ database: 'postgresql', where: 'db.internal:6432/heed_prod' });
    expect(JSON.stringify(shown)).not.toMatch(/s3cret|heed:|sslmode|password/);
    expect(
      dataLocationOf('postgres', { dataDir: '', databaseUrl: 'postgresql:///heed?host=/var/run/postgresql' })
        .where,
    ).toBe('/var/run/postgresql/heed');
    expect(dataLocationOf('postgres', { dataDir: '', databaseUrl: 'not a url' }).where).toBe(
      'a PostgreSQL server',
    );
  });
});
