// Browser test harness: one demo server and one Chromium per test file, a fresh browser context
// (cookies, storage) per test, and helpers that act as a person would — sign in through the
// login form, look at the page, keep a screenshot.
//
//   const env = useBrowserEnv();
//   describeBrowser('县扶贫办', () => {
//     it('…', async () => { const page = await env.page(); await signIn(page, 'admin'); … });
//   });
//
// Chromium is Debian's (/usr/bin/chromium). Missing: CI=true fails the file; locally the file is
// skipped with a loud reason. See docs/testing.md, "Browser tests".
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest';
import {
  CHROMIUM_PATH,
  DEMO_PASSWORD,
  REPO_ROOT,
  apiSignIn,
  chromiumAvailable,
  ensureWebBuild,
  isCI,
  launchChromium,
  startDemoServer,
  type ApiSession,
  type DemoServer,
} from './webApp.js';

export { DEMO_PASSWORD, apiSignIn, type ApiSession };

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');
export const LAPTOP = { width: 1366, height: 768 } as const;
export const TABLET = { width: 1024, height: 768 } as const;

/** Building the app and the demo county on a busy 2-core machine: generous, a hang still fails. */
export const SETUP_TIMEOUT = 180_000;
/** One browser test (several page loads and a save or an upload). */
export const TEST_TIMEOUT = 60_000;

function banner(lines: string[]): void {
  const bar = '!'.repeat(78);
  console.warn(['', bar, ...lines.map((l) => `!! ${l}`), bar, ''].join('\n'));
}

const missingChromium = chromiumAvailable() ? null : `找不到 Chromium（${CHROMIUM_PATH}）：请安装 Debian 的 chromium 软件包`;
if (missingChromium !== null) {
  // A missing dependency is never a silent pass in CI.
  if (isCI) throw new Error(`CI=true：浏览器测试不能跳过。${missingChromium}`);
  banner([missingChromium, '浏览器测试（test/browser/）已跳过；CI 中这是失败。']);
}

/** `describe`, skipped (with the reason in its title) when there is no Chromium outside CI. */
export function describeBrowser(name: string, fn: () => void): void {
  if (missingChromium !== null) describe.skip(`${name}（已跳过：${missingChromium}）`, fn);
  else describe(name, fn);
}

export interface BrowserEnv {
  readonly url: string;
  readonly server: DemoServer;
  readonly browser: Browser;
  /** A page in a new context (no cookies), 1366×768 unless told otherwise, zh-CN. */
  page(opts?: BrowserContextOptions): Promise<Page>;
  /** Uncaught exceptions in any page of this test (checked empty after each test). */
  readonly pageErrors: string[];
}

/**
 * Registers beforeAll/afterAll hooks that build the web app if needed, start a demo server on a
 * fresh small county (scale 0.05: ~750 households, 3 townships) and launch Chromium; contexts
 * opened during a test are closed after it, and any uncaught page error fails that test.
 */
export function useBrowserEnv(opts: { scale?: number } = {}): BrowserEnv {
  let server: DemoServer | null = null;
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (missingChromium !== null) return;
    const build = await ensureWebBuild();
    const [s, b] = await Promise.allSettled([startDemoServer({ scale: opts.scale ?? 0.05, webDir: build.webDir }), launchChromium()]);
    // Keep whichever started, so afterAll closes it even when the other failed.
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw new Error(`无法启动 Chromium（${CHROMIUM_PATH}）`, { cause: b.reason });
  }, SETUP_TIMEOUT);

  afterEach(async () => {
    const errors = pageErrors.splice(0);
    await Promise.all(contexts.splice(0).map((c) => c.close().catch(() => {})));
    expect(errors, '页面出现未捕获的脚本错误').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await server?.close();
  }, SETUP_TIMEOUT);

  const need = <T>(v: T | null, what: string): T => {
    if (v === null) throw new Error(`${what}尚未启动（beforeAll 失败或已跳过）`);
    return v;
  };

  return {
    get url() {
      return need(server, '服务器').url;
    },
    get server() {
      return need(server, '服务器');
    },
    get browser() {
      return need(browser, '浏览器');
    },
    pageErrors,
    async page(ctxOpts: BrowserContextOptions = {}) {
      const context = await need(browser, '浏览器').newContext({
        viewport: LAPTOP,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        acceptDownloads: true,
        baseURL: need(server, '服务器').url,
        ...ctxOpts,
      });
      contexts.push(context);
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
      trackRequests(page);
      return page;
    },
  };
}

