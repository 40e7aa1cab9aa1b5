import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has safe defaults: loopback only, port 8080, the SQLite file, not demo', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, db: './data/tuopin.db', demo: false, logLevel: 'info', cookieSecure: false, sessionSecret: null });
    expect(c.loginBackoff).toEqual({ freeFailures: 5, windowMs: 15 * 60_000, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000 });
    expect(c.searchRateLimit).toEqual({ max: 60, windowMs: 60_000 });
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

  it('reads the login back-off and the search rate limit', () => {
    const c = loadConfig({
      TUOPIN_LOGIN_MAX_FAILURES: '3',
      TUOPIN_LOGIN_FAILURE_WINDOW_MIN: '30',
      TUOPIN_LOGIN_BACKOFF_S: '10',
      TUOPIN_LOGIN_BACKOFF_MAX_MIN: '60',
      TUOPIN_SEARCH_RATE_LIMIT: '20',
    });
    expect(c.loginBackoff).toEqual({ freeFailures: 3, windowMs: 30 * 60_000, baseDelayMs: 10_000, maxDelayMs: 60 * 60_000 });
    expect(c.searchRateLimit).toEqual({ max: 20, windowMs: 60_000 });
    expect(() => loadConfig({ TUOPIN_LOGIN_MAX_FAILURES: '0' })).toThrow(/TUOPIN_LOGIN_MAX_FAILURES 应为/);
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
