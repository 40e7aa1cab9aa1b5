// Township and village users in a real browser see their own households only: every row of the
// list is theirs, the total is what the API counts for them, another township's household can be
// neither found nor opened, and the admin menu is absent.
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HouseholdListResponse, SessionResponse } from '../../src/contract/api.js';
import { TEST_TIMEOUT, apiSignIn, describeBrowser, pageApi, screenshot, settle, shownTotal, signIn, useBrowserEnv, type ApiSession } from './harness.js';

const env = useBrowserEnv();

interface Scenario {
  username: string;
  /** The list column that names the user's region, and the API field holding it. */
  column: '乡镇' | '行政村';
  field: 'townshipName' | 'villageName';
}

const TOWNSHIP: Scenario = { username: 'xiangzhen', column: '乡镇', field: 'townshipName' };
const VILLAGE: Scenario = { username: 'cun', column: '行政村', field: 'villageName' };

let admin: ApiSession;
beforeAll(async () => {
  admin = await apiSignIn(env.url, 'admin');
});

/** Texts of one column on the current page of the household table, by its header. */
async function columnTexts(page: Page, header: string): Promise<string[]> {
  const headers = await page.locator('.ant-table-thead th').allInnerTexts();
  const index = headers.findIndex((h) => h.trim() === header);
  if (index < 0) throw new Error(`农户表没有“${header}”列（有：${headers.join('、')}）`);
  return page
    .locator('tr.ant-table-row')
    .evaluateAll((rows, i) => rows.map((r) => ((r as unknown as { cells: ArrayLike<{ innerText: string }> }).cells[i]?.innerText ?? '').trim()), index);
}

/** A household the admin sees outside the user's scope (another township). */
async function householdOutside(scope: string[]): Promise<HouseholdListResponse['items'][number]> {
  const all = await admin.get<HouseholdListResponse>('/api/households?pageSize=200&sort=id&order=desc');
  const other = all.items.find((h) => !scope.includes(h.townshipCode ?? '') && !scope.includes(h.villageCode));
  if (!other) throw new Error('演示县里找不到其他乡镇的农户');
  return other;
}

async function checkScope(page: Page, s: Scenario): Promise<void> {
  await signIn(page, s.username);
  const session = await pageApi<SessionResponse>(page, '/api/session');
  const user = session.user!;
  expect(user.username).toBe(s.username);
  expect(user.scopeNames).toHaveLength(1);
  const regionName = user.scopeNames[0]!;

  // What the API counts for this user is what the page says, and it is less than the county.
  const mine = await pageApi<HouseholdListResponse>(page, '/api/households?pageSize=1');
  const county = await admin.get<HouseholdListResponse>('/api/households?pageSize=1');
  expect(mine.total).toBeGreaterThan(0);
  expect(mine.total).toBeLessThan(county.total);

  await page.goto('/households?pageSize=100');
  await settle(page);
  expect(await shownTotal(page)).toBe(mine.total);
  const cells = await columnTexts(page, s.column);
  expect(cells.length).toBe(Math.min(100, mine.total));
  expect(new Set(cells)).toEqual(new Set([regionName]));
  await screenshot(page, `scope-${s.username}-households`);

  // Another township's household number: nothing found.
  const other = await householdOutside(user.scope);
  expect(other[s.field]).not.toBe(regionName);
  const search = page.getByLabel('搜索农户');
  await search.fill(other.id);
  await search.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === other.id);
  await settle(page);
  await page.getByText('没有符合条件的农户').waitFor();
  expect(await page.locator('tr.ant-table-row').count()).toBe(0);

  // …and its own number is found (the search works; the scope is what hides the other one).
  const own = (await pageApi<HouseholdListResponse>(page, '/api/households?pageSize=1&sort=id&order=desc')).items[0]!;
  await search.fill(own.id);
  await search.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === own.id);
  await settle(page);
  expect(await columnTexts(page, '户编号')).toEqual([own.id]);

  // Typing the other household's address: answered as a missing household (so ids cannot be probed), not its data.
  await page.goto(`/households/${other.id}`);
  await settle(page);
  const main = page.locator('.app-content');
  await main.locator('.ant-result-404').waitFor();
  expect(await main.innerText()).toContain('该户不存在');
  expect(await main.innerText()).not.toContain(other.headName ?? '（无户主）');
  await screenshot(page, `scope-${s.username}-forbidden`);

  const menu = page.locator('.ant-layout-sider .ant-menu');
  expect(await menu.innerText()).toContain('农户');
  expect(await menu.innerText()).not.toContain('用户管理');
  // The admin page by address is refused as well.
  await page.goto('/admin/users');
  await settle(page);
  expect(await main.innerText()).toContain('没有权限访问此页面');
}

describeBrowser('乡镇和村级用户的数据范围', () => {
  it(
    'a township user sees only its township',
    async () => {
      await checkScope(await env.page(), TOWNSHIP);
    },
    TEST_TIMEOUT,
  );

  it(
    'a village user sees only its village',
    async () => {
      await checkScope(await env.page(), VILLAGE);
    },
    TEST_TIMEOUT,
  );
});
