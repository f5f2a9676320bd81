import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith('.heed')).toBe(true);
  });

  it('lists every bad setting by its variable name, not just the first', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', HEED_LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT: /m);
      expect(problems).toMatch(/^DATABASE_URL: must start with postgres/m);
      expect(problems).toMatch(/^HEED_LOG_LEVEL: /m);
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it('lets flags override the environment and ignores empty values', () => {
    expect(loadConfig({ PORT: '4000', HOST: '' }, { port: 5000 })).toMatchObject({
      port: 5000,
      host: '127.0.0.1',
    });
  });
});
