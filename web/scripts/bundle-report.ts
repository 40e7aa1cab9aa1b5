// Bundle sizes: every built chunk (raw and gzip), then what the browser actually fetches for
// the login page and for the dashboard right after signing in (collected in headless Chromium
// against a running demo server), with raw and gzip totals.
// Run: npx vite build && npx tsx web/scripts/bundle-report.ts http://127.0.0.1:8731
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8731';
const dist = new URL('../../dist/web/', import.meta.url).pathname;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const sizes = new Map<string, { raw: number; gz: number; br: number }>();
for (const f of [
  'index.html',
  ...readdirSync(join(dist, 'assets'))
    .filter((f) => !/\.(gz|br)$/.test(f))
    .map((f) => `assets/${f}`),
]) {
  const buf = readFileSync(join(dist, f));
  sizes.set(`/${f}`, { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length, br: brotliCompressSync(buf).length });
}
console.log('chunk                                   raw       gzip     brotli');
for (const [f, s] of [...sizes].sort((a, b) => b[1].gz - a[1].gz))
  console.log(`${f.padEnd(40)}${kb(s.raw).padStart(10)} ${kb(s.gz).padStart(10)} ${kb(s.br).padStart(10)}`);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
let seen = new Set<string>();
page.on('request', (r) => {
  const u = new URL(r.url());
  if (u.origin === new URL(base).origin && !u.pathname.startsWith('/api/')) seen.add(u.pathname === '/' ? '/index.html' : u.pathname);
});
const report = (label: string) => {
  let raw = 0;
  let gz = 0;
  let br = 0;
  for (const p of seen) {
    const s = sizes.get(p);
    if (s) {
      raw += s.raw;
      gz += s.gz;
      br += s.br;
    }
  }
  console.log(`${label}: ${seen.size} files, ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
  seen = new Set();
};
await page.goto(`${base}/`);
await page.waitForLoadState('networkidle');
report('login page (first load)');
await page.getByLabel('用户名').fill('admin');
await page.getByLabel('密码').fill('tuopin-demo-2018');
await page.getByRole('button', { name: /登\s*录/ }).click();
await page.getByTestId('user-chip').waitFor();
await page.waitForLoadState('networkidle');
report('after sign-in: layout + dashboard');
await page.goto(`${base}/households`);
await page.waitForLoadState('networkidle');
report('a cold load of /households (everything it needs)');
await browser.close();
