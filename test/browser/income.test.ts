// Scenario: the village work team corrects a household's income after a home visit. The per-capita
// figure follows the typing; saving asks for a reason and answers “已提交，待乡镇审核” — the class
// does not move yet, and the household page says a change is waiting. The township worker opens
// 待审批 (the menu shows a count), sees the change as before → after and approves it; the class
// moves, and the household's history reads: request, approval, the form change, the class move.
import { expect, it } from 'vitest';
import type { HouseholdDetailResponse, HouseholdListResponse } from '../../src/contract/api.js';
import { formatFen, toFen } from '../../src/domain/income.js';
import { TEST_TIMEOUT, apiSignIn, describeBrowser, pageApi, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
const REASON = '入户核实：更正外出务工收入（务工证明）';

/** Shown per-capita text (“4500.00”) → fen. */
const fenOf = (text: string) => toFen(Number(text.replace(/[,\s]/g, '')));

describeBrowser('修改收入须乡镇审核', () => {
  it(
    'a village user submits an income change, the class waits; the township approves on 待审批 and the class, page and history follow',
    async () => {
      const accounts = env.server.server.demoAccounts ?? [];
      const village = accounts.find((a) => a.username === 'cun');
      const township = accounts.find((a) => a.username === 'xiangzhen');
      expect(village && township, '演示账户里没有村或乡镇用户').toBeTruthy();

      // A household of the village whose class an income change moves: a C household failing on
      // income only (raise it above the line), else an A household with enough migrant wage to drop under it.
      const admin = await apiSignIn(env.url, 'admin');
      const list = await admin.get<HouseholdListResponse>(`/api/households?village=${village!.scope[0]}&pageSize=200`);
      let target: { id: string; detail: HouseholdDetailResponse; goal: number; from: string } | null = null;
      for (const h of list.items) {
        if (!(h.class === 'C' && h.failing.length === 1 && h.failing[0] === 'income') && !(h.class === 'A')) continue;
        const d = await admin.get<HouseholdDetailResponse>(`/api/households/${h.id}`);
        const inc = d.assessment?.income;
        const wage = d.income?.lines.find((l) => l.code === 'migrantWage');
        if (!inc || !wage?.counted || !d.income) continue;
        const lineFen = toFen(d.income.line);
        const goal = h.class === 'C' ? lineFen + 80_000 : lineFen - 20_000;
        const newWageFen = toFen(wage.amount ?? 0) + goal * inc.size - toFen(inc.net);
        if (newWageFen < 0) continue;
        target = { id: h.id, detail: d, goal, from: h.class! };
        break;
      }
      expect(target, '该村没有能因收入改变类别的户').not.toBeNull();
      const { id, detail, goal, from } = target!;
      const income = detail.assessment!.income!;
      const wageFen = toFen(detail.income!.lines.find((l) => l.code === 'migrantWage')!.amount ?? 0);
      const wageFor = (perCapitaFen: number) => (wageFen + perCapitaFen * income.size - toFen(income.net)) / 100;

      // --- The village work team submits.
      const page = await env.page();
      await signIn(page, 'cun');
      await page.goto(`/households/${id}`);
      await settle(page);
      const header = page.locator('.ant-card').first();
      const shownClass = () => header.locator('.ant-tag[data-class]').first().getAttribute('data-class');
      expect(await shownClass()).toBe(from);
      const perCapita = page.getByTestId('per-capita');
      expect(fenOf(await perCapita.locator('.ant-statistic-content-value').innerText())).toBe(toFen(income.perCapita));

      await page.getByRole('button', { name: /修改收入/ }).click();
      const box = page.getByLabel('外出务工收入', { exact: true });
      await box.fill(String(wageFor(goal)));
      await expect.poll(async () => fenOf(await perCapita.locator('.ant-statistic-content-value').innerText())).toBe(goal);
      expect(await page.locator('.stat-sub').filter({ hasText: '元（' }).first().innerText()).toMatch(from === 'C' ? /^(超过|达到)/ : /^未(超过|达到)/);
      await screenshot(page, 'income-editing');

      await page.getByRole('button', { name: /保\s*存/ }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.innerText()).toContain(formatFen(goal));
      expect(await dialog.innerText()).toContain('须经乡镇审核');
      // No reason, no submission.
      await dialog.getByRole('button', { name: /确认提交/ }).click();
      await dialog.getByText('请填写修改原因').waitFor();
      await dialog.getByLabel('修改原因').fill(REASON);
      await dialog.getByRole('button', { name: /确认提交/ }).click();

      await page.getByTestId('income-pending').waitFor();
      await settle(page);
      expect(await page.getByTestId('income-pending').innerText()).toContain('已提交，待乡镇审核');
      expect(await shownClass(), 'the class waits for the approval').toBe(from);
      const banner = page.getByTestId('pending-banner');
      await banner.waitFor();
      expect(await banner.innerText()).toContain('修改收入测算表');
      expect(await banner.innerText()).toContain(REASON);
      const waiting = await pageApi<HouseholdDetailResponse>(page, `/api/households/${id}`);
      expect(waiting.assessment!.class).toBe(from);
      expect(toFen(waiting.income!.lines.find((l) => l.code === 'migrantWage')!.amount ?? 0)).toBe(wageFen);
      await screenshot(page, 'income-submitted');

      // --- The township approves on 待审批.
      const tp = await env.page();
      await signIn(tp, 'xiangzhen');
      const badge = tp.getByTestId('badge-approvals');
      await badge.waitFor();
      expect(Number((await badge.innerText()).trim())).toBeGreaterThanOrEqual(1);
      await tp.getByRole('menuitem', { name: /待审批/ }).click();
      await settle(tp);
      const card = tp.getByTestId('change-request').filter({ hasText: id });
      await card.waitFor();
      const cardText = await card.innerText();
      expect(cardText).toContain('修改收入测算表');
      expect(cardText).toMatch(new RegExp(`外出务工收入 .+ → ${String(wageFor(goal)).replace('.', '\\.')}`));
      expect(cardText).toContain(village!.name);
      await screenshot(tp, 'approvals-pending');
      await card.getByRole('button', { name: /批\s*准/ }).click();
      const outcome = tp.getByTestId('approval-outcome');
      await outcome.waitFor();
      await settle(tp);
      expect(await outcome.innerText()).toMatch(new RegExp(`${from}类\\s*→\\s*${from === 'C' ? '[AB]' : 'C'}类`));
      await screenshot(tp, 'approvals-approved');

      // --- The household page, the server and the history agree.
      await tp.goto(`/households/${id}`);
      await settle(tp);
      const newClass = await tp.locator('.ant-card').first().locator('.ant-tag[data-class]').first().getAttribute('data-class');
      expect(from === 'C' ? ['A', 'B'] : ['C']).toContain(newClass);
      expect(await tp.getByTestId('pending-banner').count()).toBe(0);
      const after = await pageApi<HouseholdDetailResponse>(tp, `/api/households/${id}`);
      expect(after.assessment!.class).toBe(newClass);
      expect(after.income!.lines.find((l) => l.code === 'migrantWage')!.amount).toBeCloseTo(wageFor(goal), 2);

      await tp.getByRole('tab', { name: '变更记录' }).click();
      const items = tp.locator('.ant-timeline-item');
      await items.first().waitFor();
      const texts = await items.allInnerTexts();
      expect(texts.some((t) => t.includes(`${village!.name} 申请修改`) && t.includes('（待审核）'))).toBe(true);
      expect(texts.some((t) => t.includes(`${township!.name} 批准 ${village!.name}的申请：修改`))).toBe(true);
      expect(texts.some((t) => t.includes(`户类别 ${from}类 → ${newClass}类`))).toBe(true);
      expect(texts.some((t) => t.includes('修改') && t.includes('收入测算表：外出务工收入'))).toBe(true);
      await settle(tp);
      await screenshot(tp, 'income-history');
    },
    TEST_TIMEOUT * 2,
  );
});
