// The recurring jobs every Heed process runs: fold rollups, forget old idempotency keys, vacuum the embedded store.
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { foldRollups } from '../domains/metrics/rollups.ts';
import type { PeriodicJob } from './periodic.ts';

export function maintenanceJobs(db: Db, config: Config): PeriodicJob[] {
  const jobs: PeriodicJob[] = [
    { name: 'fold-response-rollups', everyMs: config.rollupIntervalMs, run: () => foldRollups(db) },
    {
      name: 'purge-idempotency-keys',
      everyMs: 10 * 60_000,
      run: () =>
        db.query('DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)', [
          config.idempotencyHours,
        ]),
    },
  ];
  // PGlite has no autovacuum and no statistics collector: without this, plans and disk use decay.
  if (db.backend === 'pglite') {
    jobs.push({
      name: 'vacuum-analyze',
      everyMs: config.vacuumIntervalMinutes * 60_000,
      run: () => db.query('VACUUM (ANALYZE)'),
    });
  }
  return jobs;
}
