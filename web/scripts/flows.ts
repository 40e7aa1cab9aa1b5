// Walks through the state-changing flows in headless Chromium and screenshots each outcome:
// a failed login, an income edit with the live figure and the class change, a rejected import,
// and a rulebook switch with its class movements. Needs a running demo server
// (web/scripts/serve-demo.ts); it changes that server's data.
// Run: npx tsx web/scripts/flows.ts http://127.0.0.1:8731
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const base = process.argv[2] ?? 'http://127.0.0.1:8731';
const out = process.env.SHOTS_DIR ?? '/tmp/web-shots';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
const page = await context.newPage();
page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
page.on('response', (r) => {
  if (r.url().includes('/api/') && r.status() >= 400) console.log(`${r.status()} ${r.request().method()} ${r.url()}`);
});

async function settle(p: Page): Promise<void> {
  await p.waitForLoadState('networkidle');
  await p.waitForTimeout(500);
}

// 1. Wrong password: the server's message in the form.
await page.goto(`${base}/`);
await page.getByLabel('用户名').fill('admin');
await page.getByLabel('密码').fill('wrong-password-1');
await page.getByRole('button', { name: /登\s*录/ }).click();
await page.getByTestId('login-error').waitFor();
console.log('login error:', await page.getByTestId('login-error').innerText());
await page.screenshot({ path: `${out}/flow-login-error.png` });

// 2. Sign in, open a B household, lower its income until it fails the line, save.
await page.getByLabel('密码').fill('tuopin-demo-2018');
await page.getByRole('button', { name: /登\s*录/ }).click();
await page.getByTestId('user-chip').waitFor();
await page.goto(`${base}/households?class=B&sort=perCapita&order=asc`);
await settle(page);
await page.locator('.ant-table-row').first().click();
await settle(page);
const before = await page.getByTestId('per-capita').innerText();
await page.getByRole('button', { name: /修改收入/ }).click();
const farming = page.locator('[data-item="farming"] input, input[aria-label="种植业收入"]').first();
await farming.fill('0');
const live = page.locator('input[aria-label="外出务工收入"]');
await live.fill('0');
await page.waitForTimeout(200);
const after = await page.getByTestId('per-capita').innerText();
console.log('per capita before/after typing:', before.replace(/\s+/g, ' '), '->', after.replace(/\s+/g, ' '));
await page.screenshot({ path: `${out}/flow-income-editing.png` });
await page.getByRole('button', { name: /保\s*存/ }).click();
await page.getByRole('button', { name: /确认保存/ }).click();
await page.getByText('请填写修改原因').waitFor();
await page.getByLabel('修改原因').fill('入户核实：种植业收入为零');
await page.getByRole('button', { name: /确认保存/ }).click();
await page.getByTestId('class-change').waitFor();
console.log('class change:', (await page.getByTestId('class-change').innerText()).replace(/\s+/g, ' '));
await settle(page);
await page.screenshot({ path: `${out}/flow-income-saved.png` });
await page.getByRole('tab', { name: /变更记录/ }).click();
await settle(page);
await page.screenshot({ path: `${out}/flow-history.png` });

// 3. A broken roster: rejected, issues listed, nothing stored.
const dir = mkdtempSync(join(tmpdir(), 'tuopin-flow-'));
const bad = join(dir, '错误花名册.csv');
writeFileSync(bad, '户编号,姓名,与户主关系,身份证号\n1,张三,户主,123\n1,李四,配偶,abc\n');
await page.goto(`${base}/import`);
await settle(page);
await page.locator('input[type=file]').setInputFiles(bad);
await page.getByRole('button', { name: /开始导入/ }).click();
await page.getByText('导入未通过，没有保存任何数据').waitFor({ timeout: 30_000 });
await settle(page);
await page.screenshot({ path: `${out}/flow-import-rejected.png`, fullPage: true });

// 4. Switch the rulebook and read the movements.
await page.goto(`${base}/rulebook`);
await settle(page);
await page.getByLabel('选择规则').click();
await page.locator('.ant-select-item-option').first().click();
await page.getByRole('button', { name: /启用并重新评估/ }).click();
await page.getByLabel('更换原因').fill('试算省定标准');
await page.getByRole('button', { name: /确认启用/ }).click();
await page.getByTestId('rulebook-movements').waitFor({ timeout: 60_000 });
await settle(page);
await page.screenshot({ path: `${out}/flow-rulebook-switched.png` });

await browser.close();
console.log(`screenshots in ${out}`);
