// Starting and stopping the server: configuration, store, demo accounts, listen; on SIGINT or
// SIGTERM close Fastify first (finishing requests in flight), then the store.
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { openStore, type Clock, type Store } from '../store/index.js';
import { SYSTEM_ACTOR, demoClock } from '../services/context.js';
import { AssessmentKeeper, STALE_REASON_LABELS, freshness } from '../services/freshness.js';
import { activeRulebook } from '../services/rulebooks.js';
import { buildApp, type App } from './app.js';
import { ensureDemoUsers, type DemoAccount } from './auth/demo.js';
import { loadConfig, type ServerConfig } from './config.js';

export interface StartOptions {
  port?: number;
  host?: string;
  /** SQLite path or postgres:// URL. */
  db?: string;
  sessionSecret?: string;
  demo?: boolean;
  logLevel?: ServerConfig['logLevel'];
  webDir?: string;
  /** Read instead of process.env (tests). */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Install SIGINT/SIGTERM handlers (default true; tests turn it off). */
  handleSignals?: boolean;
  logStream?: Writable;
}

export interface RunningServer {
  app: App;
  store: Store;
  config: ServerConfig;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  host: string;
  port: number;
  /** Demo accounts (demo mode), for the start banner; null otherwise. */
  demoAccounts: DemoAccount[] | null;
  /** Closes Fastify, then the store. Idempotent. */
  close(): Promise<void>;
  /** Resolves once the server has been closed (by close() or a signal). */
  closed: Promise<void>;
}

const systemClock: Clock = () => new Date().toISOString();
const SHUTDOWN_GRACE_MS = 10_000;

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(opts.env ?? process.env, {
    port: opts.port,
    host: opts.host,
    db: opts.db,
    sessionSecret: opts.sessionSecret,
    demo: opts.demo,
    logLevel: opts.logLevel,
    webDir: opts.webDir,
  });
  const real = opts.clock ?? systemClock;
  // The store and the app share one clock; in demo mode it moves to the demo's day once the
  // active rulebook (which names that day) can be read from the store.
  let current = real;
  const clock: Clock = () => current();
  const store = await openStore(config.db, { clock });
  let app: App;
  let demoAccounts: DemoAccount[] | null = null;
  try {
    if (config.demo) {
      const rb = await activeRulebook(store);
      current = demoClock(config.demoToday ?? rb.demoToday ?? rb.assessmentDate, real);
      demoAccounts = (await ensureDemoUsers(store)).accounts;
    }
    const keeper = new AssessmentKeeper({ store, actor: SYSTEM_ACTOR, clock }, (e) => app.log.error({ err: e }, '重新测算失败'));
    app = await buildApp({ store, config, clock, keeper }, opts.logStream ? { logStream: opts.logStream } : {});
    await app.listen({ port: config.port, host: config.host });
    // A registry newer than the latest run (a crash between an import's commit and its
    // re-assessment) is re-assessed in the background; pages say the classes are being updated.
    const f = await freshness(store);
    if (f.stale) {
      app.log.warn({ reason: f.reason }, `${STALE_REASON_LABELS[f.reason ?? 'unknown']}：正在重新测算全县`);
      void keeper.poke();
    }
  } catch (e) {
    await store.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new Error(`端口 ${config.port} 已被占用，请用 TUOPIN_PORT 或 --port 指定其他端口`, { cause: e });
    if (err.code === 'EADDRNOTAVAIL') throw new Error(`无法在地址 ${config.host} 上监听（本机没有这个地址）`, { cause: e });
    throw e;
  }

  const address = app.server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  let closing: Promise<void> | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, '收到退出信号，正在关闭服务器');
    // A request stuck past the grace period must not keep the process alive forever.
    setTimeout(() => {
      process.stderr.write('关闭超时，强制退出\n');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    void close().catch((e: unknown) => {
      process.stderr.write(`关闭服务器时出错：${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    });
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (opts.handleSignals !== false) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      try {
        await app.close();
      } finally {
        await store.close();
        resolveClosed();
      }
    })();
    return closing;
  };
  if (opts.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  return {
    app,
    store,
    config,
    url: `http://${hostForUrl}:${address.port}`,
    host: address.address,
    port: address.port,
    demoAccounts,
    close,
    closed,
  };
}
