// Scenario (docs/cross-check.md): the county office uploads a broken list (refused, the problems
// listed in Chinese, nothing stored) and then the demo disability list, sees the run's counts and
// settles possible matches from the keyboard; the education department sees and uploads only its
// own kinds, and the demo school roll's planted drop-outs show in the right townships; a
// township account sees only its own township's points.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HouseholdListResponse } from '../../src/contract/api.js';
import type { CheckKindsResponse, CheckRunDetailResponse, CheckRunListResponse, PointSummaryResponse, ReviewListResponse } from '../../src/contract/checks.js';
import { makeIdNumber } from '../../src/domain/idNumber.js';
import { loadRulebook } from '../../src/rulebooks/loader.js';
import { writeDemoListFiles } from '../../src/services/demoLists.js';
import { SETUP_TIMEOUT, TEST_TIMEOUT, apiSignIn, chooseOption, describeBrowser, pageApi, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();

interface Truth {
  lists: Record<string, { asOf: string; discrepancies: { kind: string; householdId: string; memberId: string | null; row: number | null }[] }>;
}

let dir = '';
let truth: Truth;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuopin-lists-'));
  // The same seed and scale as the harness's demo county, so the lists name its people.
  await writeDemoListFiles({ seed: 2018, scale: 0.05, year: loadRulebook().year, dir });
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  // A school roll a clerk typed by hand: one status the profile does not know.
  const id = makeIdNumber('629901', '2008-04-11', 31);
  writeFileSync(join(dir, '学籍名单（有误）.csv'), ['学生姓名,身份证号码,学校名称,年级,学籍状态', `王小明,${id},第一小学,五年级,在家`, ''].join('\r\n'));
}, SETUP_TIMEOUT);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function both(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 390, height: 844 });
  await settle(page);
  await screenshot(page, `${name}-390`);
  // A phone shows the page without sideways scrolling of the whole page.
  // What sticks out past the right edge, tables aside (they scroll inside themselves).
  const wide = (await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.ant-table-content, .ant-table-body, .ant-table-header'))
      .slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + '（' + Math.round(e.getBoundingClientRect().right) + '）')`)) as string[];
  expect(wide, `${name}：390 宽时超出屏幕的元素`).toEqual([]);
  await page.setViewportSize({ width: 1366, height: 768 });
  await settle(page);
}

async function upload(page: Page, kindLabel: string, file: string, asOf?: string): Promise<void> {
  const card = page.getByTestId('check-upload');
  await chooseOption(page, card.getByLabel('名单类别'), kindLabel);
  // The list's own date: ages (compulsory schooling) count from it.
  if (asOf !== undefined) await card.getByLabel('名单截至日期').fill(asOf);
  await card.locator('input[type=file]').setInputFiles(join(dir, file));
  await card.getByText(file).waitFor();
  await card.getByRole('button', { name: /开始比对/ }).click();
}

const runs = (page: Page) => pageApi<CheckRunListResponse>(page, '/api/checks/runs?pageSize=100');

describeBrowser('名单比对', () => {
  it(
    '县扶贫办: a broken list is refused with its problems and stores nothing; the disability list runs; possible matches confirmed and rejected from the keyboard',
    async () => {
      const page = await env.page();
      await signIn(page, 'admin');
      await page.getByRole('menuitem', { name: '名单比对' }).click();
      await page.waitForURL(/\/checks$/);
      await settle(page);
      await page.getByTestId('check-runs').getByText('还没有上传过名单').waitFor();
      await both(page, 'checks-empty');

      // Refused: the problem is named by row, column and value; no run is stored.
      const before = (await runs(page)).total;
      await upload(page, '学籍名单', '学籍名单（有误）.csv');
      const refused = page.getByTestId('check-rejected');
      await refused.waitFor();
      await expect.poll(() => refused.innerText()).toContain('名单未通过校验，未保存任何内容');
      const issues = page.getByTestId('list-issues');
      const issueRow = issues.locator('tr').filter({ hasText: '在家' });
      await expect.poll(() => issueRow.count()).toBeGreaterThan(0);
      const issueText = await issueRow.first().innerText();
      expect(issueText).toContain('学籍状态');
      expect(issueText).toContain('错误');
      expect(issueText).toMatch(/\b2\b/);
      await settle(page);
      await both(page, 'checks-refused');
      expect((await runs(page)).total).toBe(before);

      // The demo disability list: the run's counts on the page are the API's.
      await upload(page, '残疾人证名单', 'disability.xlsx');
      const result = page.getByTestId('check-result');
      await result.waitFor();
      await settle(page);
      const listed = await runs(page);
      expect(listed.total).toBe(before + 1);
      const run = listed.items[0]!;
      expect(run.kind).toBe('disability');
      const counts = await result.getByTestId('run-counts').innerText();
      for (const [title, value] of [
        ['名单行数', run.rows],
        ['确定匹配', run.matched],
        ['疑似匹配', run.possible],
        ['未匹配', run.unmatched],
        ['新增疑点', run.pointsOpened],
      ] as const)
        expect(counts.replace(/\s+/g, ' '), title).toContain(`${title} ${value.toLocaleString('en-US')}`);
      expect(run.rows).toBe(230);
      expect(run.possible).toBeGreaterThanOrEqual(2);
      await page.getByTestId('check-runs').getByRole('link', { name: '残疾人证名单' }).waitFor();
      await both(page, 'checks-run-done');

      // The run's page: counts by outcome, points by kind and township.
      await result.getByRole('link', { name: '查看本次比对' }).click();
      await page.waitForURL(new RegExp(`/checks/runs/${run.id}$`));
      await settle(page);
      const detail = await pageApi<CheckRunDetailResponse>(page, `/api/checks/runs/${run.id}`);
      const byKind = await page.getByTestId('run-points-by-kind').innerText();
      for (const k of detail.pointsByKind) expect(byKind).toContain(k.label);
      const byTown = await page.getByTestId('run-points-by-township').innerText();
      for (const t of detail.pointsByTownship) expect(byTown).toContain(t.townshipName);
      await both(page, 'check-run');

      // Possible matches side by side: Y confirms the first, N rejects the next.
      await page.getByRole('button', { name: new RegExp(`确认疑似匹配（${detail.byOutcome.possiblePending}）`) }).click();
      await page.waitForURL(/\/checks\/review\?runId=/);
      await settle(page);
      const card = page.getByTestId('review-card');
      await card.waitFor();
      const compare = await page.getByTestId('review-compare').innerText();
      expect(compare).toContain('姓名');
      expect(compare).toContain('花名册候选 1（最佳）');
      await both(page, 'check-review');
      const pending = (await pageApi<ReviewListResponse>(page, `/api/checks/reviews?runId=${run.id}&review=pending`)).items;
      const [first, second] = pending;
      await expect.poll(() => card.innerText()).toContain(`第 ${first!.row} 行`);
      await page.locator('body').press('y');
      await expect.poll(() => card.innerText()).toContain(`第 ${second!.row} 行`);
      await page.locator('body').press('n');
      const rowsIn = async (review: string) =>
        (await pageApi<ReviewListResponse>(page, `/api/checks/reviews?runId=${run.id}&review=${review}`)).items.map((x) => x.row);
      await expect.poll(() => rowsIn('rejected')).toEqual([second!.row]);
      expect(await rowsIn('pending')).not.toContain(first!.row);
      const confirmed = (await pageApi<ReviewListResponse>(page, `/api/checks/reviews?runId=${run.id}&review=confirmed`)).items;
      expect(confirmed.map((x) => x.row)).toEqual([first!.row]);
      expect(confirmed[0]!.confirmedMemberId).toBe(first!.candidates[0]!.memberId);
      expect(confirmed[0]!.reviewedBy?.name).toBeTruthy();

      // The confirmed tab shows who confirmed it.
      await page.getByText('已确认', { exact: true }).click();
      await settle(page);
      await expect.poll(() => card.innerText()).toContain('已确认为同一人');
      await both(page, 'check-review-confirmed');
    },
    TEST_TIMEOUT * 3,
  );

  it(
    '教育局: only its own list kinds; the demo school roll puts each planted drop-out in its township',
    async () => {
      const admin = await apiSignIn(env.url, 'admin');
      const page = await env.page();
      await signIn(page, 'jiaoyu');
      await page.goto('/checks');
      await settle(page);
      const kinds = await pageApi<CheckKindsResponse>(page, '/api/checks/kinds');
      const own = kinds.listKinds.filter((k) => k.canUpload).map((k) => k.label);
      expect(own.sort()).toEqual(['学籍名单', '教育资助名单'].sort());
      // The kind select offers exactly those.
      const select = page.getByTestId('check-upload').getByLabel('名单类别');
      await select.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]').click();
      const listId = await select.getAttribute('aria-controls');
      const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
      await dropdown.waitFor();
      const offered = await dropdown.locator('.ant-select-item-option-content').allInnerTexts();
      expect(offered.sort()).toEqual(own.sort());
      await page.keyboard.press('Escape');
      // The county's disability run is not the education department's to see.
      const county = await admin.get<CheckRunListResponse>('/api/checks/runs');
      const disability = county.items.find((r) => r.kind === 'disability')!;
      expect((await runs(page)).items.map((r) => r.kind)).not.toContain('disability');
      expect((await page.request.get(`/api/checks/runs/${disability.id}`)).status()).toBe(404);
      await expect.poll(() => page.getByTestId('check-runs').innerText()).not.toContain('残疾人证名单');

      await upload(page, '学籍名单', 'school-roll.xlsx', truth.lists['school-roll']!.asOf);
      await page.getByTestId('check-result').waitFor();
      await settle(page);
      const run = (await runs(page)).items[0]!;
      expect(run.kind).toBe('school-roll');
      await page.getByRole('link', { name: '查看本次比对' }).click();
      await page.waitForURL(new RegExp(`/checks/runs/${run.id}$`));
      await settle(page);

      // Each planted drop-out, counted in the township of its household.
      const planted = truth.lists['school-roll']!.discrepancies.filter((d) => d.kind === 'dropout');
      expect(planted.length).toBeGreaterThan(0);
      const want = new Map<string, number>();
      for (const d of planted) {
        const h = (await admin.get<HouseholdListResponse>(`/api/households?q=${d.householdId}`)).items.find((x) => x.id === d.householdId)!;
        want.set(h.townshipName!, (want.get(h.townshipName!) ?? 0) + 1);
      }
      const detail = await admin.get<CheckRunDetailResponse>(`/api/checks/runs/${run.id}`);
      expect(detail.pointsByKind.find((k) => k.kind === 'dropout')?.total).toBe(planted.length);
      const table = page.getByTestId('run-points-by-township');
      for (const [town, n] of want) {
        const row = table.locator('tr').filter({ hasText: town });
        await expect
          .poll(() =>
            row
              .first()
              .innerText()
              .then((t) => t.split(/\s+/).at(-1)),
          )
          .toBe(String(n));
      }
      await expect.poll(() => page.getByTestId('run-points-by-kind').innerText()).toContain('疑似辍学');
      await both(page, 'check-run-school-roll');
    },
    TEST_TIMEOUT * 2,
  );

  it(
    '乡镇: only its own township in the runs and the point figures',
    async () => {
      const account = (env.server.server.demoAccounts ?? []).find((a) => a.username === 'xiangzhen')!;
      const admin = await apiSignIn(env.url, 'admin');
      const all = await admin.get<PointSummaryResponse>('/api/checks/points/summary');
      const page = await env.page();
      await signIn(page, 'xiangzhen');
      const mine = await pageApi<PointSummaryResponse>(page, '/api/checks/points/summary');
      expect(mine.byTownship.map((t) => t.townshipCode)).toEqual(mine.byTownship.length ? [account.scope[0]] : []);
      const own = all.byTownship.find((t) => t.townshipCode === account.scope[0]);
      expect(mine.open + mine.checked + mine.closed).toBe(own?.total ?? 0);
      expect(all.byTownship.length).toBeGreaterThan(1);

      // The school roll's run, seen from the township: only its own row.
      const run = (await runs(page)).items.find((r) => r.kind === 'school-roll')!;
      await page.goto(`/checks/runs/${run.id}`);
      await settle(page);
      const townName = own?.townshipName ?? '';
      const table = await page.getByTestId('run-points-by-township').innerText();
      for (const t of all.byTownship) {
        if (t.townshipCode === account.scope[0]) continue;
        expect(table).not.toContain(t.townshipName);
      }
      if (own) expect(table).toContain(townName);
      await both(page, 'check-run-township');

      // The dashboard card counts the same.
      await page.goto('/');
      await settle(page);
      const cardText = await page.getByTestId('point-summary').innerText();
      expect(cardText.replace(/\s+/g, ' ')).toContain(`待核实 ${mine.open}`);

      await page.goto('/checks/points');
      await settle(page);
      await both(page, 'points-township');
    },
    TEST_TIMEOUT * 2,
  );
});
