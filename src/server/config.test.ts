import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has safe defaults: loopback only, port 8080, the SQLite file, not demo', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, db: './data/tuopin.db', demo: false, logLevel: 'info', cookieSecure: false, sessionSecret: null });
    expect(c.lockout).toEqual({ attempts: 5, durationMs: 15 * 60_000 });
    expect(c.sessionIdleMs).toBe(8 * 3600_000);
  });

  it('reads every variable; TUOPIN_DB wins over DATABASE_URL', () => {
    const c = loadConfig({
      TUOPIN_PORT: '3000',
      TUOPIN_HOST: '0.0.0.0',
      TUOPIN_DB: '/srv/tuopin.db',
      DATABASE_URL: 'postgres://x/y',
      TUOPIN_SESSION_SECRET: 'a-long-enough-secret',
      TUOPIN_DEMO: '1',
      TUOPIN_LOG_LEVEL: 'warn',
      TUOPIN_COOKIE_SECURE: 'true',
      TUOPIN_ALLOWED_ORIGINS: 'https://tuopin.example.cn, https://b.example.cn:8443',
    });
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      db: '/srv/tuopin.db',
      sessionSecret: 'a-long-enough-secret',
      demo: true,
      logLevel: 'warn',
      cookieSecure: true,
      allowedOrigins: ['https://tuopin.example.cn', 'https://b.example.cn:8443'],
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).db).toBe('postgres://u@h/db');
  });

  it('reads the import inflate limits (zip bombs) in MB and as a ratio, with defaults', () => {
    expect(loadConfig({}).importLimits).toEqual({ maxPartBytes: 400 * 1024 * 1024, maxTotalBytes: 600 * 1024 * 1024, maxRatio: 100 });
    expect(loadConfig({ TUOPIN_IMPORT_MAX_PART_MB: '800', TUOPIN_IMPORT_MAX_TOTAL_MB: '1200', TUOPIN_IMPORT_MAX_RATIO: '250' }).importLimits).toEqual({
      maxPartBytes: 800 * 1024 * 1024,
      maxTotalBytes: 1200 * 1024 * 1024,
      maxRatio: 250,
    });
  });

  it('treats empty variables as unset and lets code overrides win', () => {
    expect(loadConfig({ TUOPIN_PORT: '', TUOPIN_HOST: ' ' }).port).toBe(8080);
    expect(loadConfig({ TUOPIN_PORT: '3000' }, { port: 0, demo: true })).toMatchObject({ port: 0, demo: true });
  });

  it.each([
    [{ TUOPIN_PORT: '80a' }, 'TUOPIN_PORT 应为 0 到 65535 之间的整数'],
    [{ TUOPIN_PORT: '70000' }, 'TUOPIN_PORT 应为 0 到 65535 之间的整数'],
    [{ TUOPIN_DEMO: 'maybe' }, 'TUOPIN_DEMO 应为 1 或 0'],
    [{ TUOPIN_LOG_LEVEL: 'loud' }, 'TUOPIN_LOG_LEVEL 应为'],
    [{ TUOPIN_SESSION_SECRET: 'short' }, 'TUOPIN_SESSION_SECRET 至少需要 16 个字符'],
    [{ TUOPIN_ALLOWED_ORIGINS: 'tuopin.example.cn' }, 'TUOPIN_ALLOWED_ORIGINS'],
    [{ TUOPIN_IMPORT_MAX_PART_MB: '0' }, 'TUOPIN_IMPORT_MAX_PART_MB 应为 1 到 4095 之间的整数'],
    [{ TUOPIN_IMPORT_MAX_RATIO: 'many' }, 'TUOPIN_IMPORT_MAX_RATIO 应为'],
  ])('refuses %j with a Chinese message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
