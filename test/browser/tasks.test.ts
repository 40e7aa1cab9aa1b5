// Scenario: a B household of the demo village is walked through every one of its remediation
// tasks in the browser. Each sector department (or the village team, for the township's own
// food-and-hygiene tasks) signs in through the login form and completes its task with the
// sector's close-out form; the township station then verifies each one. After the last
// verification the household shows class A, and its history names every step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readWithOpenpyxl, records, sheetByName } from '../kits/readBack.js';
import type { HouseholdDetailResponse, HouseholdListResponse } from '../../src/contract/api.js';
import type { TaskListResponse, TaskView } from '../../src/contract/tasks.js';
import { TEST_TIMEOUT, apiSignIn, describeBrowser, pageApi, screenshot, settle, signIn, useBrowserEnv } from './harness.js';
import type { Page } from 'playwright-core';

/** The input of an antd field given a data-testid (antd puts it on the input or on its wrapper). */
const TESTID_INPUT = (id: string) => `input[data-testid="${id}"], [data-testid="${id}"] input`;

const env = useBrowserEnv();
const downloads = mkdtempSync(join(tmpdir(), 'tuopin-browser-tasks-'));
afterAll(() => rmSync(downloads, { recursive: true, force: true }));

/** expect.poll waits 1 s by default; a step re-assesses the household and reloads the page. */
const POLL = { timeout: 40_000 } as const;

/** Confirms the open step dialog and waits for it to close; a refusal shown in it fails the test with its text. */
async function confirm(page: Page, button: RegExp): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: button }).click();
  const error = dialog.locator('.ant-alert-error');
  await expect.poll(async () => (await dialog.count()) === 0 || (await error.count()) > 0, POLL).toBe(true);
  if ((await error.count()) > 0) throw new Error(`办理被拒：${await error.innerText()}`);
}

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const DOER: Record<string, string> = { 住建: 'zhujian', 水务: 'shuiwu', 教育: 'jiaoyu', 医保: 'yibao', 乡镇: 'cun' };

async function fillCloseOut(page: Page, t: TaskView): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('完成情况说明').fill(`入户核实：${t.note ?? '已整改'}`);
  switch (t.indicator) {
    case 'water':
      await dialog.getByLabel('解决方式').fill('自来水入户');
      await dialog.getByLabel('人均日供水量（升）').fill('45');
      break;
    case 'education':
      await dialog.getByLabel('返校就读学校').fill('县第二中学');
      break;
    case 'food-clothing':
      for (const item of ['口粮充足', '衣被齐全', '室内整洁', '厨房卫生', '厕所卫生', '院落整洁']) await dialog.getByRole('checkbox', { name: item }).check();
      break;
    default:
      // Housing (D级 → A级, accepted today) and insurance (enrolled today, both flags) keep the form's defaults.
      break;
  }
}

/**
 * settle() after the spinners are gone: its own spinner check is a string predicate, which the
 * app's CSP (no 'unsafe-eval') refuses whenever Playwright has to poll it.
 */
async function quiet(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count(), { timeout: 20_000 }).toBe(0);
  await settle(page);
}

function taskRow(page: Page, id: string) {
  return page.getByTestId('household-tasks').locator('tr', { hasText: id });
}

