// Scenario: the county office records a water project for a village, allocates money, tries to
// pay out more than was allocated (refused in Chinese, nothing stored), pays a part, posts the
// plan notice and prints it (no ID number or phone on the printed page), and links a household;
// the household's page then lists the project.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HouseholdListResponse, RegionNode } from '../../src/contract/api.js';
import type { ProjectDetailResponse } from '../../src/contract/projects.js';
import { TEST_TIMEOUT, apiSignIn, chooseOption, describeBrowser, openDialog, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();

const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\d)|(?<!\d)\d{15}(?!\d)/;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await chooseOption(page, page.getByRole('dialog').getByLabel(label, { exact: true }), option);
}

async function save(page: Page): Promise<void> {
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /保\s*存/ })
    .click();
}

async function both(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 390, height: 844 });
  await settle(page);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1366, height: 768 });
  await settle(page);
}

function find(nodes: RegionNode[], code: string): RegionNode | null {
  for (const n of nodes) {
    if (n.code === code) return n;
    const c = find(n.children ?? [], code);
    if (c) return c;
  }
  return null;
}

describeBrowser('项目资金', () => {
  it(
    'create, allocate, a refused over-disbursement stores nothing, disburse, plan notice printed without ID numbers or phones, link a household',
    async () => {
      const village = (env.server.server.demoAccounts ?? []).find((a) => a.username === 'cun')!;
      const admin = await apiSignIn(env.url, 'admin');
      const regions = (await admin.get<{ regions: RegionNode[] }>('/api/regions')).regions;
      const v = find(regions, village.scope[0]!)!;
      const t = find(regions, v.parentCode!)!;
      const household = (await admin.get<HouseholdListResponse>(`/api/households?village=${v.code}&pageSize=5`)).items[0]!.id;

      const page = await env.page();
      await signIn(page, 'admin');
      const today = (await page.getByTestId('demo-today').innerText()).replace('演示日期', '').trim();
      await page.goto('/projects');
      await settle(page);
      await page.getByText('进度滞后或资金沉淀').first().waitFor();
      await both(page, 'projects');

      // 新建项目
      const dialog = await openDialog(page, page.getByTestId('new-project'));
      await dialog.getByLabel('项目名称', { exact: true }).fill('浏览器测试人饮巩固工程');
      await choose(page, '项目类型', '饮水');
      await dialog.getByLabel('年度', { exact: true }).fill(today.slice(0, 4));
      // A multiple select stays open after a pick: type, pick, close by hand.
      const villages = dialog.getByLabel('实施地点（行政村）', { exact: true });
      await villages.click();
      await villages.fill(v.name);
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: `${t.name}${v.name}` })
        .first()
        .click();
      await page.keyboard.press('Escape');
      await dialog
        .locator('.ant-select-selection-item')
        .filter({ hasText: `${t.name}${v.name}` })
        .waitFor();
      await dialog.getByLabel('建设内容', { exact: true }).fill('新建蓄水池 1 座，铺设入户管道 2 公里');
      await choose(page, '负责行业', '水务');
      await dialog.getByLabel('计划金额 中央财政专项扶贫资金').fill('100000');
      await screenshot(page, 'project-form');
      await save(page);
      await page.waitForURL(/\/projects\/XM/);
      await settle(page);
      const id = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
      const read = () => admin.get<ProjectDetailResponse>(`/api/projects/${encodeURIComponent(id)}`);
      expect((await read()).name).toBe('浏览器测试人饮巩固工程');

      // 批复, then 资金下达 50,000 元.
      await openDialog(page, page.getByRole('button', { name: '变更状态' }));
      await save(page);
      await expect.poll(() => page.getByTestId('project-status').innerText()).toBe('批复');
      await openDialog(page, page.getByRole('button', { name: '资金下达' }));
      await choose(page, '资金来源', '中央财政专项扶贫资金');
      await dialog.getByLabel('金额（元）', { exact: true }).fill('50000');
      await dialog.getByLabel('文号', { exact: true }).fill('县财发〔2018〕12号');
      await save(page);
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await read()).allocatedFen).toBe(5_000_000);

      // 60,000 元 against 50,000 allocated: refused with the amounts, nothing stored.
      await openDialog(page, page.getByRole('button', { name: '资金拨付' }));
      await choose(page, '资金来源', /中央财政专项扶贫资金（可拨付 50,000\.00 元）/);
      await dialog.getByLabel('金额（元）', { exact: true }).fill('60000');
      await dialog.getByLabel('凭证号', { exact: true }).fill('PZ-2018-001');
      await save(page);
      const refusal = await page.getByTestId('action-error').innerText();
      expect(refusal).toContain('超过');
      expect(refusal).toContain('50,000.00');
      await screenshot(page, 'project-disburse-refused');
      const after = await read();
      expect(after.disbursements).toEqual([]);
      expect(after.disbursedFen).toBe(0);

      // 30,000 元 goes through.
      await dialog.getByLabel('金额（元）', { exact: true }).fill('30000');
      await save(page);
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await read()).disbursedFen).toBe(3_000_000);
      await page.getByTestId('money-totals').getByText('已拨付 30,000.00 元').waitFor();

      // 计划公示 in the village, printed.
      await openDialog(page, page.getByRole('button', { name: '张贴计划公示' }));
      await save(page);
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(async () => (await read()).notices.length).toBe(1);

      // 关联受益户
      await openDialog(page, page.getByRole('button', { name: '关联受益户' }));
      await dialog.getByLabel('户编号（多个用逗号、空格或换行分隔）').fill(household);
      await save(page);
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('project-households').getByText(household).waitFor();
      expect((await read()).households).toEqual([household]);
      await settle(page);
      await both(page, 'project-detail');

      await page.getByTestId('print-notice-plan').click();
      const sheet = page.getByTestId('project-notice-sheet');
      await sheet.waitFor();
      await settle(page);
      const text = await sheet.innerText();
      expect(text).toContain('浏览器测试人饮巩固工程计划公示');
      expect(text).toContain(v.name);
      expect(text).toContain('100,000.00');
      expect(text).not.toMatch(ID_NUMBER);
      expect(text).not.toMatch(MOBILE);
      await both(page, 'project-notice');

      // The household's page lists the project.
      await page.goto(`/households/${household}`);
      await settle(page);
      await page.getByTestId('household-projects').getByText('浏览器测试人饮巩固工程').waitFor();
      await page.getByTestId('household-projects').scrollIntoViewIfNeeded();
      await both(page, 'household-projects');
    },
    TEST_TIMEOUT * 3,
  );
});
