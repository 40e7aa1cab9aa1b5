// Every page of every demo role, on a 390×844 phone and a 1366×768 laptop: nothing scrolls
// sideways. A village team works on a phone in the household's yard; a page wider than the
// screen hides the 完成 button's task, or the last column, behind a sideways scroll nobody finds.
//
// Two checks per page: the document is no wider than the window, and no element is wider than
// the window or reaches past its right edge unless a scroll container (a wide table's own
// scroller, a tab bar) is there to hold it. Screenshots of every page at both sizes go to
// test-artifacts/screenshots/overflow/ (TUOPIN_OVERFLOW_SHOTS to put them elsewhere).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { HouseholdListResponse } from '../../src/contract/api.js';
import { LAPTOP, SCREENSHOT_DIR, TEST_TIMEOUT, apiSignIn, describeBrowser, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();

const PHONE = { width: 390, height: 844 } as const;
const SHOT_DIR = process.env.TUOPIN_OVERFLOW_SHOTS ?? join(SCREENSHOT_DIR, 'overflow');

interface Overflow {
  documentExtra: number;
  offenders: string[];
}

// Runs in the page. A string, not a function: the bundle's helpers must not leak into it.
const MEASURE = `(() => {
  const vw = document.documentElement.clientWidth;
  const clips = (el) => {
    for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
        const r = p.getBoundingClientRect();
        // A clipping ancestor that itself fits the window holds the element.
        if (r.right <= vw + 1 && r.width <= vw + 1) return true;
      }
      const pos = getComputedStyle(p).position;
      if (pos === 'fixed') return false;
    }
    return false;
  };
  const describe = (el) => {
    const cls = typeof el.className === 'string' ? el.className.split(/\\s+/).filter(Boolean).slice(0, 3).join('.') : '';
    const text = (el.innerText || el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    const r = el.getBoundingClientRect();
    return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + '] ' + JSON.stringify(text);
  };
  const offenders = [];
  for (const el of document.body.querySelectorAll('*')) {
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden' || st.position === 'fixed') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.width > vw + 1 || r.right > vw + 1) && !clips(el)) offenders.push(describe(el));
  }
  // The outermost offenders name the culprit; their children only repeat it.
  return { documentExtra: document.documentElement.scrollWidth - vw, offenders: offenders.slice(0, 8) };
})()`;

async function overflow(page: Page): Promise<Overflow> {
  return (await page.evaluate(MEASURE)) as Overflow;
}

interface Visit {
  name: string;
  path: string;
}

interface RoleFixture {
  household: string | null;
  village: string | null;
}

/** The pages a role has: its menu, plus a household, a village, its exit procedure and notice list. */
async function pagesOf(page: Page, fx: RoleFixture): Promise<Visit[]> {
  const menu = await page.locator('.app-menu a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const visits: Visit[] = menu.filter((h) => h.startsWith('/')).map((h) => ({ name: h === '/' ? 'dashboard' : h.slice(1).replace(/\//g, '-'), path: h }));
  if (fx.household) {
    visits.push({ name: 'household', path: `/households/${fx.household}` });
    visits.push({ name: 'handbook', path: `/households/${fx.household}/handbook` });
  }
  if (fx.village) {
    visits.push({ name: 'village', path: `/villages/${fx.village}` });
    visits.push({ name: 'exit', path: `/villages/${fx.village}/exit` });
    visits.push({ name: 'exit-notice', path: `/villages/${fx.village}/exit/notice` });
  }
  return visits;
}

const ROLES = ['admin', 'lingdao', 'jiaoyu', 'zhujian', 'shuiwu', 'yibao', 'xiangzhen', 'cun'];
const fixtures = new Map<string, RoleFixture>();

beforeAll(async () => {
  for (const username of ROLES) {
    const s = await apiSignIn(env.url, username);
    const list = await s.get<HouseholdListResponse>('/api/households?pageSize=1&sort=id');
    const first = list.items[0];
    fixtures.set(username, { household: first?.id ?? null, village: first?.villageCode ?? null });
  }
}, 120_000);

describeBrowser('手机与笔记本上没有横向滚动', () => {
  mkdirSync(SHOT_DIR, { recursive: true });
  for (const username of ROLES) {
    it(
      `${username}: every page at 390×844 and 1366×768`,
      async () => {
        const page = await env.page({ viewport: LAPTOP });
        await signIn(page, username);
        await settle(page);
        const visits = await pagesOf(page, fixtures.get(username)!);
        expect(visits.length, '菜单是空的').toBeGreaterThan(3);
        const problems: string[] = [];
        for (const size of [PHONE, LAPTOP]) {
          await page.setViewportSize(size);
          for (const v of visits) {
            await page.goto(v.path);
            await settle(page);
            const o = await overflow(page);
            const where = `${username} ${v.name} ${size.width}×${size.height}`;
            if (o.documentExtra > 0) problems.push(`${where}：页面比窗口宽 ${o.documentExtra} px`);
            if (o.offenders.length > 0) problems.push(`${where}：超出窗口的元素：\n    ${o.offenders.join('\n    ')}`);
            await page.screenshot({ path: join(SHOT_DIR, `${username}-${v.name}-${size.width}.png`), animations: 'disabled' });
          }
        }
        expect(problems, problems.join('\n')).toEqual([]);
      },
      6 * TEST_TIMEOUT,
    );
  }
});
