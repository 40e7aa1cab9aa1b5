// The Fastify application: JSON API under /api (Zod-validated both ways, documented at
// /api/openapi.json), the built web app with an SPA fallback, sessions, CSRF, rate limit and one
// error format. `buildApp` does not listen; main.ts does.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, type FastifySchemaCompiler } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LoginBackoff } from './auth/backoff.js';
import { registerAuthRoutes } from './auth/routes.js';
import { registerSessionHooks, SessionService } from './auth/session.js';
import { errorBody, HttpError, statusMessage, ValidationError, type Issue } from './errors.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerDataRoutes } from './routes/data/index.js';
import { registerRegionRoutes } from './routes/regions.js';
import { SYSTEM_ACTOR } from '../services/context.js';
import { AssessmentKeeper } from '../services/freshness.js';
import type { App, AppDeps } from './types.js';

export type { App, AppDeps } from './types.js';

export interface BuildOptions {
  /** Where log lines go (tests capture them); default stdout. */
  logStream?: Writable;
}

const zhCN = z.locales.zhCN();

/**
 * Zod validation with Chinese messages (a schema's own message still wins), reported as one
 * ValidationError listing every issue.
 */
const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data, { error: zhCN.localeError });
    if (result.success) return { value: result.data };
    const issues: Issue[] = result.error.issues.map((i) => ({ in: httpPart ?? 'body', path: i.path.map(String).join('.'), message: i.message }));
    return { error: new ValidationError(issues) };
  };

/** Never in a log line: credentials, session cookies, CSRF tokens. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers["x-csrf-token"]',
  'body.password',
  '*.password',
  'password',
  'csrfToken',
  '*.csrfToken',
];

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // antd's CSS-in-JS inserts <style> elements and style attributes at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The package root (where package.json is), from src/server or dist/src/server alike. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** The built web app's directory, or null when it has not been built. */
export function webRoot(configured: string | null): string | null {
  const dir = configured === null ? join(packageRoot(), 'dist', 'web') : resolve(configured);
  return existsSync(join(dir, 'index.html')) && statSync(dir).isDirectory() ? dir : null;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>脱贫退出核验系统</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.6">
<h1>脱贫退出核验系统</h1>
<p>服务器已启动，但网页界面尚未构建。</p>
<p>请在项目目录运行 <code>npm run build</code>（或 <code>npx vite build</code>）生成 <code>dist/web</code>，然后重新启动服务器。</p>
<p>接口说明：<a href="/api/openapi.json">/api/openapi.json</a></p>
</body></html>
`;

const isApi = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

function sendError(reply: FastifyReply, status: number, code: string, message: string, details?: unknown): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message, details));
}

function handleError(error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof HttpError) {
    if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
    return sendError(reply, error.statusCode, error.code, error.message, error.details);
  }
  const fe = error as FastifyError;
  const status = typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 500;
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) {
    return sendError(reply, 400, 'invalid-json', '请求内容不是有效的 JSON');
  }
  if (status === 413) return sendError(reply, 413, 'too-large', '上传的内容太大');
  if (status === 415) return sendError(reply, 415, 'unsupported-media-type', '不支持的内容类型');
  if (status >= 500) {
    request.log.error({ err: error }, '请求处理出错');
    return sendError(reply, 500, 'internal', statusMessage(500));
  }
  return sendError(reply, status, `http-${status}`, statusMessage(status));
}

export async function buildApp(given: AppDeps, opts: BuildOptions = {}): Promise<App> {
  const { config } = given;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[已隐去]' },
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    trustProxy: config.trustProxy,
    // JSON bodies are small (forms, filters); uploads go through multipart with their own limit.
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  const keeper =
    given.keeper ?? new AssessmentKeeper({ store: given.store, actor: SYSTEM_ACTOR, clock: given.clock }, (e) => app.log.error({ err: e }, '重新测算失败'));
  const deps: AppDeps = { ...given, keeper };
  // After every write the latest run is checked against the registry and re-assessed if it is
  // behind (a write that changed no input finds it current at once).
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && isApi(request.url) && reply.statusCode < 400) void keeper.poke();
  });
  app.addHook('onClose', async () => keeper.idle());

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new HttpError(429, 'rate-limited', `尝试次数过多，请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试`),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '脱贫退出核验系统 API',
        description: '会话使用 Cookie（tuopin_sid）；所有修改类请求须带 x-csrf-token 请求头（由 GET /api/session 返回）。',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    if (isApi(request.url)) {
      // Personal data must not linger in shared or browser caches.
      reply.header('cache-control', 'no-store');
    } else {
      reply.header('x-frame-options', 'DENY');
      reply.header('content-security-policy', CSP);
    }
  });

  const sessions = new SessionService(deps);
  registerSessionHooks(app, deps, sessions);

  const backoff = new LoginBackoff(deps.config.loginBackoff);
  registerAuthRoutes(app, deps, sessions, backoff);
  registerAdminRoutes(app, deps, backoff);
  registerAuditRoutes(app, deps);
  registerRegionRoutes(app, deps);
  await app.register(async (scope) => {
    await registerDataRoutes(scope as unknown as App, deps);
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const web = webRoot(config.webDir);
  if (web !== null) {
    await app.register(fastifyStatic, {
      root: web,
      prefix: '/',
      index: 'index.html',
      // The build writes .br and .gz beside each asset (vite.config.ts); send those when accepted.
      preCompressed: true,
      setHeaders: (reply, path) => {
        // Vite names built assets by content hash: cache them for good, never the page itself.
        reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (isApi(request.url) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendError(reply, 404, 'not-found', isApi(request.url) ? '接口不存在' : statusMessage(404));
    }
    // Client-side routes (/households/…) get the app; a missing file (/assets/x.js) stays a 404.
    if (/\.[A-Za-z0-9]+$/.test(path)) return sendError(reply, 404, 'not-found', statusMessage(404));
    if (web === null) return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT_PAGE);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  return app as unknown as App;
}
