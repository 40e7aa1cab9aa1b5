// Every main page as the county office sees it, at a laptop's 1366×768 and the dashboard at a
// tablet's 1024×768: each page shows its title and its content (not an error, not an empty
// frame), does not scroll sideways, and is kept as a screenshot in test-artifacts/screenshots/
// for a person to look at (Chinese glyphs, overlaps).
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HouseholdListResponse } from '../../src/contract/api.js';
import { LAPTOP, TABLET, TEST_TIMEOUT, apiSignIn, describeBrowser, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();

interface Shot {
  name: string;
  path: () => string;
  /** The page's heading: the h1 of the page title unless `heading` names another element. */
  title: string | RegExp;
  heading?: string;
  /** Text that only shows once the page's data is there. */
  content: string | RegExp;
  /** At least this many table rows. */
  rows?: number;
}

let householdId = '';
let villageCode = '';

beforeAll(async () => {
  const admin = await apiSignIn(env.url, 'admin');
  // A household with something to show: class C, failing indicators with reasons.
  const c = await admin.get<HouseholdListResponse>('/api/households?class=C&pageSize=1&sort=id');
  householdId = c.items[0]!.id;
  villageCode = c.items[0]!.villageCode;
});

const SHOTS: Shot[] = [
  { name: 'dashboard', path: () => '/', title: '总览', content: '分乡镇情况', rows: 3 },
  { name: 'households', path: () => '/households', title: '农户', content: /共 [\d,]+ 户/, rows: 20 },
  { name: 'household', path: () => `/households/${householdId}`, title: /户$/, heading: 'h4', content: '收入测算表' },
  { name: 'ledgers', path: () => '/ledgers', title: '台账', content: 'A类台账', rows: 20 },
  { name: 'villages', path: () => '/villages', title: '村退出', content: '退出标准', rows: 5 },
  { name: 'village', path: () => `/villages/${villageCode}`, title: /村/, heading: '.ant-card-head-title', content: /贫困发生率/ },
  { name: 'import', path: () => '/import', title: '导入花名册', content: '点击或将花名册文件拖到此处' },
  { name: 'rulebook', path: () => '/rulebook', title: '规则', content: '当前规则' },
  { name: 'users', path: () => '/admin/users', title: '用户管理', content: 'xiangzhen', rows: 6 },
];

/** Page wider than the window: something pushes the layout sideways. */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

async function checkPage(page: Page, shot: Shot, file: string): Promise<void> {
  const main = page.locator('.app-content');
  const heading = main.locator(shot.heading ?? 'h1').first();
  await heading.waitFor().catch((e: unknown) => {
    throw new Error(`${file}：页面没有标题（${shot.heading ?? 'h1'}）`, { cause: e });
  });
  const title = (await heading.innerText()).trim();
  if (typeof shot.title === 'string') expect(title, file).toBe(shot.title);
  else expect(title, file).toMatch(shot.title);
  const text = await main.innerText();
  if (typeof shot.content === 'string') expect(text, file).toContain(shot.content);
  else expect(text, file).toMatch(shot.content);
  expect(await main.locator('.ant-result-404, .ant-result-403, .ant-result-error, .ant-result-warning').count(), `${file} 显示了错误页`).toBe(0);
  if (shot.rows) expect(await main.locator('tr.ant-table-row').count(), `${file} 的表格行数`).toBeGreaterThanOrEqual(shot.rows);
  expect(await sidewaysOverflow(page), `${file} 横向溢出`).toBeLessThanOrEqual(0);
}

describeBrowser('主要页面截图', () => {
  it(
    'login page and every main page at 1366×768',
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await page.goto('/');
      await page.getByRole('button', { name: /登\s*录/ }).waitFor();
      await settle(page);
      expect(await page.locator('body').innerText()).toContain('脱贫退出核验系统');
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'login-1366');

      await signIn(page, 'admin');
      for (const shot of SHOTS) {
        await page.goto(shot.path());
        await settle(page);
        await checkPage(page, shot, `${shot.name}-1366`);
        await screenshot(page, `${shot.name}-1366`);
      }
    },
    2 * TEST_TIMEOUT,
  );

  it(
    'the dashboard on a 1024×768 tablet',
    async () => {
      const page = await env.page({ viewport: TABLET, isMobile: false, hasTouch: true });
      await signIn(page, 'admin');
      await settle(page);
      await checkPage(page, SHOTS[0]!, 'dashboard-1024');
      // Menu and page side by side, the page keeping most of the width.
      const content = await page.locator('.app-content').boundingBox();
      expect(content!.width).toBeGreaterThan(700);
      await screenshot(page, 'dashboard-1024');
      await screenshot(page, 'dashboard-1024-full', { fullPage: true });
    },
    TEST_TIMEOUT,
  );
});
