// Scenario: the county leader (lingdao) records a visit to a village of its area with a finding
// and raises the finding as a problem; the township (xiangzhen) records the rectification; the
// county office (admin) verifies it and records a decision; the ledger shows it and the exported
// 问题整改台账 reads back in openpyxl. The weekly dispatch and its A4 print sheet are looked at.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HouseholdListResponse, RegionNode } from '../../src/contract/api.js';
import type { ProblemsResponse } from '../../src/contract/supervision.js';
import { readWithOpenpyxl, records, sheetByName } from '../kits/readBack.js';
import { TEST_TIMEOUT, apiSignIn, chooseOption, describeBrowser, openDialog, pageApi, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
/** A 1×1 PNG: the server checks the content, not the name. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const downloads = mkdtempSync(join(tmpdir(), 'tuopin-sup-dl-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await chooseOption(page, page.getByRole('dialog').getByLabel(label, { exact: true }), option);
}

/** A multiple select keeps its list open after a choice: search, take the first match, close it. */
async function pickMany(page: Page, label: string, search: string, shown: string): Promise<void> {
  const input = page.getByRole('dialog').getByLabel(label, { exact: true });
  await input.click();
  await input.fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: shown }).first().click();
  await input.press('Escape');
  await expect.poll(() => page.getByRole('dialog').locator('.ant-select-selection-item').filter({ hasText: shown }).count()).toBeGreaterThan(0);
}

async function ok(page: Page, name: RegExp): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await settle(page);
}

async function both(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 390, height: 844 });
  await settle(page);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1366, height: 768 });
  await settle(page);
}

describeBrowser('督查与问责', () => {
  it(
    'a leader’s finding becomes a problem, the township rectifies it, the county office verifies and decides, the ledger reads back',
    async () => {
      const accounts = env.server.server.demoAccounts ?? [];
      const village = accounts.find((a) => a.username === 'cun')!;
      const admin = await apiSignIn(env.url, 'admin');
      const tree = await admin.get<{ regions: RegionNode[] }>('/api/regions');
      const flat = (ns: RegionNode[]): RegionNode[] => ns.flatMap((n) => [n, ...flat(n.children ?? [])]);
      const v = flat(tree.regions).find((r) => r.code === village.scope[0])!;
      const t = flat(tree.regions).find((r) => r.code === v.parentCode)!;
      const hh = (await admin.get<HouseholdListResponse>(`/api/households?village=${v.code}&pageSize=5&sort=id`)).items[0]!;

      // The leader records the visit and raises its finding.
      const page = await env.page();
      await signIn(page, 'lingdao');
      await page.goto('/supervision/visits');
      await settle(page);
      await openDialog(page, page.getByRole('button', { name: /记录走访/ }));
      await pickMany(page, '走访的村', v.name, `${t.name}${v.name}`);
      await settle(page);
      await pickMany(page, '走访的户', hh.id, hh.id);
      await page.getByRole('dialog').getByLabel('检查内容', { exact: true }).fill('危房改造验收、收入测算');
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /添加发现的问题/ })
        .click();
      await page.getByRole('dialog').getByLabel('发现1', { exact: true }).fill('危房改造未验收，台账写已验收');
      await screenshot(page, 'supervision-visit-dialog');
      await ok(page, /保\s*存/);
      await page.getByText('危房改造未验收，台账写已验收').waitFor();
      await page.locator('input[type=file]').setInputFiles({ name: '走访照片.png', mimeType: 'image/png', buffer: PNG });
      await page.locator('.ant-image img').first().waitFor();
      expect((await pageApi<{ items: { photos: unknown[] }[] }>(page, '/api/supervision/visits')).items[0]!.photos).toHaveLength(1);
      await openDialog(page, page.getByRole('button', { name: /登记为问题/ }));
      await choose(page, '问题类别', '弄虚作假');
      await choose(page, '严重程度', '重大');
      await page.getByRole('dialog').getByLabel('责任人', { exact: true }).fill('村文书');
      await ok(page, /登\s*记/);
      await page
        .getByText(/已登记 WT\d/)
        .first()
        .waitFor();
      await both(page, 'supervision-visits');

      // The township records its rectification.
      const township = await env.page();
      await signIn(township, 'xiangzhen');
      await township.goto('/supervision/problems');
      await settle(township);
      await openDialog(township, township.getByRole('button', { name: /记录整改/ }));
      await township.getByRole('dialog').getByLabel('整改情况', { exact: true }).fill('已组织住建站现场验收，台账更正');
      await ok(township, /保\s*存/);
      await township.getByText('已整改待核实').first().waitFor();
      await both(township, 'supervision-problems-township');

      // The county office verifies and decides.
      const county = await env.page();
      await signIn(county, 'admin');
      await county.goto('/supervision/problems');
      await settle(county);
      await openDialog(county, county.getByRole('button', { name: /核\s*实/ }));
      await county.getByRole('dialog').getByLabel('核实情况', { exact: true }).fill('现场核实属实');
      await ok(county, /保\s*存/);
      await openDialog(county, county.getByRole('button', { name: /问\s*责/ }));
      await choose(county, '问责方式', '诫勉谈话');
      await county.getByRole('dialog').getByLabel('文号', { exact: true }).fill('县扶贫办〔2018〕21号');
      await ok(county, /保\s*存/);
      await county.getByText('村文书：诫勉谈话').waitFor();
      const listed = await pageApi<ProblemsResponse>(county, '/api/supervision/problems');
      expect(listed.items).toHaveLength(1);
      expect(listed.items[0]).toMatchObject({ state: 'verified', unitCode: v.code, sourceLabel: '督查走访', decisions: [{ kindLabel: '诫勉谈话' }] });
      await both(county, 'supervision-problems');

      const [download] = await Promise.all([county.waitForEvent('download'), county.getByRole('button', { name: /导出问题整改台账/ }).click()]);
      const file = join(downloads, 'problems.xlsx');
      await download.saveAs(file);
      const rows = records(sheetByName(readWithOpenpyxl(file), '问题整改台账'));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ 问题编号: listed.items[0]!.id, 问题来源: '督查走访', 严重程度: '重大', 状态: '已核实销号' });
      expect(String(rows[0]!['问责情况'])).toContain('诫勉谈话');

      // The weekly dispatch and its print sheet; the leader list.
      await county.goto('/supervision/weekly');
      await settle(county);
      await county.getByTestId('weekly-table').waitFor();
      await both(county, 'supervision-weekly');
      await county.goto('/supervision/weekly/print');
      await settle(county);
      await county.getByTestId('weekly-sheet').waitFor();
      await both(county, 'supervision-weekly-print');
      await county.goto('/supervision/leaders');
      await settle(county);
      await county.getByText('县级领导').first().waitFor();
      await both(county, 'supervision-leaders');
    },
    TEST_TIMEOUT * 3,
  );
});
