// Soak: a long mixed load on the full demo county, as the autumn push looks on a busy afternoon.
//
//   npx tsx bench/soak.ts [--minutes 10] [--users 50] [--think 2] [--no-write]
//
// `--users` people sign in with their own accounts (created through the admin API, as the office
// would): three in five are village teams (each its own village), one in five township staff (each
// its own township, approving what its villages submit), the rest county office staff and sector
// departments. Each person waits a random time (exponential, mean `--think` seconds) between
// requests, then searches by name, opens a household, pages through lists, edits an income form
// (a change request for the township) or approves one, by role. The server runs in a child process
// on a copy of the cached demo county (bench/serverChild.ts); its resident memory is read from
// /proc every second.
//
// Pass criteria (issue 13): zero errors (any non-2xx answer, socket error or request unanswered
// after 30 s), and memory flat: the server's RSS over the last minute no higher than over the
// second minute by more than 64 MB, and a least-squares slope after the first two minutes under
// 5 MB a minute. Afterwards the change log's hash chain is verified through the admin API, and
// it must have grown by at least one row for every edit submitted and every approval made.
// Writes a "## Soak" section to bench/RESULTS.md unless --no-write.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedCounty, machine, percentile, rssOf, say, startServerChild, writeResultsSection, type ServerChild } from './serverChild.js';
import type { ApiSession } from '../test/browser/webApp.js';

const { apiSignIn } = await import('../test/browser/webApp.js');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} 应为正数`);
  return v;
}
const MINUTES = arg('minutes', 10);
const USERS = Math.max(5, Math.round(arg('users', 50)));
const THINK_S = arg('think', 2);
const WRITE = !process.argv.includes('--no-write');
const TIMEOUT_MS = 30_000;
const PASSWORD = 'soak-test-password-2018';
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '马', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '罗'];
const SECTORS = ['教育', '医保', '住建', '水务', '卫健'];

// A fixed generator, so that two runs make the same choices in the same order per person.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface RegionNode {
  code: string;
  name: string;
  level: string;
  children: RegionNode[];
}

type Kind = 'village' | 'township' | 'county' | 'sector';
interface Person {
  username: string;
  kind: Kind;
  scope: string | null;
  session: ApiSession;
  random: () => number;
  /** Village teams: households of the village not yet edited in this run. */
  toEdit: string[];
  households: string[];
}

interface Sample {
  action: string;
  /** Seconds since the load began. */
  at: number;
  ms: number;
  ok: boolean;
  detail: string;
}

const samples: Sample[] = [];
const failures: string[] = [];
let approvals = 0;
let submitted = 0;
let loadStart = performance.now();

async function timed(person: Person, action: string, path: string, init: RequestInit = {}): Promise<Response | null> {
  const t0 = performance.now();
  try {
    const res = await person.session.fetch(path, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    const ok = res.status >= 200 && res.status < 300;
    samples.push({ action, at: (t0 - loadStart) / 1000, ms, ok, detail: ok ? '' : `${res.status}` });
    if (!ok) failures.push(`${person.username} ${action} ${path}: HTTP ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
    return ok ? new Response(body, { status: res.status, headers: res.headers }) : null;
  } catch (e) {
    samples.push({ action, at: (t0 - loadStart) / 1000, ms: performance.now() - t0, ok: false, detail: 'socket' });
    failures.push(`${person.username} ${action} ${path}: ${(e as Error).message}`);
    return null;
  }
}

const json = async <T>(res: Response | null): Promise<T | null> => (res === null ? null : ((await res.json()) as T));
const pick = <T>(p: Person, xs: readonly T[]): T => xs[Math.floor(p.random() * xs.length)]!;
const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function search(p: Person): Promise<void> {
  const q = encodeURIComponent(pick(p, SURNAMES));
  await timed(p, 'search', `/api/households?q=${q}&page=${1 + Math.floor(p.random() * 3)}&pageSize=20`);
}

async function list(p: Person): Promise<void> {
  const sort = pick(p, ['perCapita', 'id', 'village']);
  await timed(p, 'list', `/api/households?sort=${sort}&order=${p.random() < 0.5 ? 'asc' : 'desc'}&page=${1 + Math.floor(p.random() * 40)}&pageSize=20`);
}

async function open(p: Person): Promise<void> {
  if (p.households.length === 0) return search(p);
  await timed(p, 'open', `/api/households/${encodeURIComponent(pick(p, p.households))}`);
}

interface Detail {
  income: { lines: { code: string; amount: number | null }[] } | null;
}

