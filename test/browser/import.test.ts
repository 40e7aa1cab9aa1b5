// Scenario: the county office uploads a roster in which one member's ID number has a wrong check
// character. The page rejects the whole file, names the sheet, row and column of the bad cell
// with the reason, offers the error workbook, and not a single household is added.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { HouseholdListResponse } from '../../src/contract/api.js';
import { checkCharacter, makeIdNumber } from '../../src/domain/idNumber.js';
import { readWithOpenpyxl } from '../kits/readBack.js';
import { TEST_TIMEOUT, describeBrowser, pageApi, screenshot, settle, shownTotal, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
const dir = mkdtempSync(join(tmpdir(), 'tuopin-browser-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One new household of two in 城关镇枣窑村; the spouse's ID number ends in the wrong character. */
function brokenRoster(): { file: string; badId: string } {
  const head = makeIdNumber('629901', '1975-03-08', 11);
  const good = makeIdNumber('629901', '1978-09-20', 22);
  const right = checkCharacter(good.slice(0, 17));
  const badId = good.slice(0, 17) + (right === '0' ? '1' : '0');
  const lines = [
    '户编号,人编号,姓名,证件号码,与户主关系,行政区划代码,贫困户属性,脱贫属性',
    `6299011012019901,629901101201990101,赵永福,${head},户主,629901101201,一般贫困户,未脱贫`,
    `6299011012019901,629901101201990102,孙桂兰,${badId},配偶,629901101201,一般贫困户,未脱贫`,
  ];
  const file = join(dir, '错误花名册.csv');
  writeFileSync(file, `${lines.join('\r\n')}\r\n`, 'utf8');
  return { file, badId };
}

describeBrowser('导入有错误的花名册', () => {
  it(
    'a roster with a bad ID check character is refused: sheet/row/column message, error workbook, nothing stored',
    async () => {
      const { file, badId } = brokenRoster();
      const page = await env.page();
      await signIn(page, 'admin');
      const before = await pageApi<HouseholdListResponse>(page, '/api/households?pageSize=1');
      expect(before.total).toBe(env.server.households);

      await page.goto('/import');
      await settle(page);
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByRole('button', { name: /开始导入/ }).click();
      await page.getByText('导入未通过，没有保存任何数据').waitFor({ timeout: 30_000 });
      await settle(page);

      // The bad cell, as a person reads it: which sheet, which row, which column, what is wrong.
      const issues = page.locator('.ant-table-row').filter({ hasText: badId });
      expect(await issues.count()).toBe(1);
      const cells = (await issues.first().locator('td').allInnerTexts()).map((t) => t.trim());
      const [sheet, row, column, value, message] = cells;
      expect(sheet).not.toBe('');
      expect(row).toBe('3');
      expect(column).toContain('证件号码');
      expect(value).toBe(badId);
      expect(message).toMatch(/校验位应为/);
      await screenshot(page, 'import-rejected', { fullPage: true });

      // The error workbook comes down and opens.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /下载错误报告/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const report = join(dir, download.suggestedFilename());
      await download.saveAs(report);
      const wb = readWithOpenpyxl(report);
      const text = wb.sheets
        .flatMap((s) => s.values.flat())
        .map((v) => String(v ?? ''))
        .join('\n');
      expect(text).toContain(badId);

      // Nothing stored: the same count, and the new household number is not found.
      const after = await pageApi<HouseholdListResponse>(page, '/api/households?pageSize=1');
      expect(after.total).toBe(before.total);
      await page.goto('/households?q=6299011012019901');
      await settle(page);
      await page.getByText('没有符合条件的农户').waitFor();
      await page.goto('/households');
      await settle(page);
      expect(await shownTotal(page)).toBe(before.total);
    },
    TEST_TIMEOUT,
  );
});
