// Defects found walking through every role (issue 12), each as the person met it: a township's
// dashboard that repeated the county layout with one bar, rows a keyboard could not open, and
// dates shown as 12/03/2026 by the browser's own picker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readWithOpenpyxl, records, sheetByName } from '../kits/readBack.js';
import type { DashboardResponse, HouseholdListResponse, LedgerPageResponse } from '../../src/contract/api.js';
import { LAPTOP, TEST_TIMEOUT, chooseOption, describeBrowser, pageApi, screenshot, settle, shownTotal, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
const POLL = { timeout: 20_000 };
const downloads = mkdtempSync(join(tmpdir(), 'tuopin-browser-walkthrough-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

describeBrowser('走查发现的问题', () => {
  it(
    "the township's dashboard compares its villages, and a village row opens that village",
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await signIn(page, 'xiangzhen');
      await page.getByText('各村分类户数').waitFor();
      await settle(page);
      const d = await pageApi<DashboardResponse>(page, '/api/dashboard');
      expect(d.townships).toHaveLength(1);
      expect(d.villageRows.length).toBeGreaterThan(1);
      const table = page.getByTestId('area-table');
      expect(await table.locator('.ant-card-head-title').innerText()).toBe('分村情况');
      const rows = table.locator('tr.ant-table-row');
      await expect.poll(() => rows.count(), POLL).toBe(d.villageRows.length);
      for (const v of d.villageRows) expect(await rows.filter({ hasText: v.name }).count(), v.name).toBe(1);
      await screenshot(page, 'walkthrough-township-dashboard');
      // Keyboard: the row takes focus and Enter opens the village.
      await rows.first().focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname, POLL).toBe(`/villages/${d.villageRows[0]!.code}`);
    },
    TEST_TIMEOUT * 2,
  );

  it(
    'household rows are reached with Tab and opened with Enter',
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await signIn(page, 'cun');
      await page.goto('/households?sort=id');
      await settle(page);
      const list = await pageApi<HouseholdListResponse>(page, '/api/households?sort=id&pageSize=1');
      const row = page.locator('tr.ant-table-row').first();
      expect(await row.getAttribute('tabindex')).toBe('0');
      // Tab from the search box on until the first row has focus.
      await page.getByPlaceholder('姓名 / 身份证号 / 户编号').focus();
      // A string, not a function: the test's tsconfig has no DOM types.
      const key = await row.getAttribute('data-row-key');
      const focused = async () => (await page.evaluate('document.activeElement?.getAttribute("data-row-key") ?? null')) === key;
      for (let i = 0; i < 40 && !(await focused()); i++) await page.keyboard.press('Tab');
      expect(await focused(), '第一行没有得到焦点').toBe(true);
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname, POLL).toBe(`/households/${list.items[0]!.id}`);
    },
    TEST_TIMEOUT,
  );

  it(
    'the exit step form shows its date as YYYY-MM-DD in a Chinese date picker',
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await signIn(page, 'cun');
      const list = await pageApi<HouseholdListResponse>(page, '/api/households?pageSize=1');
      await page.goto(`/villages/${list.items[0]!.villageCode}/exit`);
      await settle(page);
      const date = page.getByLabel('日期', { exact: true });
      await expect.poll(() => date.inputValue(), POLL).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await date.click();
      const popup = page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)');
      await popup.waitFor();
      expect(await popup.innerText()).toMatch(/今天/);
      expect(await popup.innerText()).toMatch(/一|二|三|四|五|六|日/);
      await screenshot(page, 'walkthrough-exit-date-picker');
    },
    TEST_TIMEOUT,
  );

  it(
    'the import page links 《花名册列说明》, which reads in the app, and offers a template workbook the importer accepts',
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await signIn(page, 'admin');
      await page.goto('/import');
      await settle(page);
      await page
        .getByRole('link', { name: /花名册列说明/ })
        .first()
        .click();
      await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/import/columns');
      const guide = page.getByTestId('roster-columns-guide');
      await guide.getByRole('heading', { name: /表的结构/ }).waitFor();
      // The column tables of the guide are tables here too.
      expect(await guide.locator('table').count()).toBeGreaterThan(3);
      expect(await guide.innerText()).toContain('证件号码列必须设为“文本”格式');
      await screenshot(page, 'walkthrough-roster-columns');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载花名册模板/ }).click()]);
      expect(download.suggestedFilename()).toBe('建档立卡花名册模板.xlsx');
      const file = join(downloads, 'template.xlsx');
      await download.saveAs(file);
      const wb = readWithOpenpyxl(file);
      const roster = records(sheetByName(wb, '花名册'));
      expect(roster.length).toBeGreaterThanOrEqual(2);
      expect(new Set(roster.map((r) => r['户编号'])).size).toBe(2);
      expect(Object.keys(roster[0]!)).toEqual(expect.arrayContaining(['户编号', '姓名', '证件号码', '与户主关系']));
    },
    TEST_TIMEOUT,
  );

  it(
    "the township's 农户 export is the filtered list, named and titled for the township",
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await signIn(page, 'xiangzhen');
      await page.goto('/households?class=B');
      await settle(page);
      const list = await pageApi<HouseholdListResponse>(page, '/api/households?class=B&pageSize=1');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出名单/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/^城关镇农户名单（类别 B类）_\d{4}-\d{2}-\d{2}\.xlsx$/);
      const file = join(downloads, 'households.xlsx');
      await download.saveAs(file);
      const sheet = sheetByName(readWithOpenpyxl(file), '农户名单');
      expect(sheet.values[0]?.[0]).toBe('城关镇农户名单');
      const rows = records(sheet);
      expect(rows).toHaveLength(list.total);
      expect(rows.every((r) => r['类别'] === 'B类')).toBe(true);
    },
    TEST_TIMEOUT,
  );

  it(
    '台账: a township filter, the head pinned at the left, a column chooser and a print without the menu',
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await signIn(page, 'admin');
      await page.goto('/ledgers');
      await settle(page);
      const all = await pageApi<LedgerPageResponse>(page, '/api/ledgers/A?pageSize=1');
      const dash = await pageApi<DashboardResponse>(page, '/api/dashboard');
      const town = dash.townships[0]!;
      await chooseOption(page, page.getByRole('combobox', { name: '乡镇' }), town.name);
      await expect.poll(() => new URL(page.url()).searchParams.get('township'), POLL).toBe(town.code);
      await settle(page);
      const narrowed = await pageApi<LedgerPageResponse>(page, `/api/ledgers/A?pageSize=1&township=${town.code}`);
      expect(narrowed.total).toBeLessThan(all.total);
      expect(await shownTotal(page)).toBe(narrowed.total);

      // Whose row it is stays at the left while the other columns scroll.
      const head = page.locator('.ledger-table thead th', { hasText: /^户主/ }).first();
      expect(await head.getAttribute('class')).toMatch(/\bant-table-cell-fix\b/);

      // Hide a column: its header goes, and it stays hidden on the next visit.
      const victim = narrowed.columns.find((c) => c.header === '联系电话' || c.header === '身份证号')!.header;
      // A multiple select stays open and lists 20 columns virtually: type the name and press Enter.
      const chooser = page.getByRole('combobox', { name: '隐藏的列' });
      await chooser.click();
      await chooser.fill(victim);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('.ledger-table thead th', { hasText: victim }).count(), POLL).toBe(0);
      await page.reload();
      await settle(page);
      expect(await page.locator('.ledger-table thead th', { hasText: victim }).count()).toBe(0);

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.ant-layout-sider').first().isVisible()).toBe(false);
      expect(await page.locator('.app-header').isVisible()).toBe(false);
      expect(await page.locator('.ledger-table').isVisible()).toBe(true);
      await screenshot(page, 'walkthrough-ledger-print');
      await page.emulateMedia({ media: 'screen' });
    },
    TEST_TIMEOUT * 2,
  );
});
