// The county office (admin) in a real browser: the dashboard shows the county's own figures with
// drawn charts and the admin menu, and the ledger export downloads a workbook that Debian's
// openpyxl reads with one row per household of each class.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DashboardResponse } from '../../src/contract/api.js';
import { readWithOpenpyxl, records, sheetByName } from '../kits/readBack.js';
import { TEST_TIMEOUT, describeBrowser, pageApi, screenshot, settle, shownTotal, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
const downloads = mkdtempSync(join(tmpdir(), 'tuopin-browser-dl-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

/** The number in an antd Statistic (“1,428” → 1428). */
async function statisticValue(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).locator('.ant-statistic-content-value').innerText();
  return Number(text.replace(/[,\s]/g, ''));
}

/** How many pixels of a canvas are not transparent: a drawn chart has thousands. */
async function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector(${JSON.stringify(selector)});
    if (!c) return -1;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  })()`);
}

describeBrowser('县扶贫办（admin）', () => {
  it(
    'the dashboard shows the A/B/C counts of /api/dashboard, drawn charts and the 用户管理 menu',
    async () => {
      const page = await env.page();
      await signIn(page, 'admin');
      await page.getByText('各乡镇分类户数').waitFor();
      await settle(page);

      const d = await pageApi<DashboardResponse>(page, '/api/dashboard');
      for (const code of ['A', 'B', 'C']) {
        const figure = d.classes.find((c) => c.code === code);
        expect(figure, `接口没有 ${code} 类`).toBeDefined();
        expect(figure!.households).toBeGreaterThan(0);
        const card = page.getByTestId(`class-card-${code}`);
        await expect.poll(() => card.innerText()).toContain(`${code}类户数`);
        expect(await statisticValue(page, `class-card-${code}`)).toBe(figure!.households);
      }
      // Every township of the county is a row of the table, with its A-class figure.
      const table = page.locator('.ant-card').filter({ hasText: '分乡镇情况' });
      for (const t of d.townships) {
        const row = table.locator('tr.ant-table-row').filter({ hasText: t.name });
        await expect.poll(() => row.count()).toBe(1);
        const a = t.classes.find((c) => c.code === 'A')!;
        expect(await row.innerText()).toContain(`${a.households.toLocaleString('zh-CN')}户 / ${a.people.toLocaleString('zh-CN')}人`);
      }

      for (const label of ['各乡镇分类户数堆积柱状图', '未达标指标户数柱状图']) {
        const canvas = `[aria-label="${label}"] canvas`;
        expect(await page.locator(canvas).count(), `${label}没有 canvas`).toBeGreaterThan(0);
        expect(await paintedPixels(page, canvas), `${label}是空白的`).toBeGreaterThan(1000);
      }

      const menu = page.locator('.ant-layout-sider .ant-menu');
      await expect.poll(() => menu.innerText()).toContain('用户管理');
      for (const item of ['总览', '农户', '台账', '村退出', '导入', '规则']) expect(await menu.innerText()).toContain(item);
      await screenshot(page, 'county-dashboard');
    },
    TEST_TIMEOUT,
  );

  it(
    '台账: the export button downloads the ledger workbook; openpyxl reads one row per household of each class',
    async () => {
      const page = await env.page();
      await signIn(page, 'admin');
      await page.goto('/ledgers');
      await settle(page);
      const d = await pageApi<DashboardResponse>(page, '/api/dashboard');
      const count = (code: string) => d.classes.find((c) => c.code === code)!.households;
      // The A tab is open first and says how many households it lists.
      expect(await shownTotal(page)).toBe(count('A'));

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出台账工作簿/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/台账.*\.xlsx$/);
      const file = join(downloads, download.suggestedFilename());
      await download.saveAs(file);
      expect(statSync(file).size).toBeGreaterThan(10_000);

      const wb = readWithOpenpyxl(file);
      const names = wb.sheets.map((s) => s.name);
      for (const code of ['A', 'B', 'C']) {
        const name = names.find((n) => n.startsWith(`${code}类`));
        expect(name, `工作簿没有 ${code} 类台账（有：${names.join('、')}）`).toBeDefined();
        const rows = records(sheetByName(wb, name!));
        expect(rows).toHaveLength(count(code));
        expect(rows.every((r) => typeof r['户编号'] === 'string' && r['户编号'] !== '')).toBe(true);
      }
      expect(names).toContain('村退出测算');
    },
    TEST_TIMEOUT,
  );
});
