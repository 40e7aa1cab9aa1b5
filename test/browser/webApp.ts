// What the browser tests and the web benchmark share, with no vitest in it (bench/web.ts runs it
// under plain tsx): the built web app, a demo county in a SQLite file, the server on a free
// loopback port, Debian's Chromium, and an API session signed in from Node.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { openStore } from '../../src/store/index.js';
import { writeDemoRoster } from '../../src/services/demo.js';
import { importRoster } from '../../src/services/importRoster.js';
import { reassess } from '../../src/services/reassess.js';
import { activeRulebook } from '../../src/services/rulebooks.js';
import { SYSTEM_ACTOR, systemClock } from '../../src/services/context.js';
import { startServer, type RunningServer } from '../../src/server/main.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WEB_DIR = join(REPO_ROOT, 'dist', 'web');
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'tuopin-demo-2018';
export const isCI = process.env.CI === 'true';

/** Debian's Chromium in a container: no sandbox (root), no GPU, nothing phoning home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

// ---- the web build -------------------------------------------------------------------------

// What the bundle is made of: the web sources, the Vite config, and the parts of src/ the web
// imports (labels, types, income arithmetic, rulebook schema, the API contract).
const WEB_INPUTS = ['web', 'vite.config.ts', 'src/domain', 'src/contract'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the build in dist/web cannot be used as it is, or null when it is current. */
export function staleReason(): string | null {
  const index = join(WEB_DIR, 'index.html');
  if (!existsSync(index)) return 'dist/web 不存在';
  const built = statSync(index).mtimeMs;
  const inputs = Math.max(...WEB_INPUTS.map((p) => newestMtime(join(REPO_ROOT, p))));
  return inputs > built ? '前端源文件比 dist/web 新' : null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// Test files run in parallel processes; two builds at once would empty each other's output
// (emptyOutDir) while a server is serving it. mkdir is atomic, so it is the lock.
const LOCK = join(REPO_ROOT, 'dist', '.web-build.lock');
const LOCK_STALE_MS = 5 * 60_000;

async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 2 * LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        // A build killed with SIGKILL leaves the lock behind.
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // Removed by its owner between the two calls.
      }
      if (Date.now() > deadline) throw new Error(`等待前端构建锁超时：${LOCK}`, { cause: e });
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function runViteBuild(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export interface BuildResult {
  webDir: string;
  /** True when this call ran `vite build`. */
  built: boolean;
  buildMs: number;
}

/**
 * Builds the web app (`npx vite build` → dist/web) when dist/web is missing or older than its
 * sources. A failed build throws under CI=true; locally an older dist/web is used with a loud
 * warning (someone may be mid-edit), and with no dist/web at all it throws too.
 */
export async function ensureWebBuild(log: (line: string) => void = (l) => console.warn(l)): Promise<BuildResult> {
  if (staleReason() === null) return { webDir: WEB_DIR, built: false, buildMs: 0 };
  return withBuildLock(async () => {
    const reason = staleReason();
    if (reason === null) return { webDir: WEB_DIR, built: false, buildMs: 0 };
    log(`构建前端（${reason}）：npx vite build`);
    const t0 = performance.now();
    const { code, output } = await runViteBuild();
    const buildMs = performance.now() - t0;
    const usable = existsSync(join(WEB_DIR, 'index.html'));
    if (code !== 0 || !usable) {
      const msg = `前端构建失败（npx vite build 退出码 ${code}）：\n${output.trim()}`;
      if (isCI || !usable) throw new Error(msg);
      log(`!! ${msg}\n!! 改用 dist/web 中已有的旧构建`);
      return { webDir: WEB_DIR, built: false, buildMs };
    }
    return { webDir: WEB_DIR, built: true, buildMs };
  });
}

// ---- the demo county -----------------------------------------------------------------------

export interface DemoDbInfo {
  households: number;
  members: number;
  ms: number;
}

/**
 * Writes the demo county (seed 2018) at `scale` into a new SQLite file through the same path as
 * `tuopin demo`: roster workbook → import → assessment saved as the latest run.
 */
export async function createDemoDb(file: string, scale: number): Promise<DemoDbInfo> {
  const t0 = performance.now();
  const store = await openStore(file);
  try {
    const ctx = { store, actor: SYSTEM_ACTOR, clock: systemClock };
    const rulebook = await activeRulebook(store);
    const roster = await writeDemoRoster({ seed: 2018, scale, year: rulebook.year });
    try {
      const outcome = await importRoster(ctx, roster.file, { incomeYear: rulebook.year });
      await reassess(ctx, { rulebook });
      return { households: outcome.households, members: outcome.members, ms: performance.now() - t0 };
    } finally {
      roster.cleanup();
    }
  } finally {
    await store.close();
  }
}

// ---- the server ----------------------------------------------------------------------------

export interface DemoServer {
  server: RunningServer;
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Scratch folder holding the database (removed by close()). */
  dir: string;
  households: number;
  close(): Promise<void>;
}

/** A demo-mode server on 127.0.0.1 and a free port, over a fresh small demo county. */
export async function startDemoServer(opts: { scale?: number; webDir?: string } = {}): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-browser-'));
  const db = join(dir, 'demo.db');
  try {
    const info = await createDemoDb(db, opts.scale ?? 0.05);
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      db,
      demo: true,
      webDir: opts.webDir ?? WEB_DIR,
      logLevel: 'silent',
      handleSignals: false,
      // Whatever the developer's shell exports must not change what the tests see.
      env: {},
    });
    return {
      server,
      url: server.url,
      dir,
      households: info.households,
      close: async () => {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

// ---- an API session from Node --------------------------------------------------------------

export interface ApiSession {
  /** `Cookie` header value carrying the session. */
  cookie: string;
  csrfToken: string;
  get<T>(path: string): Promise<T>;
  /** GET returning the raw response (status checks). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in as the browser does: GET /api/session for the CSRF token, then POST /api/auth/login. */
export async function apiSignIn(baseUrl: string, username: string, password = DEMO_PASSWORD, extraHeaders: Record<string, string> = {}): Promise<ApiSession> {
  const jar = new Map<string, string>();
  const first = await fetch(`${baseUrl}/api/session`, { headers: extraHeaders });
  cookiesOf(first, jar);
  const anon = (await first.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { ...extraHeaders, 'content-type': 'application/json', 'x-csrf-token': anon.csrfToken, cookie: cookieHeader(jar) },
    body: JSON.stringify({ username, password }),
  });
  cookiesOf(res, jar);
  if (!res.ok) throw new Error(`以 ${username} 登录失败：HTTP ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  const cookie = cookieHeader(jar);
  const doFetch = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...extraHeaders, cookie, 'x-csrf-token': body.csrfToken, ...(init.headers as Record<string, string> | undefined) },
    });
  return {
    cookie,
    csrfToken: body.csrfToken,
    fetch: doFetch,
    get: async <T>(path: string) => {
      const r = await doFetch(path);
      if (!r.ok) throw new Error(`GET ${path}：HTTP ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    },
  };
}
