// Scenario: a township worker corrects a C-class household's income after a home visit. The
// household fails on income only; raising its migrant wage lifts the per-capita figure above the
// line as the worker types, the save asks for a reason, and the household leaves class C, with
// the edit and its reason in the change history.
import { expect, it } from 'vitest';
import type { HouseholdDetailResponse, HouseholdListResponse } from '../../src/server/contract.js';
import { formatFen, toFen } from '../../src/domain/income.js';
import { TEST_TIMEOUT, apiSignIn, describeBrowser, pageApi, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
const REASON = '入户核实：补录外出务工收入（务工证明）';

/** Shown per-capita text (“4500.00”) → fen. */
const fenOf = (text: string) => toFen(Number(text.replace(/[,\s]/g, '')));

describeBrowser('修改收入后类别变化', () => {
  it('a township user raises an income item of a C household failing on income only: live figure, reason, new class, history', async () => {
    const account = env.server.server.demoAccounts?.find((a) => a.username === 'xiangzhen');
    expect(account, '演示账户里没有乡镇用户').toBeDefined();
    const township = account!.scope[0]!;

    // The office finds the household: class C, income its only failing indicator, in that township.
    const admin = await apiSignIn(env.url, 'admin');
    const list = await admin.get<HouseholdListResponse>(`/api/households?class=C&indicator=income&township=${township}&pageSize=200`);
    const target = list.items.find((h) => h.failing.length === 1 && h.failing[0] === 'income');
    expect(target, '该乡镇没有只差收入的 C 类户').toBeDefined();
    const before = await admin.get<HouseholdDetailResponse>(`/api/households/${target!.id}`);
    const income = before.assessment!.income!;
    expect(income.pass).toBe(false);
    const size = income.size;
    const lineFen = toFen(before.income!.line);
    const wage = before.income!.lines.find((l) => l.code === 'migrantWage')!;
    expect(wage.counted).toBe(true);
    const wageFen = toFen(wage.amount ?? 0);
    const netFen = toFen(income.net);
    // Per-capita lands exactly on a whole number: first still 200 yuan under the line, then 800 over.
    const wageFor = (perCapitaFen: number) => (wageFen + perCapitaFen * size - netFen) / 100;
    const under = lineFen - 20_000;
    const over = lineFen + 80_000;

    const page = await env.page();
    await signIn(page, 'xiangzhen');
    await page.goto(`/households/${target!.id}`);
    await settle(page);
    const header = page.locator('.ant-card').first();
    expect(await header.locator('.ant-tag[data-class]').first().getAttribute('data-class')).toBe('C');
    const perCapita = page.getByTestId('per-capita');
    expect(fenOf(await perCapita.locator('.ant-statistic-content-value').innerText())).toBe(toFen(income.perCapita));

    await page.getByRole('button', { name: /修改收入/ }).click();
    const box = page.getByLabel('外出务工收入', { exact: true });
    await box.fill(String(wageFor(under)));
    await expect.poll(async () => fenOf(await perCapita.locator('.ant-statistic-content-value').innerText())).toBe(under);
    expect(await page.locator('.stat-sub').filter({ hasText: '元（' }).first().innerText()).toMatch(/^未(超过|达到)/);
    await box.fill(String(wageFor(over)));
    await expect.poll(async () => fenOf(await perCapita.locator('.ant-statistic-content-value').innerText())).toBe(over);
    expect(await page.locator('.stat-sub').filter({ hasText: '元（' }).first().innerText()).toMatch(/^(超过|达到)/);
    await screenshot(page, 'income-editing');

    await page.getByRole('button', { name: /保\s*存/ }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain(formatFen(over));
    // No reason, no save.
    await dialog.getByRole('button', { name: /确认保存/ }).click();
    await dialog.getByText('请填写修改原因').waitFor();
    await dialog.getByLabel('修改原因').fill(REASON);
    await dialog.getByRole('button', { name: /确认保存/ }).click();

    const change = page.getByTestId('class-change');
    await change.waitFor();
    await settle(page);
    const changeText = await change.innerText();
    expect(changeText).toContain('C类');
    expect(changeText).toMatch(/C类\s*→\s*[AB]类/);
    const newClass = await header.locator('.ant-tag[data-class]').first().getAttribute('data-class');
    expect(['A', 'B']).toContain(newClass);
    await screenshot(page, 'income-saved');

    // The server agrees, and the list shows the new class too.
    const after = await pageApi<HouseholdDetailResponse>(page, `/api/households/${target!.id}`);
    expect(after.assessment!.class).toBe(newClass);
    expect(after.income!.lines.find((l) => l.code === 'migrantWage')!.amount).toBeCloseTo(wageFor(over), 2);

    await page.getByRole('tab', { name: '变更记录' }).click();
    const entry = page.locator('.ant-timeline-item').filter({ hasText: REASON });
    await entry.first().waitFor();
    const entryText = await entry.first().innerText();
    expect(entryText).toContain('外出务工收入');
    expect(entryText).toContain(account!.name);
    await settle(page);
    await screenshot(page, 'income-history');
  }, TEST_TIMEOUT);
});
