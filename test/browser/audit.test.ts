// The 审计 page in a real browser: the county admin verifies the change log, sees it intact with
// the head hash to copy into the weekly report; after a row is edited directly in the database
// file the same button names that row; other roles have no menu entry and are refused the page.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { TEST_TIMEOUT, describeBrowser, screenshot, settle, signIn, useBrowserEnv } from './harness.js';
import { WEB_DIR } from './webApp.js';

const env = useBrowserEnv();

describeBrowser('审计：变更日志核验', () => {
  it(
    'the county admin verifies the log, then finds the row edited in the database file',
    async () => {
      const page = await env.page();
      await signIn(page, 'admin');
      const menu = page.locator('.ant-layout-sider .ant-menu');
      await menu.getByText('审计').click();
      await page.waitForURL((u) => u.pathname === '/admin/audit');
      await settle(page);

      await page.getByRole('button', { name: /开始核验/ }).click();
      const verdict = page.getByTestId('audit-verdict');
      await verdict.waitFor();
      expect(await verdict.innerText()).toContain('变更日志完好');
      const head = (await page.getByTestId('audit-head').innerText()).trim();
      expect(head).toMatch(/^[0-9a-f]{64}$/);
      // The checkpoint this run left is listed.
      const checkpoints = page.getByTestId('audit-checkpoints').locator('tr.ant-table-row');
      await checkpoints.first().waitFor();
      expect(await checkpoints.count()).toBe(1);
      expect(await checkpoints.first().innerText()).toContain('本次记下');
      await screenshot(page, 'audit-intact', { fullPage: true });

      const raw = new Database(join(env.server.dir, 'demo.db'));
      let seq: number;
      try {
        raw.exec('drop trigger changes_no_update');
        seq = (raw.prepare("select seq from changes where entity = 'household' order by seq limit 1 offset 3").get() as { seq: number }).seq;
        raw.prepare("update changes set reason = '（已删改）' where seq = ?").run(seq);
      } finally {
        raw.close();
      }

      await page.getByLabel('报告中的链头哈希（可不填）').fill(head);
      await page.getByRole('button', { name: /开始核验/ }).click();
      await page.getByText('变更日志发现 1 处异常').waitFor();
      const rows = page.getByTestId('audit-breaks').locator('tr.ant-table-row');
      expect(await rows.count()).toBe(1);
      const row = await rows.first().innerText();
      expect(row).toContain(`第 ${seq} 条`);
      expect(row).toContain('内容被修改');
      expect(row).toContain('农户');
      expect(await page.locator('.ant-descriptions').innerText()).toMatch(/仍在日志中（第 \d+ 条）/);
      await screenshot(page, 'audit-broken', { fullPage: true });
    },
    TEST_TIMEOUT,
  );

  it(
    'a township user has no 审计 menu entry and is refused the page',
    async () => {
      const page = await env.page();
      await signIn(page, 'xiangzhen');
      expect(await page.locator('.ant-layout-sider .ant-menu').innerText()).not.toContain('审计');
      await page.goto('/admin/audit');
      await settle(page);
      expect(await page.locator('.app-content').innerText()).toContain('没有权限访问此页面');
    },
    TEST_TIMEOUT,
  );
});

describeBrowser('前端构建', () => {
  // Adding the 审计 page once made the bundler's per-page antd chunks import each other in a
  // circle, and every page died at start with "Cannot set properties of undefined (setting
  // 'useModal')". A new page can do it again; this names the chunks instead.
  it('has no chunks that import each other in a circle', () => {
    const dir = join(WEB_DIR, 'assets');
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    const deps = new Map(files.map((f) => [f, [...readFileSync(join(dir, f), 'utf8').matchAll(/from"\.\/([^"]+\.js)"/g)].map((m) => m[1]!)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      state.set(f, 'open');
      for (const d of deps.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...path.slice(path.indexOf(d)), f, d].join(' → '));
        else if (!state.has(d)) visit(d, [...path, f]);
      }
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f, []);
    expect(files.length).toBeGreaterThan(5);
    expect(cycles).toEqual([]);
  });
});
