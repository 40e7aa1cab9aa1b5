// Web benchmark: the JSON API under 50 concurrent users, and the first load of the app in
// Chromium, on the full demo county (seed 2018, scale 1: ~15,100 households, ~58,000 people).
//
//   npx tsx bench/web.ts [--duration 10] [--connections 50] [--rate 50] [--loads 3] [--no-write]
//
// Builds the web app if dist/web is stale, keeps the assessed demo county as a SQLite file in
// bench/.cache/ (rebuilt when the code that produces it changes), and runs the server in a child
// process on a copy of it, so the load generator (autocannon, this process) and the server do
// not share an event loop. Everything stays on 127.0.0.1. Appends a "## Web" section to
// bench/RESULTS.md (replacing an earlier one) unless --no-write.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import autocannon from 'autocannon';
import type { Page } from 'playwright-core';
import { cachedCounty, machine, percentile, say, startServerChild, writeResultsSection, type ServerChild } from './serverChild.js';

const { apiSignIn, ensureWebBuild, launchChromium, DEMO_PASSWORD } = await import('../test/browser/webApp.js');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} 应为正数`);
  return v;
}
const DURATION_S = arg('duration', 10);
const CONNECTIONS = arg('connections', 50);
const LOADS = arg('loads', 3);
/** The paced run: each of the users waits this long between requests on average (a person reading the page). */
const THINK_S = arg('think', 5);
const PACED_RPS = CONNECTIONS / THINK_S;
const WRITE = !process.argv.includes('--no-write');

// ---- the cached demo county

// ---- API load

interface LoadResult {
  name: string;
  mode: 'serial' | 'saturated' | 'paced';
  path: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  kbPerResponse: number;
  targetMs: number;
}

/**
 * serial: one request at a time (the server's own time per request, plus loopback).
 * saturated: CONNECTIONS connections, each sending its next request as soon as the last one is
 * answered (autocannon; the server's ceiling, latency then mostly waiting in line).
 * paced: requests at random (Poisson) moments, PACED_RPS a second in all, over at most
 * CONNECTIONS keep-alive sockets; latency counts from the moment a request was due, so time
 * spent waiting for a free socket is included.
 */
/**
 * A path may hold `{q}`, `{page}` and `{size}`: every request then asks for a combination not asked
 * before in this run (the counter walks through thousands of them), so the server's read cache
 * cannot answer it and the figure is the query's own cost. `{page}` with `{q}` stays within the
 * first pages of a surname's matches; without `{q}` it walks the whole list.
 */
const SEARCH_TEXTS = ['王', '李', '张', '刘', '陈', '杨', '马', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '罗'];
let requestCounter = 0;
function concretePath(path: string): string {
  const n = requestCounter++;
  const t = SEARCH_TEXTS.length;
  if (path.includes('{q}')) {
    return path
      .replace('{q}', encodeURIComponent(SEARCH_TEXTS[n % t]!))
      .replace('{page}', String(1 + (Math.floor(n / t) % 5)))
      .replace('{size}', String(10 + (Math.floor(n / (t * 5)) % 41)));
  }
  return path.replace('{page}', String(1 + (n % 700))).replace('{size}', String(20 + (Math.floor(n / 700) % 20)));
}

async function load(base: string, cookie: string, name: string, path: string, targetMs: number, mode: LoadResult['mode']): Promise<LoadResult> {
  // Warm-up: first queries compile statements and fill SQLite's page cache.
  for (let i = 0; i < 5; i++) await fetch(base + concretePath(path), { headers: { cookie } }).then((r) => r.arrayBuffer());
  if (mode === 'saturated') return saturated(base, cookie, name, path, targetMs);
  const agent = new http.Agent({ keepAlive: true, maxSockets: mode === 'serial' ? 1 : CONNECTIONS });
  const times: number[] = [];
  let bytes = 0;
  let errors = 0;
  const one = (due: number) =>
    new Promise<void>((resolve) => {
      const req = http.get(base + concretePath(path), { agent, headers: { cookie, accept: 'application/json' }, timeout: 10_000 }, (res) => {
        let n = 0;
        res.on('data', (d: Buffer) => (n += d.length));
        res.on('end', () => {
          if (res.statusCode !== 200) errors++;
          else {
            times.push(performance.now() - due);
            bytes += n;
          }
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const t0 = performance.now();
  const end = t0 + DURATION_S * 1000;
  if (mode === 'serial') {
    while (performance.now() < end) await one(performance.now());
  } else {
    const inFlight: Promise<void>[] = [];
    let due = t0;
    while (due < end) {
      due += -Math.log(1 - Math.random()) * (1000 / PACED_RPS);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(one(due));
    }
    await Promise.all(inFlight);
  }
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return summary(name, mode, path, targetMs, times, bytes, errors, times.length / elapsed);
}

function summary(
  name: string,
  mode: LoadResult['mode'],
  path: string,
  targetMs: number,
  times: number[],
  bytes: number,
  errors: number,
  rps: number,
): LoadResult {
  times.sort((a, b) => a - b);
  return {
    name,
    mode,
    path,
    targetMs,
    rps,
    errors,
    requests: times.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
    non2xx: 0,
    kbPerResponse: times.length ? bytes / times.length / 1024 : 0,
  };
}

async function saturated(base: string, cookie: string, name: string, path: string, targetMs: number): Promise<LoadResult> {
  const times: number[] = [];
  let bytes = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base + concretePath(path),
        connections: CONNECTIONS,
        duration: DURATION_S,
        headers: { cookie, accept: 'application/json' },
        requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: concretePath(path) }) }],
      },
      (err, res) => (err ? reject(err as Error) : resolve(res)),
    );
    // autocannon's histogram has p90 and p97.5 but no p95: keep every response time.
    instance.on('response', (_client, _status, resBytes, responseTime) => {
      times.push(responseTime);
      bytes += resBytes;
    });
  });
  const r = summary(name, 'saturated', path, targetMs, times, bytes, result.errors + result.timeouts, result.requests.average);
  return { ...r, non2xx: result.non2xx };
}

// ---- first load in Chromium

interface Transfer {
  url: string;
  type: string;
  bytes: number;
  encoding: string;
}

interface FirstLoad {
  loginMs: number;
  dashboardMs: number;
  totalMs: number;
  loginBytes: Transfer[];
  dashboardBytes: Transfer[];
}

async function firstLoad(base: string): Promise<FirstLoad[]> {
  const browser = await launchChromium();
  const out: FirstLoad[] = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      // A new context has its own empty HTTP cache, cookies and storage: a first visit.
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
      const page = await context.newPage();
      let phase: Transfer[] = [];
      const pending: Promise<void>[] = [];
      page.on('requestfinished', (req) => {
        pending.push(
          (async () => {
            const sizes = await req.sizes();
            const res = await req.response();
            phase.push({
              url: new URL(req.url()).pathname,
              type: req.resourceType(),
              bytes: sizes.responseBodySize + sizes.responseHeadersSize,
              encoding: (await res?.headerValue('content-encoding')) ?? '',
            });
          })(),
        );
      });

      const t0 = performance.now();
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      const tLogin = performance.now();
      await settleNetwork(page, pending);
      const loginBytes = phase;
      phase = [];

      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      const t1 = performance.now();
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByTestId('class-card-C').locator('.ant-statistic-content-value').waitFor();
      await page.locator('[aria-label="各乡镇分类户数堆积柱状图"] canvas').waitFor();
      const tDash = performance.now();
      await settleNetwork(page, pending);
      out.push({ loginMs: tLogin - t0, dashboardMs: tDash - t1, totalMs: tLogin - t0 + (tDash - t1), loginBytes, dashboardBytes: phase });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

async function settleNetwork(page: Page, pending: Promise<void>[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  await Promise.all(pending.splice(0));
}

// ---- report

const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : '—');
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const verdict = (ok: boolean) => (ok ? '✓' : '✗');

function chunkName(path: string): string {
  // assets/antd-D8INoUs5.js → antd-D8INoUs5.js; the API and the page keep their path.
  return path.startsWith('/assets/') ? path.slice('/assets/'.length) : path;
}

function transferTable(rows: Transfer[]): string[] {
  const sorted = [...rows].sort((a, b) => b.bytes - a.bytes);
  const lines = ['| resource | type | encoding | transferred |', '| --- | --- | --- | ---: |'];
  for (const r of sorted) lines.push(`| \`${chunkName(r.url)}\` | ${r.type} | ${r.encoding || 'identity'} | ${kb(r.bytes)} |`);
  lines.push(`| **total** (${rows.length} requests) | | | **${kb(rows.reduce((s, r) => s + r.bytes, 0))}** |`);
  return lines;
}