/**
 * Signs in through the login form as a person does and waits for the signed-in frame (the user
 * chip in the header). Lands on the dashboard, or on `next` when the page sent us to login.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('user-chip').waitFor();
}

interface Traffic {
  inFlight: number;
  lastChange: number;
}
const traffic = new WeakMap<Page, Traffic>();

// Playwright's 'networkidle' is a load state: once reached it stays reached, so it does not
// wait for the fetch a click or a URL change starts later. Counting requests does.
function trackRequests(page: Page): void {
  const t: Traffic = { inFlight: 0, lastChange: Date.now() };
  traffic.set(page, t);
  const done = () => {
    t.inFlight = Math.max(0, t.inFlight - 1);
    t.lastChange = Date.now();
  };
  page.on('request', () => {
    t.inFlight++;
    t.lastChange = Date.now();
  });
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

const QUIET_MS = 300;

/**
 * Waits until the page has finished loading what it shows: no request in flight for a moment,
 * no spinner, fonts loaded (so a screenshot shows CJK glyphs, not fallback boxes), charts past
 * their entry animation.
 */
export async function settle(page: Page, timeoutMs = 20_000): Promise<void> {
  const t = traffic.get(page);
  if (t === undefined) {
    await page.waitForLoadState('networkidle');
  } else {
    const deadline = Date.now() + timeoutMs;
    while (t.inFlight > 0 || Date.now() - t.lastChange < QUIET_MS) {
      if (Date.now() > deadline) throw new Error(`页面 ${timeoutMs} ms 内仍有未完成的请求（${t.inFlight} 个）`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  await page.evaluate('document.fonts.ready.then(() => true)');
  // Polled through locators: a string predicate for waitForFunction is eval'd in the page, which the
  // app's Content-Security-Policy (script-src 'self') refuses whenever a spinner is still showing.
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count(), { timeout: timeoutMs }).toBe(0);
  // ECharts animates bars for about a second after the data arrives.
  if (await page.locator('canvas').count()) await page.waitForTimeout(1200);
}

/**
 * Picks an option in an antd Select as a person does: opens it, waits until its own list is shown
 * and has stopped moving, clicks the option, and waits until the select shows the choice and the
 * list is gone. `combobox` is the select's input (getByLabel of its form label or aria-label, or
 * getByRole('combobox')); a string `option` is the option's whole text, a RegExp matches part.
 *
 * Its own list: the dropdown holding the list the combobox controls (aria-controls), so a list
 * another select is still closing, or one kept mounted and hidden, is never the one clicked. On a
 * busy machine the list slides in for longer and the virtual list renders its rows a frame later;
 * a click during the slide can land beside the option.
 */
export async function chooseOption(page: Page, combobox: Locator, option: string | RegExp): Promise<void> {
  const box = combobox.locator('xpath=ancestor::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  await box.click();
  await expect.poll(() => combobox.getAttribute('aria-expanded'), { timeout: 10_000 }).toBe('true');
  const listId = await combobox.getAttribute('aria-controls');
  if (listId === null) throw new Error('下拉框没有 aria-controls，找不到它的选项列表');
  const dropdown = page.locator('.ant-select-dropdown').filter({ has: page.locator(`[id="${listId}"]`) });
  await dropdown.waitFor({ state: 'visible' });
  await expect.poll(async () => /-(enter|appear|leave)(-active)?\b/.test((await dropdown.getAttribute('class')) ?? ''), { timeout: 10_000 }).toBe(false);
  const text = typeof option === 'string' ? new RegExp(`^${escapeRegExp(option)}$`) : option;
  const item = dropdown
    .locator('.ant-select-item-option')
    .filter({ has: page.locator('.ant-select-item-option-content', { hasText: text }) })
    .first();
  await item.waitFor({ state: 'visible' });
  const chosen = (await item.innerText()).trim();
  await item.click();
  // What a person sees: the closed select shows the chosen label (antd renders it in a version-dependent element).
  await expect.poll(() => box.innerText().then((t) => t.replace(/\s+/g, ' ').trim()), { timeout: 10_000 }).toContain(chosen);
  await dropdown.waitFor({ state: 'hidden' });
}

/**
 * Clicks what opens an antd dialog and waits until the dialog has stopped moving: it zooms in,
 * and on a busy machine a click during the zoom can land beside the radio or field it aimed at.
 */
export async function openDialog(page: Page, opener: Locator): Promise<Locator> {
  await opener.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ state: 'visible' });
  // The dialog element itself carries the motion classes while it zooms.
  await expect.poll(async () => /-(enter|appear)(-active)?\b/.test((await dialog.getAttribute('class')) ?? ''), { timeout: 10_000 }).toBe(false);
  return dialog;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Saves a PNG to test-artifacts/screenshots/<name>.png (kept after the run; gitignored). */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Finished CSS transitions: a tab's ink bar or a fading message caught mid-way looks like a bug.
  await page.screenshot({ path, fullPage: opts.fullPage ?? false, animations: 'disabled' });
  return path;
}

/** The “共 N 户” total a list page shows, as a number. */
export async function shownTotal(page: Page): Promise<number> {
  const text = await page.locator('.ant-pagination-total-text').first().innerText();
  const m = /共\s*([\d,]+)\s*户/.exec(text);
  if (!m) throw new Error(`分页处没有“共 N 户”：${text}`);
  return Number(m[1]!.replace(/,/g, ''));
}

/** GET through the page's own session (the browser context's cookies). */
export async function pageApi<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  if (!res.ok()) throw new Error(`GET ${path}：HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}