async function edit(p: Person): Promise<void> {
  const id = p.toEdit.shift();
  if (id === undefined) return open(p);
  const detail = await json<Detail>(await timed(p, 'open', `/api/households/${encodeURIComponent(id)}`));
  if (detail === null) return;
  const current = detail.income?.lines.find((l) => l.code === 'localWage')?.amount ?? 0;
  const res = await timed(p, 'edit', `/api/households/${encodeURIComponent(id)}/income`, {
    ...post({ items: { localWage: current + 100 }, note: null, reason: '入户核实，补录本地务工收入' }),
    method: 'PUT',
  });
  if (res !== null) submitted++;
}

interface Pending {
  items: { id: string; status: string }[];
}

async function approve(p: Person): Promise<void> {
  const pending = await json<Pending>(await timed(p, 'approvals', '/api/change-requests?status=pending'));
  const next = pending?.items.find((r) => r.status === 'pending');
  if (next === undefined) return;
  const res = await timed(p, 'approve', `/api/change-requests/${encodeURIComponent(next.id)}/approve`, post({ reason: '已核实' }));
  if (res !== null) approvals++;
}

const dashboard = (p: Person) => timed(p, 'dashboard', '/api/dashboard').then(() => undefined);
const tasks = (p: Person) => timed(p, 'tasks', `/api/tasks?page=${1 + Math.floor(p.random() * 5)}&pageSize=20`).then(() => undefined);

const MIX: Record<Kind, [number, (p: Person) => Promise<void>][]> = {
  village: [
    [0.3, search],
    [0.15, list],
    [0.3, open],
    [0.25, edit],
  ],
  township: [
    [0.25, search],
    [0.2, open],
    [0.45, approve],
    [0.1, dashboard],
  ],
  county: [
    [0.3, search],
    [0.2, open],
    [0.2, list],
    [0.2, dashboard],
    [0.1, tasks],
  ],
  sector: [
    [0.4, tasks],
    [0.3, open],
    [0.3, search],
  ],
};

async function act(p: Person): Promise<void> {
  let r = p.random();
  for (const [w, f] of MIX[p.kind]) {
    if (r < w) return f(p);
    r -= w;
  }
  return MIX[p.kind][0]![1](p);
}

async function villageHouseholds(s: ApiSession): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; page < 50; page++) {
    const r = await s.get<{ items: { id: string }[]; total: number }>(`/api/households?page=${page}&pageSize=100&sort=id&order=asc`);
    ids.push(...r.items.map((i) => i.id));
    if (ids.length >= r.total || r.items.length === 0) break;
  }
  return ids;
}

async function people(base: string, admin: ApiSession): Promise<Person[]> {
  const { regions } = await admin.get<{ regions: RegionNode[] }>('/api/regions');
  const townships = regions.flatMap((c) => (c.level === 'county' ? c.children : [c])).filter((t) => t.children.length > 0);
  const villageCount = Math.round(USERS * 0.6);
  const townshipCount = Math.min(townships.length, Math.round(USERS * 0.2));
  const chosenTownships = townships.slice(0, townshipCount);
  const villages: RegionNode[] = [];
  for (let i = 0; villages.length < villageCount && i < 100; i++) {
    for (const t of chosenTownships) if (t.children[i] && villages.length < villageCount) villages.push(t.children[i]!);
  }
  const plan: { username: string; kind: Kind; scope: string | null; sector: string | null }[] = [
    ...villages.map((v, i) => ({ username: `soak-v${i + 1}`, kind: 'village' as const, scope: v.code, sector: null })),
    ...chosenTownships.map((t, i) => ({ username: `soak-t${i + 1}`, kind: 'township' as const, scope: t.code, sector: null })),
  ];
  const rest = USERS - plan.length;
  for (let i = 0; i < rest; i++) {
    plan.push(
      i % 2 === 0
        ? { username: `soak-c${i + 1}`, kind: 'county', scope: null, sector: null }
        : { username: `soak-s${i + 1}`, kind: 'sector', scope: null, sector: SECTORS[i % SECTORS.length]! },
    );
  }
  const out: Person[] = [];
  for (const [i, u] of plan.entries()) {
    const res = await admin.fetch(
      '/api/admin/users',
      post({
        username: u.username,
        name: `压测${u.username.slice(5)}`,
        password: PASSWORD,
        role: u.kind,
        sector: u.sector,
        scope: u.scope === null ? [] : [u.scope],
        reason: '长时负载测试账户',
      }),
    );
    if (res.status !== 201) throw new Error(`创建账户 ${u.username} 失败：HTTP ${res.status} ${await res.text()}`);
    const session = await apiSignIn(base, u.username, PASSWORD, { 'x-forwarded-for': `10.18.${Math.floor(i / 200)}.${(i % 200) + 20}` });
    const households = u.kind === 'village' ? await villageHouseholds(session) : [];
    out.push({ username: u.username, kind: u.kind, scope: u.scope, session, random: rng(2018 + i), toEdit: [...households], households });
  }
  // Township and county people open households they can see: the first pages of their lists.
  for (const p of out) {
    if (p.kind !== 'village') p.households = (await p.session.get<{ items: { id: string }[] }>('/api/households?page=1&pageSize=100')).items.map((i) => i.id);
  }
  return out;
}

