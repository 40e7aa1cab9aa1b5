// Sessions and CSRF. The cookie carries a random 32-byte id; the server keeps its SHA-256, the
// user and a CSRF token. Every state-changing request must send that token in `x-csrf-token`
// (before sign-in: the token of the pre-session cookie, so the login form is protected too) and,
// when the browser sends an Origin, come from this server's own origin.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { forbidden } from '../errors.js';
import type { App, AppDeps } from '../types.js';
import { viewerFor, type SessionState } from './viewer.js';

export const SESSION_COOKIE = 'tuopin_sid';
/** Holds the CSRF token of a visitor not signed in yet (login and setup forms). */
export const PRE_SESSION_COOKIE = 'tuopin_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Extending the idle timeout on every request would write on every read; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What the sessions table stores instead of the cookie value. With TUOPIN_SESSION_SECRET set it is
 * an HMAC keyed by the secret, so a copy of the database alone cannot even be checked against a
 * stolen cookie; changing the secret signs everyone out. Without it, a plain SHA-256.
 */
export function hashToken(token: string, secret: string | null = null): string {
  return secret === null ? createHash('sha256').update(token).digest('hex') : createHmac('sha256', secret).update(token).digest('hex');
}

export function cookieOptions(deps: AppDeps): CookieSerializeOptions {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.config.cookieSecure };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const ms = (iso: string) => Date.parse(iso);

export class SessionService {
  readonly #deps: AppDeps;

  constructor(deps: AppDeps) {
    this.#deps = deps;
  }

  /** The session for a cookie value, or null (unknown, expired, user gone or disabled). */
  async resolve(token: string | undefined): Promise<SessionState | null> {
    if (token === undefined || !TOKEN_PATTERN.test(token)) return null;
    const { store, clock, config } = this.#deps;
    const idHash = hashToken(token, config.sessionSecret);
    const session = await store.sessions.find(idHash);
    if (session === null) return null;
    const now = clock();
    if (ms(now) >= ms(session.expiresAt)) {
      await store.sessions.delete(idHash);
      return null;
    }
    const user = await store.users.byId(session.userId);
    if (user === null || user.disabled) {
      await store.sessions.delete(idHash);
      return null;
    }
    if (ms(now) - ms(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
      await store.sessions.touch(idHash, now, new Date(ms(now) + config.sessionIdleMs).toISOString());
    }
    return { idHash, csrfToken: session.csrfToken, user };
  }

  /**
   * Signs `userId` in: a new session id (never the one the browser came with, so a planted
   * cookie is worthless), the cookie set, the pre-session cookie cleared. Returns the CSRF token.
   */
  async start(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<string> {
    const { store, clock, config } = this.#deps;
    if (request.session !== null) await store.sessions.delete(request.session.idHash);
    const now = clock();
    await store.sessions.deleteExpired(now);
    const token = newToken();
    const csrfToken = newToken();
    await store.sessions.create({
      idHash: hashToken(token, this.#deps.config.sessionSecret),
      userId,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(ms(now) + config.sessionIdleMs).toISOString(),
    });
    reply.setCookie(SESSION_COOKIE, token, cookieOptions(this.#deps));
    reply.clearCookie(PRE_SESSION_COOKIE, cookieOptions(this.#deps));
    return csrfToken;
  }

  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (request.session !== null) await this.#deps.store.sessions.delete(request.session.idHash);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(this.#deps));
  }

  /** The CSRF token a visitor without a session uses; set as a cookie the first time. */
  preSessionToken(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies[PRE_SESSION_COOKIE];
    if (existing !== undefined && TOKEN_PATTERN.test(existing)) return existing;
    const token = newToken();
    reply.setCookie(PRE_SESSION_COOKIE, token, cookieOptions(this.#deps));
    return token;
  }
}

function checkOrigin(request: FastifyRequest, deps: AppDeps): void {
  const refuse = () => forbidden('请求来源不是本系统的页面，已拒绝', 'cross-origin');
  if (request.headers['sec-fetch-site'] === 'cross-site') throw refuse();
  const origin = request.headers.origin;
  if (origin === undefined) return;
  if (deps.config.allowedOrigins.some((o) => o.toLowerCase() === origin.toLowerCase())) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw refuse();
  }
  const own = request.headers.host;
  if (origin === 'null' || own === undefined || host.toLowerCase() !== own.toLowerCase()) throw refuse();
}

function checkCsrfToken(request: FastifyRequest): void {
  const expected = request.session?.csrfToken ?? request.cookies[PRE_SESSION_COOKIE];
  const given = request.headers[CSRF_HEADER];
  if (expected === undefined || typeof given !== 'string' || !safeEqual(given, expected)) {
    throw forbidden('安全校验失败（缺少或错误的 CSRF 令牌），请刷新页面后重试', 'csrf');
  }
}

/**
 * Resolves the session of every /api request into `request.session` / `request.viewer`, then
 * refuses state-changing requests that fail the origin or CSRF check (403) before any route
 * or body parsing runs.
 */
export function registerSessionHooks(app: App, deps: AppDeps, sessions: SessionService): void {
  app.decorateRequest('viewer', null);
  app.decorateRequest('session', null);
  app.addHook('onRequest', async (request) => {
    if (request.url === '/api' || request.url.startsWith('/api/') || request.url.startsWith('/api?')) {
      const state = await sessions.resolve(request.cookies[SESSION_COOKIE]);
      request.session = state;
      request.viewer = state === null ? null : viewerFor(state.user);
    }
    if (!SAFE_METHODS.has(request.method)) {
      checkOrigin(request, deps);
      checkCsrfToken(request);
    }
  });
}