function report(county: { households: number }, api: LoadResult[], loads: FirstLoad[], buildNote: string): string {
  const first = loads[0]!;
  const total = median(loads.map((l) => l.totalMs));
  const lines = [
    '## Web',
    '',
    `\`npx tsx bench/web.ts\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}.`,
    `Full demo county (${county.households.toLocaleString('en')} households), server in a child process on SQLite, ` +
      `load generated by the parent on 127.0.0.1, signed in as the county admin ` +
      `(the widest scope). Latency percentiles over every response.${buildNote ? ` ${buildNote}` : ''}`,
    '',
    `Three runs per endpoint, ${DURATION_S} s each: **serial** — one request at a time (the server's own time per request); ` +
      `**saturated** — autocannon, ${CONNECTIONS} connections each sending its next request as soon as the last is answered ` +
      `(the server's ceiling; latency is then mostly waiting in line, ≈ connections ÷ req/s); **paced** — ${CONNECTIONS} people each ` +
      `sending a request every ${THINK_S} s on average (${PACED_RPS.toFixed(0)} req/s in all, random arrival times, latency counted from when ` +
      `the request was due). "errors": non-2xx answers, socket errors, and requests unanswered after 10 s.`,
    '',
    '| endpoint | load | req/s | p50 | p95 | p99 | max | KB/resp | errors | target p95 | |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
    ...api.map(
      (r) =>
        `| ${r.name}<br>\`${r.path}\` | ${r.mode} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.kbPerResponse.toFixed(1)} | ${r.non2xx + r.errors} | < ${r.targetMs} ms | ${verdict(r.p95 < r.targetMs && r.non2xx + r.errors === 0)} |`,
    ),
    '',
    `First load in Chromium (${LOADS} fresh contexts, no throttling, loopback): login page shown, then the dashboard's class figures and chart after clicking 登录.`,
    '',
    '| | login page | sign-in → dashboard | total | target | |',
    '| --- | ---: | ---: | ---: | ---: | :---: |',
    ...loads.map((l, i) => `| run ${i + 1} | ${ms(l.loginMs)} | ${ms(l.dashboardMs)} | ${ms(l.totalMs)} | | |`),
    `| **median** | ${ms(median(loads.map((l) => l.loginMs)))} | ${ms(median(loads.map((l) => l.dashboardMs)))} | **${ms(total)}** | < 2000 ms | ${verdict(total < 2000)} |`,
    '',
    `Bytes transferred (body + headers as received) on the first run — login page: ${kb(first.loginBytes.reduce((s, r) => s + r.bytes, 0))}, ` +
      `then for the dashboard: ${kb(first.dashboardBytes.reduce((s, r) => s + r.bytes, 0))}.`,
    '',
    '<details><summary>Login page, per resource</summary>',
    '',
    ...transferTable(first.loginBytes),
    '',
    '</details>',
    '',
    '<details><summary>Sign-in → dashboard, per resource</summary>',
    '',
    ...transferTable(first.dashboardBytes),
    '',
    '</details>',
  ];
  return lines.join('\n');
}

