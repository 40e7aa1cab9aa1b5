// Scenario: the exit procedure of a village's pre-exit households, as the people who run it.
// The village team (cun) records the democratic appraisal, check, agreement and notice for two
// households at once (dated back, with the 补录 reason the form asks for), is refused when it tries
// to end the notice early, ends it for one household when the days are up; the township (xiangzhen)
// reviews; the county office (admin) approves and marks it exited (销号). The household page shows
// the Steps; the notice list printed for the village shows the other household and no ID number
// or phone.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { VillageExitResponse } from '../../src/contract/api.js';
import { TEST_TIMEOUT, apiSignIn, chooseOption, describeBrowser, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();

// Days counted from the server's today: in demo mode that is the demo day (演示日期, e.g. 2018-11-20).
let serverToday = '';
const chinaDay = (offsetDays = 0) => new Date(Date.parse(`${serverToday}T00:00:00Z`) + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function selectRows(page: Page, ids: string[]): Promise<void> {
  for (const id of ids) await page.locator('tr', { hasText: id }).locator('input[type=checkbox]').check();
}

/** Fills the step form (step chosen in the antd Select) and submits it. */
async function recordStep(page: Page, label: string, date: string, opts: { appraisal?: boolean; backdate?: string } = {}): Promise<void> {
  const form = page.getByTestId('step-form-household');
  await chooseOption(page, form.getByRole('combobox').first(), label);
  await form.getByLabel('日期').fill(date);
  await form.getByLabel('文件/记录编号').fill(`红星村〔2018〕${label}`);
  if (opts.appraisal) {
    await form.getByLabel('会议记录摘要').fill('村民代表会议逐户评议，同意退出');
    await form.getByLabel('赞成').fill('31');
    await form.getByLabel('反对').fill('2');
  }
  if (opts.backdate) await form.getByLabel('补录原因').fill(opts.backdate);
  await form.getByRole('button', { name: /记录/ }).click();
}

describeBrowser('退出程序', () => {
  it(
    'village, township and county record the steps; an early notice end is refused; the notice list prints without ID numbers or phones',
    async () => {
      const cun = env.server.server.demoAccounts?.find((a) => a.username === 'cun');
      expect(cun, '演示账户里没有村级用户').toBeDefined();
      const code = cun!.scope[0]!;
      const admin = await apiSignIn(env.url, 'admin');
      const view = await admin.get<VillageExitResponse>(`/api/villages/${code}/exit`);
      serverToday = view.today;
      const a = view.households.filter((h) => h.class === 'A').map((h) => h.householdId);
      const others = view.households.filter((h) => h.householdId !== a[0]).map((h) => h.householdId);
      expect(a.length, '该村没有 A 类户').toBeGreaterThan(0);
      expect(others.length, '该村只有一户预脱贫户').toBeGreaterThan(0);
      const first = a[0]!;
      const second = others[0]!;

      const page = await env.page();
      await signIn(page, 'cun');
      await page.goto(`/villages/${code}/exit`);
      await settle(page);
      await page.locator('tr', { hasText: first }).waitFor();
      // The demo runs on the rulebook's demo day, and the header says which.
      expect(serverToday).toBe('2018-11-20');
      await page.getByTestId('demo-today').getByText('演示日期 2018-11-20').waitFor();
      await screenshot(page, 'exit-village-list');

      const back = '纸质会议记录，入户核实后补录';
      for (const [label, offset, appraisal] of [
        ['民主评议', -10, true],
        ['村委会和驻村工作队核实', -10, false],
        ['农户签字认可', -9, false],
        ['公示', -8, false],
      ] as const) {
        await selectRows(page, [first, second]);
        await recordStep(page, label, chinaDay(offset), { appraisal, backdate: back });
        await page
          .locator('tr', { hasText: first })
          .getByText(label === '公示' ? '公示中' : `已${label}`)
          .waitFor();
        await settle(page);
      }
      expect(await page.locator('tr', { hasText: first }).innerText()).toContain(`公示中（最早 ${chinaDay(-1)} 结束）`);

      // Ending the notice a day before its seven days are up: refused, nothing stored.
      await selectRows(page, [first]);
      await recordStep(page, '公示结束', chinaDay(-2));
      const refusal = page.getByTestId('step-error');
      await refusal.waitFor();
      expect(await refusal.innerText()).toContain(`公示须满 7 天：${chinaDay(-8)} 开始，最早 ${chinaDay(-1)} 结束`);
      await settle(page);
      await screenshot(page, 'exit-notice-too-early');

      await recordStep(page, '公示结束', chinaDay(0));
      await page.locator('tr', { hasText: first }).getByText('已公示结束').waitFor();
      await settle(page);

      // The township reviews.
      const township = await env.page();
      await signIn(township, 'xiangzhen');
      await township.goto(`/villages/${code}/exit`);
      await settle(township);
      await selectRows(township, [first]);
      await recordStep(township, '乡镇审核', chinaDay(0));
      await township.locator('tr', { hasText: first }).getByText('已乡镇审核').waitFor();

      // The county office approves and marks it exited.
      const county = await env.page();
      await signIn(county, 'admin');
      await county.goto(`/villages/${code}/exit`);
      await settle(county);
      for (const label of ['县级审定并公告', '国家系统销号']) {
        await selectRows(county, [first]);
        await recordStep(county, label, chinaDay(0));
        await county.locator('tr', { hasText: first }).getByText(`已${label}`).waitFor();
        await settle(county);
      }
      await county.goto(`/households/${first}`);
      await settle(county);
      const panel = county.getByTestId('exit-panel');
      await panel.scrollIntoViewIfNeeded();
      expect(await panel.locator('.ant-steps-item-finish').count()).toBe(7);
      expect(await panel.innerText()).toContain('补录');
      // Vertical steps read at the laptop width and at 1024 px: each step's title and its line side by side.
      await screenshot(county, 'exit-household-steps', { fullPage: true });
      const titles = panel.locator('.ant-steps-item-title');
      for (const width of [1366, 1024]) {
        await county.setViewportSize({ width, height: 768 });
        await settle(county);
        const boxes = await Promise.all([0, 6].map(async (i) => (await titles.nth(i).boundingBox())!));
        expect(boxes[1]!.y, `${width}px: steps one below the other`).toBeGreaterThan(boxes[0]!.y);
        const item = (await panel.locator('.ant-steps-item').nth(0).boundingBox())!;
        const card = (await panel.boundingBox())!;
        expect(item.width, `${width}px: a step has the panel's width, not a seventh of it`).toBeGreaterThan(card.width / 2);
        await screenshot(county, `exit-household-steps-${width}`, { fullPage: true });
      }
      await county.setViewportSize({ width: 1366, height: 768 });
      const detail = await admin.get<{ household: { status: string }; history: { text: string }[] }>(`/api/households/${first}`);
      expect(detail.household.status).toBe('exited');
      expect(detail.history.map((h) => h.text).join('\n')).toContain(`补录 退出程序 民主评议（${chinaDay(-10)}`);

      // The notice list (still running for the second household), printed.
      await page.goto(`/villages/${code}/exit/notice`);
      await settle(page);
      const sheet = page.getByTestId('notice-sheet');
      const text = await sheet.innerText();
      expect(text).toContain(`公示期：${chinaDay(-8)} 至 ${chinaDay(-1)}（7 天）`);
      expect(text).toContain(view.households.find((h) => h.householdId === second)!.headName!);
      expect(text).not.toMatch(/\d{17}[\dXx]|\d{15}/);
      expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, 'exit-notice-print', { fullPage: true });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    },
    TEST_TIMEOUT * 3,
  );
});
