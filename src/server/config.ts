// Server configuration from the environment, validated once at start: a bad value stops the
// server with a Chinese message naming the variable, never a silent fallback.
import { z } from 'zod';
import { DEFAULT_INFLATE_LIMITS, type InflateLimits } from '../io/sheets/index.js';
import { DEFAULT_SQLITE_PATH } from '../store/index.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  /** 127.0.0.1 unless told otherwise: the server is not on the network by accident. */
  host: string;
  /** SQLite path or postgres:// URL. */
  db: string;
  /**
   * Optional; nothing security-critical is signed with it (sessions are random ids looked up on
   * the server). Accepted so deployments can set it; null when not given.
   */
  sessionSecret: string | null;
  demo: boolean;
  /**
   * Demo mode only: the day the demo runs on (TUOPIN_DEMO_TODAY); null = the active rulebook's
   * demoToday, else its assessmentDate. Real use keeps the real clock.
   */
  demoToday: string | null;
  logLevel: LogLevel;
  /** Secure cookies: on behind HTTPS (TUOPIN_COOKIE_SECURE=1); off for plain http on loopback. */
  cookieSecure: boolean;
  /** Built web app; null = dist/web of the package, if it exists. */
  webDir: string | null;
  /** Extra origins allowed to send state-changing requests (e.g. a reverse proxy's public name). */
  allowedOrigins: string[];
  /** Trust X-Forwarded-For (behind a reverse proxy), so rate limits see the client address. */
  trustProxy: boolean;
  /** Login attempts per client address per window. */
  loginRateLimit: { max: number; windowMs: number };
  /** A session unused this long is signed out. */
  sessionIdleMs: number;
  /**
   * Back-off after failed logins, counted per (user name, client address) so that someone else
   * guessing from another address cannot lock the owner out: `freeFailures` failures within
   * `windowMs` are answered at once; each further one refuses that pair for `baseDelayMs`,
   * doubling, at most `maxDelayMs`. Unknown user names are counted the same way.
   */
  loginBackoff: { freeFailures: number; windowMs: number; baseDelayMs: number; maxDelayMs: number };
  /** Household searches (a query text) per session per window. */
  searchRateLimit: { max: number; windowMs: number };
  /** How much an uploaded .xlsx may inflate to: per part, in total, and by ratio (zip bombs). */
  importLimits: InflateLimits;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const MINUTE = 60_000;

export const DEFAULTS: Readonly<Omit<ServerConfig, 'db'>> = Object.freeze({
  port: 8080,
  host: '127.0.0.1',
  sessionSecret: null,
  demo: false,
  demoToday: null,
  logLevel: 'info',
  cookieSecure: false,
  webDir: null,
  allowedOrigins: [],
  trustProxy: false,
  loginRateLimit: { max: 10, windowMs: MINUTE },
  sessionIdleMs: 8 * 60 * MINUTE,
  loginBackoff: { freeFailures: 5, windowMs: 15 * MINUTE, baseDelayMs: 30_000, maxDelayMs: 15 * MINUTE },
  searchRateLimit: { max: 60, windowMs: MINUTE },
  importLimits: { ...DEFAULT_INFLATE_LIMITS },
});

const MB = 1024 * 1024;