async function runPerson(p: Person, until: number): Promise<void> {
  // Stagger the starts over the first think period, as people arrive.
  await sleep(p.random() * THINK_S * 1000);
  while (performance.now() < until) {
    await act(p);
    await sleep(-Math.log(1 - p.random()) * THINK_S * 1000);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function verifyChain(admin: ApiSession): Promise<{ intact: boolean; rows: number; text: string }> {
  const res = await admin.fetch('/api/admin/audit/verify', post({ checkpoint: false }));
  if (!res.ok) return { intact: false, rows: 0, text: `verify failed (HTTP ${res.status})` };
  const r = (await res.json()) as { intact: boolean; rows: number; breakCount: number };
  return {
    intact: r.intact,
    rows: r.rows,
    text: r.intact ? `hash chain intact over ${r.rows.toLocaleString('en')} rows` : `hash chain BROKEN (${r.breakCount} breaks)`,
  };
}

// ---- report

interface MemoryPoint {
  s: number;
  rss: number;
}

function slopeMbPerMin(points: MemoryPoint[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, p) => a + p.s, 0) / n;
  const my = points.reduce((a, p) => a + p.rss, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.s - mx) * (p.rss - my);
    den += (p.s - mx) ** 2;
  }
  return den === 0 ? 0 : ((num / den) * 60) / 2 ** 20;
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const msf = (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : '—');
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function report(
  memory: MemoryPoint[],
  chain: { ok: boolean; text: string },
  roster: { users: Record<Kind, number>; households: number },
): { text: string; pass: boolean } {
  const actions = [...new Set(samples.map((s) => s.action))];
  const rows = actions.map((a) => {
    const xs = samples.filter((s) => s.action === a);
    const sorted = xs.map((s) => s.ms).sort((x, y) => x - y);
    return {
      a,
      n: xs.length,
      errors: xs.filter((s) => !s.ok).length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? NaN,
    };
  });
  const errors = samples.filter((s) => !s.ok).length;
  const second = memory.filter((m) => m.s >= 60 && m.s < 120).map((m) => m.rss);
  const last = memory.filter((m) => m.s >= MINUTES * 60 - 60).map((m) => m.rss);
  const growth = mean(last) - mean(second);
  const slope = slopeMbPerMin(memory.filter((m) => m.s >= 120));
  const peak = Math.max(...memory.map((m) => m.rss));
  const flat = growth < 64 * 2 ** 20 && slope < 5;
  const pass = errors === 0 && flat && chain.ok;
  const byMinute = Array.from({ length: MINUTES }, (_, i) => {
    const xs = memory.filter((m) => m.s >= i * 60 && m.s < (i + 1) * 60).map((m) => m.rss);
    const reqs = samples.filter((x) => x.at >= i * 60 && x.at < (i + 1) * 60).length;
    return `| ${i + 1} | ${reqs} | ${xs.length ? mb(mean(xs)) : '—'} | ${xs.length ? mb(Math.max(...xs)) : '—'} |`;
  });
  const lines = [
    '## Soak',
    '',
    `\`npx tsx bench/soak.ts --minutes ${MINUTES} --users ${USERS} --think ${THINK_S}\` — ${new Date().toISOString().slice(0, 10)}, ${machine()}.`,
    `Full demo county (${roster.households.toLocaleString('en')} households) on SQLite, server in a child process. ${USERS} people signed in with their own accounts ` +
      `(${roster.users.village} village teams, each its own village; ${roster.users.township} township staff, each its own township; ${roster.users.county} county office; ` +
      `${roster.users.sector} sector departments), each waiting a random time (mean ${THINK_S} s) between requests: searching by name, opening households, paging lists, ` +
      `editing income forms (change requests) and approving them, by role. ${samples.length.toLocaleString('en')} requests in ${MINUTES} minutes ` +
      `(${(samples.length / (MINUTES * 60)).toFixed(1)} req/s); ${submitted} income edits submitted, ${approvals} approved.`,
    '',
    '| action | requests | errors | p50 | p95 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.a} | ${r.n} | ${r.errors} | ${msf(r.p50)} | ${msf(r.p95)} | ${msf(r.p99)} | ${msf(r.max)} |`),
    '',
    `Server memory (RSS, every second): minute 2 mean ${mb(mean(second))}, last minute mean ${mb(mean(last))} (growth ${mb(growth)}), peak ${mb(peak)}, ` +
      `slope after minute 2 ${slope.toFixed(2)} MB/min.`,
    '',
    '| minute | requests | RSS mean | RSS max |',
    '| ---: | ---: | ---: | ---: |',
    ...byMinute,
    '',
    `Change log after the run: ${chain.text}.`,
    '',
    `| criterion | target | measured | |`,
    '| --- | --- | --- | :---: |',
    `| errors | 0 | ${errors} | ${errors === 0 ? '✓' : '✗'} |`,
    `| memory growth, minute 2 → last minute | < 64 MB | ${mb(growth)} | ${growth < 64 * 2 ** 20 ? '✓' : '✗'} |`,
    `| memory slope after minute 2 | < 5 MB/min | ${slope.toFixed(2)} MB/min | ${slope < 5 ? '✓' : '✗'} |`,
    `| hash chain intact, every edit and approval on it | yes | ${chain.ok ? 'yes' : 'no'} | ${chain.ok ? '✓' : '✗'} |`,
  ];
  if (failures.length > 0) lines.push('', 'First failures:', '', ...failures.slice(0, 10).map((f) => `- ${f}`));
  return { text: lines.join('\n'), pass };
}

// ---- main

const cached = await cachedCounty();
const work = mkdtempSync(join(tmpdir(), 'tuopin-bench-soak-'));
const db = join(work, 'soak.db');
copyFileSync(cached, db);
let server: ServerChild | null = null;
try {
  say('启动服务器子进程…');
  // People sit in different townships and offices, so they come from different addresses: the
  // server trusts X-Forwarded-For as it would behind the county's reverse proxy, and each person
  // sends their own. Without it every sign-in would count against one address's login limit.
  server = await startServerChild(db, { TUOPIN_TRUST_PROXY: '1' });
  const admin = await apiSignIn(server.url, 'admin');
  const dash = await admin.get<{ registeredHouseholds: number }>('/api/dashboard');
  const before = await verifyChain(admin);
  say(`创建 ${USERS} 个账户并登录…`);
  const crowd = await people(server.url, admin);
  const users = { village: 0, township: 0, county: 0, sector: 0 } as Record<Kind, number>;
  for (const p of crowd) users[p.kind]++;
  say(`  ${JSON.stringify(users)}；开始 ${MINUTES} 分钟混合负载`);

  const memory: MemoryPoint[] = [];
  const t0 = performance.now();
  loadStart = t0;
  const pid = server.pid;
  const sampler = setInterval(() => {
    const rss = rssOf(pid);
    if (rss !== null) memory.push({ s: (performance.now() - t0) / 1000, rss });
  }, 1000);
  const ticker = setInterval(() => {
    const errs = samples.filter((s) => !s.ok).length;
    say(`  ${((performance.now() - t0) / 60000).toFixed(1)} min: ${samples.length} requests, ${errs} errors, RSS ${mb(memory.at(-1)?.rss ?? 0)}`);
  }, 60_000);
  const until = t0 + MINUTES * 60_000;
  await Promise.all(crowd.map((p) => runPerson(p, until)));
  clearInterval(sampler);
  clearInterval(ticker);

  say('核验变更日志…');
  const after = await verifyChain(admin);
  // Every submitted edit and every approval writes at least one change-log row, so the chain must
  // have grown by at least that many rows, and still verify.
  const expected = submitted + approvals;
  const grown = after.rows - before.rows;
  const chain = {
    ok: after.intact && grown >= expected,
    text: `${after.text}; ${grown.toLocaleString('en')} rows added during the run, at least ${expected.toLocaleString('en')} expected (${submitted} edits submitted + ${approvals} approvals)`,
  };
  const { text, pass } = report(memory, chain, { users, households: dash.registeredHouseholds });
  process.stdout.write(`${text}\n`);
  if (WRITE) {
    writeResultsSection('soak', text);
    say('已写入 bench/RESULTS.md（## Soak）');
  }
  process.exitCode = pass ? 0 : 1;
} finally {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
}
