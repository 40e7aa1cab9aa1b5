// Scenario: the county office draws a spot check in the web with a seed it writes down; anyone
// redraws it with `tuopin sample` from that seed against the same database and gets the same
// 户编号 and the same snapshot fingerprint. Then the office runs its own three-rate
// pre-assessment: the forms are filled (here through the API, as the checkers in the field would
// through the form), and the dashboard's county criteria show the rates, intervals and verdicts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { SpotCheckDetailResponse } from '../../src/contract/spotChecks.js';
import { REPO_ROOT } from './webApp.js';
import { TEST_TIMEOUT, apiSignIn, describeBrowser, openDialog, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
const SEED = 20181120;

function tuopinSample(db: string, ...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'src/cli/run.ts'), '--db', db, 'sample', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TUOPIN_DB: '', DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function sampledOnPage(page: Page): Promise<string[]> {
  return (await page.locator('[data-sampled-household]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sampled-household') ?? ''))).sort();
}

describeBrowser('抽查与三率自评估', () => {
  it(
    'a sample drawn in the web is redrawn identically by tuopin sample from its seed',
    async () => {
      const page = await env.page();
      await signIn(page, 'admin');
      await page.goto('/spot-checks');
      await settle(page);
      const seed = page.getByLabel('随机种子', { exact: true });
      // The form proposes a random seed; the office types its own to write it in the minutes.
      expect(Number(await seed.inputValue())).toBeGreaterThanOrEqual(0);
      await seed.fill(String(SEED));
      await page.getByLabel('每村至少', { exact: true }).fill('3');
      await screenshot(page, 'spot-check-draw');
      await page
        .getByRole('button', { name: /抽取样本/ })
        .last()
        .click();
      await page.waitForURL(/\/spot-checks\/SC-0001$/);
      await settle(page);
      await page.locator('[data-sampled-household]').first().waitFor();
      const web = await sampledOnPage(page);
      const fingerprint = await page.locator('[data-fingerprint]').getAttribute('data-fingerprint');
      expect(web.length).toBeGreaterThan(0);
      await screenshot(page, 'spot-check-detail-1366');
      await page.setViewportSize({ width: 390, height: 844 });
      await settle(page);
      await screenshot(page, 'spot-check-detail-390');

      const cli = tuopinSample(
        join(env.server.dir, 'demo.db'),
        '--population',
        'pre-exit',
        '--seed',
        String(SEED),
        '--share',
        '0.1',
        '--min-per-village',
        '3',
        '--json',
      );
      expect(cli.stderr).toBe('');
      expect(cli.status).toBe(0);
      const out = JSON.parse(cli.stdout) as { seed: number; fingerprint: string; villages: { sampled: string[] }[] };
      expect(out.seed).toBe(SEED);
      expect(out.fingerprint).toBe(fingerprint);
      expect(out.villages.flatMap((v) => v.sampled).sort()).toEqual(web);
    },
    TEST_TIMEOUT * 3,
  );

  it(
    'after a simulated three-rate check the dashboard shows the rates, intervals and verdicts',
    async () => {
      const page = await env.page();
      await signIn(page, 'admin');
      await page.goto('/three-rates');
      await settle(page);
      await page.getByLabel('随机种子', { exact: true }).fill('2018');
      await page.getByRole('button', { name: /抽取三率样本/ }).click();
      await page.waitForURL(/\/spot-checks\/SR-0001$/);
      await settle(page);

      // One form through the dialog, as a checker fills it.
      const first = page.getByRole('button', { name: '填写核查表' }).first();
      const dialog = await openDialog(page, first);
      await screenshot(page, 'three-rate-form');
      await dialog.getByRole('button', { name: /保存核查表/ }).click();
      await dialog.waitFor({ state: 'hidden' });

      // The rest of the field work, through the API: every sampled exited household checked (one
      // wrongly exited), five non-registered households surveyed per village (none eligible).
      const admin = await apiSignIn(env.url, 'admin');
      const sr = await admin.get<SpotCheckDetailResponse>('/api/spot-checks/SR-0001');
      const send = async (method: string, path: string, body: unknown) => {
        const r = await admin.fetch(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        expect(r.status, `${method} ${path} ${await r.clone().text()}`).toBe(200);
      };
      const indicatorsRight = Object.fromEntries(sr.indicators.map((i) => [i.code, true]));
      let wrongOne = true;
      for (const v of sr.villages) {
        for (const h of v.sampled) {
          if (h.form !== null) continue;
          await send('PUT', `/api/spot-checks/SR-0001/forms/${h.householdId}`, {
            classRight: !wrongOne,
            incomeRight: !wrongOne,
            indicatorsRight,
            dataAsOnSite: true,
            approves: true,
            checkedOn: sr.today,
          });
          wrongOne = false;
        }
        for (let i = 0; i < 5; i++)
          await send('POST', '/api/spot-checks/SR-0001/surveys', {
            villageCode: v.code,
            headName: `调查户${i + 1}`,
            people: 4,
            eligiblePeople: 0,
            approves: i !== 0,
            surveyedOn: sr.today,
          });
      }
      await page.reload();
      await settle(page);
      await page
        .locator('[data-rate="misexit"]')
        .getByText(/95% 上限/)
        .waitFor();
      await screenshot(page, 'three-rate-results');

      await page.goto('/');
      await settle(page);
      const criteria = page.locator('.ant-card').filter({ hasText: '全县退出条件' });
      await criteria.getByText('县自评估 SR-0001').first().waitFor();
      const text = await criteria.innerText();
      expect(text).not.toContain('待第三方抽样核查');
      expect(text).toMatch(/错退率[\s\S]*核查 \d+ 人，错退 \d+ 人，区间 \d+\.\d\d%–\d+\.\d\d%；95% 上限 \d+\.\d\d% (<|≥) 2\.00%/);
      expect(text).toMatch(/漏评率[\s\S]*调查 \d+ 人，漏评 0 人，区间 0\.00%–\d+\.\d\d%；95% 上限/);
      expect(text).toMatch(/群众认可度[\s\S]*受访 \d+ 户，认可 \d+ 户，区间 \d+\.\d\d%–\d+\.\d\d%；95% 下限 \d+\.\d\d% (≥|<) 90\.00%/);
      await criteria.scrollIntoViewIfNeeded();
      await screenshot(page, 'dashboard-three-rates-1366');
      await page.setViewportSize({ width: 390, height: 844 });
      await settle(page);
      await criteria.scrollIntoViewIfNeeded();
      await screenshot(page, 'dashboard-three-rates-390');
    },
    TEST_TIMEOUT * 4,
  );
});