// ---- main

const build = await ensureWebBuild(say);
const buildNote = build.built ? `(web app built first: ${(build.buildMs / 1000).toFixed(1)} s.)` : '';
const cached = await cachedCounty();
const work = mkdtempSync(join(tmpdir(), 'tuopin-bench-web-'));
const db = join(work, 'bench.db');
copyFileSync(cached, db);
let server: ServerChild | null = null;
try {
  say('启动服务器子进程…');
  server = await startServerChild(db);
  const admin = await apiSignIn(server.url, 'admin');
  const dash = await admin.get<{ registeredHouseholds: number; townships: { code: string }[] }>('/api/dashboard');
  const township = dash.townships[1]?.code ?? dash.townships[0]!.code;
  const county = { households: dash.registeredHouseholds };

  const endpoints: [string, string, number][] = [
    ['household search (name) + page 2', '/api/households?q=%E7%8E%8B&page=2&pageSize=20', 100],
    ['household list, deep page sorted by per-capita', '/api/households?sort=perCapita&order=desc&page=300&pageSize=50', 100],
    [
      'household filters (township + class + indicator, sorted)',
      `/api/households?township=${township}&class=C&indicator=income&sort=perCapita&order=asc&page=1&pageSize=20`,
      100,
    ],
    ['dashboard', '/api/dashboard', 300],
    // Every request different (its own search text and page): what the read cache cannot help.
    ['household search, a different name and page each request', '/api/households?q={q}&page={page}&pageSize={size}', 100],
    ['household list, a different page each request', '/api/households?sort=perCapita&order=desc&page={page}&pageSize={size}', 100],
  ];
  const api: LoadResult[] = [];
  for (const [name, path, target] of endpoints) {
    for (const mode of ['serial', 'saturated', 'paced'] as const) {
      say(`压测 ${name}（${mode}）: ${path}`);
      const r = await load(server.url, admin.cookie, name, path, target, mode);
      say(`  ${r.rps.toFixed(0)} req/s, p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, p99 ${ms(r.p99)}, non-2xx ${r.non2xx}, errors ${r.errors}`);
      api.push(r);
    }
  }

  say('Chromium 首次加载…');
  const loads = await firstLoad(server.url);
  for (const l of loads) say(`  login ${ms(l.loginMs)}, dashboard ${ms(l.dashboardMs)}, total ${ms(l.totalMs)}`);

  const section = report(county, api, loads, buildNote);
  process.stdout.write(`${section}\n`);
  if (WRITE) {
    writeResultsSection('web', section);
    say('已写入 bench/RESULTS.md（## Web）');
  }
} finally {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
