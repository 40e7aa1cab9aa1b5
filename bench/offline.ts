// Offline-capture benchmark (docs/offline.md): what taking a village along costs on the full demo
// county (seed 2018, scale 1): the time of GET /api/offline/village as the demo village team, and
// the size of the package the phone downloads and keeps (raw JSON and gzip, as over the air).
//
//   npx tsx bench/offline.ts [--runs 5] [--no-write]
//
// The server runs in a child process on a copy of the cached county (bench/serverChild.ts).
// Writes an "offline" section into bench/RESULTS.md unless --no-write.
import { execSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cachedCounty, machine, say, startServerChild, writeResultsSection } from './serverChild.js';

const { apiSignIn } = await import('../test/browser/webApp.js');

const i = process.argv.indexOf('--runs');
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 5;
const WRITE = !process.argv.includes('--no-write');

const county = await cachedCounty();
const dir = mkdtempSync(join(tmpdir(), 'tuopin-bench-offline-'));
const db = join(dir, 'county.db');
copyFileSync(county, db);
const server = await startServerChild(db);
try {
  const cun = await apiSignIn(server.url, 'cun');
  const times: number[] = [];
  let body = '';
  for (let r = 0; r <= RUNS; r++) {
    const t0 = performance.now();
    const res = await cun.fetch('/api/offline/village');
    body = await res.text();
    if (!res.ok) throw new Error(`GET /api/offline/village：HTTP ${res.status} ${body.slice(0, 200)}`);
    // The first answer warms the JIT and the caches: reported apart.
    times.push(performance.now() - t0);
  }
  const [first, ...warm] = times;
  warm.sort((a, b) => a - b);
  const pkg = JSON.parse(body) as { households: { members: unknown[] }[]; tasks: unknown[] };
  const members = pkg.households.reduce((n, h) => n + h.members.length, 0);
  const raw = Buffer.byteLength(body);
  const gz = gzipSync(body).length;
  const commit = execSync('git rev-parse --short HEAD').toString().trim();
  const section = [
    '## Offline: taking a village along',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} at commit ${commit} on ${machine()}.`,
    `Full demo county (seed 2018, scale 1), the demo village team's village: ${pkg.households.length} households, ${members} people, ${pkg.tasks.length} open tasks.`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| GET /api/offline/village, first (cold) | ${first!.toFixed(0)} ms |`,
    `| GET /api/offline/village, median of ${warm.length} warm | ${warm[Math.floor(warm.length / 2)]!.toFixed(0)} ms |`,
    `| package, raw JSON (kept in IndexedDB) | ${(raw / 1024).toFixed(0)} KB |`,
    `| package, gzip (over the air) | ${(gz / 1024).toFixed(0)} KB |`,
    '',
    'Times include loopback HTTP and JSON parsing in the benchmark process; the server runs in its own process.',
  ].join('\n');
  say(section);
  if (WRITE) writeResultsSection('offline', section);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
