// Every setting Heed reads, typed and validated once at start; nothing else reads process.env.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const configSchema = z.object({
  port: integer(0, 65535).default(3000),
  host: z.string().min(1).default('127.0.0.1'),
  /** A PostgreSQL URL switches from the embedded store to a server. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** Where the embedded database lives ("memory://" keeps it in memory, for tests). */
  dataDir: z.string().min(1).default('.heed'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Connections to a PostgreSQL server; the embedded store always uses exactly one. */
  poolSize: integer(1, 200).default(10),
  /** Largest request body in bytes; batches of 1,000 responses need room. */
  bodyLimit: integer(1024, 100 * 1024 * 1024).default(8 * 1024 * 1024),
  /** Group commit: how long to gather concurrent writes, and at most how many per transaction. */
  groupCommitMs: integer(0, 100).default(2),
  groupCommitMaxItems: integer(1, 10_000).default(1000),
  /** How often new rows are folded into the metric rollups. */
  rollupIntervalMs: integer(50, 3_600_000).default(1000),
  /** How often new comments are analysed (sentiment, themes, tag rules) and re-analysis runs advance. */
  analysisIntervalMs: integer(50, 3_600_000).default(1000),
  /** How often workspaces whose comments grew are queued for theme discovery. */
  themeDiscoveryMinutes: integer(1, 10_080).default(15),
  /** How often the embedded store is vacuumed and analysed (it has no autovacuum). */
  vacuumIntervalMinutes: integer(1, 10_080).default(60),
  /** How long an API key lookup is cached in a process; a revoked key stops working within this time. */
  keyCacheSeconds: integer(0, 3600).default(5),
  /**
   * The address customers reach this server at, for the links in e-mails and API answers, e.g.
   * https://feedback.example.com; unset, the address a caller used.
   */
  publicUrl: z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL, e.g. https://feedback.example.com' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /** The SMTP server survey e-mails go out through, e.g. smtps://user:password@smtp.example.com:465. */
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://, e.g. smtps://user:password@smtp.example.com')
    .optional(),
  /** The address survey e-mails come from; the workspace's name is shown as the sender. */
  emailFrom: z
    .email({ message: 'must be an e-mail address, e.g. feedback@example.com' })
    .default('feedback@localhost'),
  /** How often the e-mail outbox is worked through. */
  emailIntervalMs: integer(50, 3_600_000).default(1000),
  /**
   * Whether a reverse proxy in front of Heed is trusted: then X-Forwarded-For names the client (for sign-in
   * rate limits) and X-Forwarded-Proto: https marks the session cookie Secure.
   */
  trustProxy: z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1')
    .default(false),
  /** Idempotency keys are remembered this long. */
  idempotencyHours: integer(1, 24 * 30).default(24),
  /** The built dashboard (`npm run build:web`) served at /; another build can be served for tests. */
  webDir: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../web/dist/', import.meta.url))),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = Partial<Record<keyof Config, string | number | undefined>>;

const environmentNames: Record<keyof Config, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'HEED_DATA_DIR',
  logLevel: 'HEED_LOG_LEVEL',
  poolSize: 'HEED_POOL_SIZE',
  bodyLimit: 'HEED_BODY_LIMIT',
  groupCommitMs: 'HEED_GROUP_COMMIT_MS',
  groupCommitMaxItems: 'HEED_GROUP_COMMIT_MAX_ITEMS',
  rollupIntervalMs: 'HEED_ROLLUP_INTERVAL_MS',
  analysisIntervalMs: 'HEED_ANALYSIS_INTERVAL_MS',
  themeDiscoveryMinutes: 'HEED_THEME_DISCOVERY_MINUTES',
  vacuumIntervalMinutes: 'HEED_VACUUM_INTERVAL_MINUTES',
  keyCacheSeconds: 'HEED_KEY_CACHE_SECONDS',
  idempotencyHours: 'HEED_IDEMPOTENCY_HOURS',
  trustProxy: 'HEED_TRUST_PROXY',
  publicUrl: 'HEED_PUBLIC_URL',
  smtpUrl: 'HEED_SMTP_URL',
  emailFrom: 'HEED_EMAIL_FROM',
  emailIntervalMs: 'HEED_EMAIL_INTERVAL_MS',
  webDir: 'HEED_WEB_DIR',
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Heed's configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

/** Reads the environment, then lets explicit overrides (CLI flags, tests) win. Empty values count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigInput = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(environmentNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]) as keyof Config;
        return `${environmentNames[key] ?? key}: ${issue.message}`;
      }),
    );
  }
  const config = parsed.data;
  if (config.dataDir !== 'memory://') config.dataDir = path.resolve(config.dataDir);
  config.webDir = path.resolve(config.webDir);
  return config;
}