const flag = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''].includes(v), `${name} 应为 1 或 0`)
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const positiveInt = (name: string, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} 应为 1 到 ${max} 之间的整数`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= max, `${name} 应为 1 到 ${max} 之间的整数`);

const EnvSchema = z.object({
  TUOPIN_PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'TUOPIN_PORT 应为 0 到 65535 之间的整数')
    .transform(Number)
    .refine((n) => n >= 0 && n <= 65535, 'TUOPIN_PORT 应为 0 到 65535 之间的整数')
    .optional(),
  TUOPIN_HOST: z.string().trim().min(1, 'TUOPIN_HOST 不能为空').optional(),
  TUOPIN_DB: z.string().trim().min(1, 'TUOPIN_DB 不能为空').optional(),
  DATABASE_URL: z.string().trim().min(1, 'DATABASE_URL 不能为空').optional(),
  TUOPIN_SESSION_SECRET: z.string().min(16, 'TUOPIN_SESSION_SECRET 至少需要 16 个字符').optional(),
  TUOPIN_DEMO: flag('TUOPIN_DEMO').optional(),
  TUOPIN_DEMO_TODAY: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'TUOPIN_DEMO_TODAY 应为日期，如 2018-11-20')
    .refine(
      (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      'TUOPIN_DEMO_TODAY 应为日期，如 2018-11-20',
    )
    .optional(),
  TUOPIN_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `TUOPIN_LOG_LEVEL 应为 ${LOG_LEVELS.join('、')} 之一` }).optional(),
  TUOPIN_COOKIE_SECURE: flag('TUOPIN_COOKIE_SECURE').optional(),
  TUOPIN_WEB_DIR: z.string().trim().min(1, 'TUOPIN_WEB_DIR 不能为空').optional(),
  TUOPIN_ALLOWED_ORIGINS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    )
    .refine((list) => list.every((o) => /^https?:\/\/[^/\s]+$/i.test(o)), 'TUOPIN_ALLOWED_ORIGINS 应为逗号分隔的 http(s)://主机[:端口] 列表')
    .optional(),
  TUOPIN_TRUST_PROXY: flag('TUOPIN_TRUST_PROXY').optional(),
  TUOPIN_LOGIN_MAX_FAILURES: positiveInt('TUOPIN_LOGIN_MAX_FAILURES', 1000).optional(),
  TUOPIN_LOGIN_FAILURE_WINDOW_MIN: positiveInt('TUOPIN_LOGIN_FAILURE_WINDOW_MIN', 10080).optional(),
  TUOPIN_LOGIN_BACKOFF_S: positiveInt('TUOPIN_LOGIN_BACKOFF_S', 86400).optional(),
  TUOPIN_LOGIN_BACKOFF_MAX_MIN: positiveInt('TUOPIN_LOGIN_BACKOFF_MAX_MIN', 10080).optional(),
  TUOPIN_SEARCH_RATE_LIMIT: positiveInt('TUOPIN_SEARCH_RATE_LIMIT', 100000).optional(),
  TUOPIN_IMPORT_MAX_PART_MB: positiveInt('TUOPIN_IMPORT_MAX_PART_MB', 4095).optional(),
  TUOPIN_IMPORT_MAX_TOTAL_MB: positiveInt('TUOPIN_IMPORT_MAX_TOTAL_MB', 65535).optional(),
  TUOPIN_IMPORT_MAX_RATIO: positiveInt('TUOPIN_IMPORT_MAX_RATIO', 100000).optional(),
});

/** Empty variables count as unset, as shells and .env files often leave them. */
function present(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v.trim() !== '') out[key] = v;
  }
  return out;
}

/**
 * Reads the environment (TUOPIN_PORT, TUOPIN_HOST, TUOPIN_DB / DATABASE_URL, TUOPIN_SESSION_SECRET,
 * TUOPIN_DEMO, TUOPIN_DEMO_TODAY, TUOPIN_LOG_LEVEL, TUOPIN_COOKIE_SECURE, TUOPIN_WEB_DIR, TUOPIN_ALLOWED_ORIGINS,
 * TUOPIN_TRUST_PROXY, TUOPIN_LOGIN_MAX_FAILURES, TUOPIN_LOGIN_FAILURE_WINDOW_MIN, TUOPIN_LOGIN_BACKOFF_S,
 * TUOPIN_LOGIN_BACKOFF_MAX_MIN, TUOPIN_SEARCH_RATE_LIMIT, TUOPIN_IMPORT_MAX_PART_MB, TUOPIN_IMPORT_MAX_TOTAL_MB, TUOPIN_IMPORT_MAX_RATIO); `overrides` (from code or the command line) win. Throws ConfigError.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const parsed = EnvSchema.safeParse(present(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => i.message);
    throw new ConfigError(`配置有误：${lines.join('；')}`);
  }
  const e = parsed.data;
  const config: ServerConfig = {
    ...DEFAULTS,
    loginRateLimit: { ...DEFAULTS.loginRateLimit },
    loginBackoff: {
      freeFailures: e.TUOPIN_LOGIN_MAX_FAILURES ?? DEFAULTS.loginBackoff.freeFailures,
      windowMs: e.TUOPIN_LOGIN_FAILURE_WINDOW_MIN !== undefined ? e.TUOPIN_LOGIN_FAILURE_WINDOW_MIN * MINUTE : DEFAULTS.loginBackoff.windowMs,
      baseDelayMs: e.TUOPIN_LOGIN_BACKOFF_S !== undefined ? e.TUOPIN_LOGIN_BACKOFF_S * 1000 : DEFAULTS.loginBackoff.baseDelayMs,
      maxDelayMs: e.TUOPIN_LOGIN_BACKOFF_MAX_MIN !== undefined ? e.TUOPIN_LOGIN_BACKOFF_MAX_MIN * MINUTE : DEFAULTS.loginBackoff.maxDelayMs,
    },
    searchRateLimit: { max: e.TUOPIN_SEARCH_RATE_LIMIT ?? DEFAULTS.searchRateLimit.max, windowMs: DEFAULTS.searchRateLimit.windowMs },
    allowedOrigins: e.TUOPIN_ALLOWED_ORIGINS ?? [],
    port: e.TUOPIN_PORT ?? DEFAULTS.port,
    host: e.TUOPIN_HOST ?? DEFAULTS.host,
    db: e.TUOPIN_DB ?? e.DATABASE_URL ?? DEFAULT_SQLITE_PATH,
    sessionSecret: e.TUOPIN_SESSION_SECRET ?? null,
    demo: e.TUOPIN_DEMO ?? false,
    demoToday: e.TUOPIN_DEMO_TODAY ?? null,
    logLevel: e.TUOPIN_LOG_LEVEL ?? DEFAULTS.logLevel,
    cookieSecure: e.TUOPIN_COOKIE_SECURE ?? false,
    webDir: e.TUOPIN_WEB_DIR ?? null,
    trustProxy: e.TUOPIN_TRUST_PROXY ?? false,
    importLimits: {
      maxPartBytes: e.TUOPIN_IMPORT_MAX_PART_MB !== undefined ? e.TUOPIN_IMPORT_MAX_PART_MB * MB : DEFAULTS.importLimits.maxPartBytes,
      maxTotalBytes: e.TUOPIN_IMPORT_MAX_TOTAL_MB !== undefined ? e.TUOPIN_IMPORT_MAX_TOTAL_MB * MB : DEFAULTS.importLimits.maxTotalBytes,
      maxRatio: e.TUOPIN_IMPORT_MAX_RATIO ?? DEFAULTS.importLimits.maxRatio,
    },
    ...stripUndefined(overrides),
  };
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new ConfigError(`配置有误：端口应为 0 到 65535 之间的整数，实际为“${config.port}”`);
  }
  if (config.host.trim() === '') throw new ConfigError('配置有误：监听地址不能为空');
  return config;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
