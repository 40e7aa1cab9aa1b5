// Opens the built app in headless Chromium, signs in and takes a screenshot of every page at
// laptop (1366x768) and tablet portrait (768x1024) sizes, into /tmp/web-shots. Prints browser
// console errors and failed API calls. Needs a running server (web/scripts/serve-demo.ts).
// Run: npx tsx web/scripts/screenshots.ts http://127.0.0.1:8731 [username] [password]
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8731';
const username = process.argv[3] ?? 'admin';
const password = process.argv[4] ?? 'tuopin-demo-2018';
const out = process.env.SHOTS_DIR ?? '/tmp/web-shots';
const only = process.env.SHOTS_ONLY?.split(',') ?? null;
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // antd animations and ECharts' first frame.
  await page.waitForTimeout(600);
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('user-chip').waitFor();
}

const viewports = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'tablet', width: 768, height: 1024 },
];

for (const vp of viewports) {
  const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.log(`[${vp.name}] console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => console.log(`[${vp.name}] pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 400) console.log(`[${vp.name}] ${r.status()} ${r.request().method()} ${r.url()}`);
  });

  await page.goto(`${base}/`);
  await settle(page);
  await page.screenshot({ path: `${out}/${vp.name}-login.png` });
  await signIn(page);

  const shots: [string, string][] = [
    ['dashboard', '/'],
    ['households', '/households'],
    ['households-filtered', '/households?class=C&indicator=housing'],
    ['ledgers', '/ledgers'],
    ['villages', '/villages'],
    ['import', '/import'],
    ['rulebook', '/rulebook'],
    ['users', '/admin/users'],
  ];
  for (const [name, path] of shots) {
    if (only && !only.includes(name)) continue;
    await page.goto(`${base}${path}`);
    await settle(page);
    await page.screenshot({ path: `${out}/${vp.name}-${name}.png`, fullPage: name === 'dashboard' || name === 'rulebook' });
  }
  // The first household of the list, and the first village.
  await page.goto(`${base}/households?class=B`);
  await settle(page);
  await page.locator('.ant-table-row').first().click();
  await settle(page);
  await page.screenshot({ path: `${out}/${vp.name}-household.png`, fullPage: true });
  await page.getByRole('tab', { name: /指标核验/ }).click();
  await settle(page);
  await page.screenshot({ path: `${out}/${vp.name}-household-indicators.png`, fullPage: true });
  await page.goto(`${base}/villages`);
  await settle(page);
  await page.locator('.ant-table-row').first().click();
  await settle(page);
  await page.screenshot({ path: `${out}/${vp.name}-village.png`, fullPage: true });
  await context.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