describeBrowser('补短板：B 类户逐项整改、验收后转为 A 类', () => {
  it(
    'each sector completes its task, the township verifies every one, the household ends as A with each step in its history',
    async () => {
      const cun = env.server.server.demoAccounts?.find((a) => a.username === 'cun');
      const town = env.server.server.demoAccounts?.find((a) => a.username === 'xiangzhen');
      expect(cun && town, '演示账户里没有村级或乡镇用户').toBeTruthy();
      const village = cun!.scope[0]!;

      // The office picks a B household of the village whose tasks are all still in play.
      const admin = await apiSignIn(env.url, 'admin');
      const list = await admin.get<HouseholdListResponse>(`/api/households?class=B&village=${village}&pageSize=200`);
      let target: { id: string; tasks: TaskView[] } | null = null;
      for (const h of list.items) {
        const tasks = (await admin.get<TaskListResponse>(`/api/tasks?household=${h.id}&pageSize=50`)).items;
        if (tasks.length > 0 && tasks.every((t) => (t.status === 'open' || t.status === 'in-progress') && DOER[t.sector ?? '乡镇'] !== undefined)) {
          // The most tasks (then the most departments) makes the longest walk.
          const score = (x: TaskView[]) => x.length * 10 + new Set(x.map((t) => t.sector)).size;
          if (target === null || score(tasks) > score(target.tasks)) target = { id: h.id, tasks };
        }
      }
      expect(target, '演示村没有任务均在办理中的 B 类户').not.toBeNull();
      const { id, tasks } = target!;

      // 1. Each task's own department signs in and completes it from the household page.
      for (const t of tasks) {
        const doer = DOER[t.sector ?? '乡镇']!;
        const page = await env.page();
        await signIn(page, doer);
        await page.goto(`/households/${id}?tab=tasks`);
        await quiet(page);
        await taskRow(page, t.id)
          .getByRole('button', { name: /^完\s*成$/ })
          .click();
        await fillCloseOut(page, t);
        // The first task also carries a photo of the work done.
        if (t === tasks[0]) {
          // Taken with the phone's back camera: the second file input opens it directly.
          const camera = page.getByRole('dialog').getByTestId('evidence-camera');
          expect(await camera.getAttribute('capture')).toBe('environment');
          await camera.setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
          await page.getByRole('dialog').getByText('现场照片.png').waitFor();
          await screenshot(page, 'tasks-complete-dialog');
        }
        await confirm(page, /确认完成/);
        await expect.poll(async () => taskRow(page, t.id).locator('[data-status]').getAttribute('data-status'), POLL).toBe('done');
        if (t === tasks[0])
          await taskRow(page, t.id)
            .getByRole('button', { name: /佐证材料 1 份/ })
            .waitFor();
        // The doer is offered no verification of their own work.
        expect(
          await taskRow(page, t.id)
            .getByRole('button', { name: /^验\s*收$/ })
            .count(),
        ).toBe(0);
        await page.context().close();
      }

      // 2. The township station sees them on its task page and verifies each on the household page.
      const page = await env.page();
      await signIn(page, 'xiangzhen');
      await page.goto(`/tasks?village=${village}&status=done`);
      await quiet(page);
      for (const t of tasks) await page.locator('tr', { hasText: t.id }).first().waitFor();
      await screenshot(page, 'tasks-township-list');

      await page.goto(`/households/${id}?tab=tasks`);
      await quiet(page);
      const header = page.locator('.ant-card').first();
      expect(await header.locator('.ant-tag[data-class]').first().getAttribute('data-class')).toBe('B');
      for (const t of tasks) {
        await taskRow(page, t.id)
          .getByRole('button', { name: /^验\s*收$/ })
          .click();
        await confirm(page, /确认验收/);
        await expect.poll(async () => taskRow(page, t.id).locator('[data-status]').getAttribute('data-status'), POLL).toBe('verified');
      }
      await expect.poll(async () => header.locator('.ant-tag[data-class]').first().getAttribute('data-class'), POLL).toBe('A');
      await quiet(page);
      await screenshot(page, 'tasks-household-verified');

      const detail = await pageApi<HouseholdDetailResponse>(page, `/api/households/${id}`);
      expect(detail.assessment!.class).toBe('A');

      // 3. The history names every step: each completion by its department, each verification, the class move.
      await page.getByRole('tab', { name: '变更记录' }).click();
      const timeline = page.locator('.ant-timeline');
      await timeline.waitFor();
      const text = await timeline.innerText();
      const names: Record<string, string> = Object.fromEntries((env.server.server.demoAccounts ?? []).map((a) => [a.username, a.name]));
      for (const t of tasks) {
        expect(text).toContain(`${names[DOER[t.sector ?? '乡镇']!]} 完成 整改任务 ${t.id}`);
        expect(text).toContain(`${town!.name} 验收 整改任务 ${t.id}`);
      }
      expect(text).toMatch(/户类别 B类 → A类（原因：整改任务 \S+ 验收）/);
      await screenshot(page, 'tasks-household-history');

      // 4. The dashboard's 补短板 card lists the household among the recent B → A moves.
      await page.goto('/');
      const card = page.getByTestId('task-summary');
      await card.getByText(id).waitFor();
      await card.scrollIntoViewIfNeeded();
      await quiet(page);
      await screenshot(page, 'tasks-dashboard-card');
    },
    TEST_TIMEOUT * 3,
  );

  it(
    'the township filters its late tasks, assigns two of them at once, and downloads the filtered task ledger',
    async () => {
      const page = await env.page();
      await signIn(page, 'xiangzhen');
      await page.goto('/tasks?status=open,in-progress');
      await quiet(page);
      // The demo runs on its demo day (2018-11-20): tasks due in October or mid-November are late.
      await page.getByRole('switch', { name: '只看逾期' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('overdue'), POLL).toBe('true');
      await quiet(page);
      const listed = await pageApi<TaskListResponse>(page, '/api/tasks?status=open,in-progress&overdue=true&pageSize=500');
      expect(listed.total).toBeGreaterThan(1);
      expect(listed.items.every((t) => t.overdue)).toBe(true);

      const rows = page.locator('.ant-table-tbody tr.ant-table-row');
      const ids: string[] = [];
      for (const i of [0, 1]) {
        await rows.nth(i).locator('input[type=checkbox]').check();
        ids.push((await rows.nth(i).locator('.task-id').innerText()).trim());
      }
      const dueBefore = new Map(listed.items.filter((t) => ids.includes(t.id)).map((t) => [t.id, t.dueDate]));
      expect(dueBefore.size).toBe(2);
      await page.getByRole('button', { name: /批量分派（2）/ }).click();
      const dialog = page.getByRole('dialog');
      // No date pre-filled: naming a person must not move the tasks' dates (it once moved 20 to the year end).
      expect(await dialog.locator(TESTID_INPUT('bulk-due')).inputValue()).toBe('');
      await dialog.getByLabel('责任人').fill('李建国');
      await dialog.getByRole('button', { name: /确认分派/ }).click();
      await page.getByText('已分派 2 条整改任务').waitFor();
      await quiet(page);
      const kept = await pageApi<TaskListResponse>(page, `/api/tasks?responsible=${encodeURIComponent('李建国')}&pageSize=500`);
      expect(new Map(kept.items.map((t) => [t.id, t.dueDate]))).toEqual(dueBefore);

      // The 责任人 filter finds exactly them; then a new date for both, typed in the date picker.
      await page.locator(TESTID_INPUT('filter-responsible')).fill('李建国');
      await page.locator(TESTID_INPUT('filter-responsible')).press('Enter');
      await expect.poll(() => new URL(page.url()).searchParams.get('responsible'), POLL).toBe('李建国');
      await quiet(page);
      await expect.poll(() => rows.count(), POLL).toBe(2);
      for (const i of [0, 1]) await rows.nth(i).locator('input[type=checkbox]').check();
      await page.getByRole('button', { name: /批量分派（2）/ }).click();
      await dialog.getByLabel('责任人').fill('李建国');
      const due = dialog.locator(TESTID_INPUT('bulk-due'));
      await due.click();
      await due.fill('2018-12-20');
      await due.press('Enter');
      await dialog.getByRole('button', { name: /确认分派/ }).click();
      // The first assignment's toast may still show: wait for this one's dialog to close instead.
      await dialog.waitFor({ state: 'hidden' });
      await quiet(page);
      // Their due dates moved after the demo day, so they are no longer late: the server has the rows.
      const after = await pageApi<TaskListResponse>(page, `/api/tasks?status=open,in-progress&pageSize=500`);
      for (const id of ids) expect(after.items.find((t) => t.id === id)).toMatchObject({ responsible: '李建国', dueDate: '2018-12-20', overdue: false });
      await screenshot(page, 'tasks-bulk-assigned');
      // Back to the late tasks of the township, without the 责任人 filter, for the export.
      await page.goto('/tasks?status=open,in-progress&overdue=true');
      await quiet(page);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出任务台账/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/整改任务台账.*\.xlsx$/);
      const file = join(downloads, 'tasks.xlsx');
      await download.saveAs(file);
      const ledger = records(sheetByName(readWithOpenpyxl(file), '整改任务台账'));
      // The filtered ledger: the late tasks, without the two that are no longer late.
      expect(ledger).toHaveLength(listed.total - 2);
      expect(ledger.every((r) => r['是否逾期'] === '逾期')).toBe(true);
      for (const id of ids) expect(ledger.find((r) => r['任务编号'] === id)).toBeUndefined();
    },
    TEST_TIMEOUT * 2,
  );
});
