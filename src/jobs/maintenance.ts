// The recurring jobs every Heed process runs: fold rollups, analyse new comments, advance re-analysis runs,
// send queued e-mails, queue theme discovery, forget old idempotency keys, vacuum the embedded store.
import type { Config } from '../config.ts';
import { foldRollups } from '../domains/metrics/rollups.ts';
import type { Services } from '../services.ts';
import type { PeriodicJob } from './periodic.ts';

export function maintenanceJobs({ db, text, email }: Services, config: Config): PeriodicJob[] {
  const jobs: PeriodicJob[] = [
    { name: 'fold-response-rollups', everyMs: config.rollupIntervalMs, run: () => foldRollups(db) },
    { name: 'analyze-comments', everyMs: config.analysisIntervalMs, run: () => text.analyzeNewComments() },
    { name: 'analysis-runs', everyMs: config.analysisIntervalMs, run: () => text.processRuns() },
    { name: 'send-emails', everyMs: config.emailIntervalMs, run: () => email.sendDue() },
    {
      name: 'schedule-theme-discovery',
      everyMs: config.themeDiscoveryMinutes * 60_000,
      run: () => text.scheduleDiscovery(),
    },
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
