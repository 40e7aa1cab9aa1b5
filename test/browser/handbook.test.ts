// Scenario: a village worker records an assistance measure for a household of the village, then
// prints the household handbook (户册). The PDF Chromium prints is A4, carries the head's name and
// the new measure, and — because the handbook is kept at the household and shown to visitors —
// no member's full ID number or phone, read back by poppler's pdftotext (someone else's reader).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { HouseholdDetailResponse, HouseholdListResponse } from '../../src/contract/api.js';
import { TEST_TIMEOUT, apiSignIn, chooseOption, describeBrowser, screenshot, settle, signIn, useBrowserEnv, SCREENSHOT_DIR } from './harness.js';

const env = useBrowserEnv();
const CONTENT = '养殖肉牛2头（户册测试）';

function tool(name: string): string | null {
  try {
    execFileSync('which', [name], { stdio: 'pipe' });
    return name;
  } catch {
    return null;
  }
}

describeBrowser('一户一策与户册打印', () => {
  it(
    'a village user adds a measure through the form, opens the handbook and prints an A4 PDF without full ID numbers or phones',
    async () => {
      const pdftotext = tool('pdftotext');
      const pdfinfo = tool('pdfinfo');
      if (process.env['CI'] === 'true') expect(pdftotext && pdfinfo, '缺少 poppler-utils（pdftotext / pdfinfo）').toBeTruthy();

      // The village user's first household; the office (full values) tells us what must not be printed.
      const village = await apiSignIn(env.url, 'cun');
      const list = await village.get<HouseholdListResponse>('/api/households?pageSize=20');
      const target = list.items.find((h) => (h.size ?? 0) >= 2) ?? list.items[0];
      expect(target, '村级用户没有可见的农户').toBeDefined();
      const admin = await apiSignIn(env.url, 'admin');
      const full = await admin.get<HouseholdDetailResponse>(`/api/households/${target!.id}`);
      const head = full.members.find((m) => m.relation === 'head') ?? full.members[0]!;
      const secrets = [
        ...full.members.flatMap((m) => [m.idNumber, m.phone]),
        full.household.phone,
        full.household.cadre?.phone,
        full.household.bankAccount,
      ].filter((v): v is string => typeof v === 'string' && v.length >= 7);
      expect(
        secrets.some((s) => s.length === 18),
        '测试户应有 18 位身份证号',
      ).toBe(true);

      const page = await env.page();
      await signIn(page, 'cun');
      await page.goto(`/households/${target!.id}?tab=plan`);
      await settle(page);
      await page.getByRole('button', { name: /新增措施/ }).click();
      const dialog = page.getByRole('dialog');
      await chooseOption(page, dialog.getByLabel('措施类别'), /产业类/);
      await dialog.getByLabel('措施内容').fill(CONTENT);
      await dialog.getByLabel('责任单位').fill('县农业农村局');
      await dialog.getByLabel('责任人').fill('王某');
      await dialog.getByLabel('到户资金（元）').fill('6000');
      await dialog.getByLabel('开始日期').fill('2018-09-01');
      await dialog.getByLabel('开始日期').press('Enter');
      // An end before the start is refused in the form.
      await dialog.getByLabel('结束日期').fill('2018-08-01');
      await dialog.getByLabel('结束日期').press('Enter');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.getByText('结束日期不能早于开始日期').waitFor();
      await dialog.getByLabel('结束日期').fill('2018-12-31');
      await dialog.getByLabel('结束日期').press('Enter');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      const row = page.getByTestId('measures').locator('tr').filter({ hasText: CONTENT });
      await row.waitFor();
      const rowText = await row.innerText();
      expect(rowText).toContain('产业类');
      expect(rowText).toContain('6000 元');
      expect(rowText).toContain('2018-09-01 至 2018-12-31');
      await settle(page);
      await screenshot(page, 'plan-panel');

      // 打印户册 opens the print page in a new tab, without the app's menu.
      const [book] = await Promise.all([
        page.context().waitForEvent('page'),
        page
          .getByRole('button', { name: /打印户册/ })
          .first()
          .click(),
      ]);
      await book.waitForLoadState();
      await book.getByTestId('handbook').waitFor();
      await settle(book);
      expect(new URL(book.url()).pathname).toBe(`/households/${target!.id}/handbook`);
      expect(await book.locator('.ant-layout-sider').count(), '户册页不应有侧边菜单').toBe(0);
      const shown = await book.getByTestId('handbook').innerText();
      expect(shown).toContain(head.name);
      expect(shown).toContain(CONTENT);
      expect(shown).toContain('户主签字');
      expect(shown).toContain('帮扶责任人签字');
      expect(shown).toContain('村委会（盖章）');
      for (const s of secrets) expect(shown, `户册页面出现了未隐去的 ${s}`).not.toContain(s);
      await book.setViewportSize({ width: 900, height: 1200 });
      await screenshot(book, 'handbook', { fullPage: true });

      await book.emulateMedia({ media: 'print' });
      const pdf = await book.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = join(SCREENSHOT_DIR, 'handbook.pdf');
      writeFileSync(file, pdf);

      if (pdfinfo !== null && pdftotext !== null) {
        const info = execFileSync(pdfinfo, [file], { encoding: 'utf8' });
        const size = /Page size:\s*([\d.]+) x ([\d.]+) pts/.exec(info);
        expect(size, info).not.toBeNull();
        // A4 = 595.28 × 841.89 pt (Chromium rounds to whole pixels at 96 dpi).
        expect(Math.abs(Number(size![1]) - 595.28)).toBeLessThan(2);
        expect(Math.abs(Number(size![2]) - 841.89)).toBeLessThan(2);
        const text = execFileSync(pdftotext, ['-layout', file, '-'], { encoding: 'utf8' });
        const flat = text.replace(/\s+/g, '');
        expect(flat).toContain(head.name);
        expect(flat).toContain(CONTENT.replace(/\s+/g, ''));
        expect(flat).toContain('户主签字');
        // No 18-character ID number and no 11-digit mobile number anywhere in the printed text.
        expect(text.match(/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g) ?? []).toEqual([]);
        expect(text.match(/(?<!\d)1\d{10}(?!\d)/g) ?? []).toEqual([]);
        for (const s of secrets) expect(flat).not.toContain(s);
      }
    },
    TEST_TIMEOUT * 2,
  );
});
