// Scenario: the township office sets the objection phone (监督电话) printed on its villages' notice
// lists from the 退出程序 page: a number without area code is refused in Chinese, a proper one is
// shown at once and printed on the notice list; the county default is not the township's to change.
import { expect, it } from 'vitest';
import { TEST_TIMEOUT, describeBrowser, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();

describeBrowser('退出程序：监督电话', () => {
  it(
    'a township user sets its township’s phone (a bad number refused) and the notice list prints it',
    async () => {
      const cun = env.server.server.demoAccounts?.find((a) => a.username === 'cun');
      expect(cun, '演示账户里没有村级用户').toBeDefined();
      const code = cun!.scope[0]!;

      const page = await env.page();
      await signIn(page, 'xiangzhen');
      await page.goto(`/villages/${code}/exit`);
      await settle(page);
      const card = page.getByTestId('objection-phone');
      await card.scrollIntoViewIfNeeded();
      // Two rows (county default, own township); only the township's has 修改.
      expect(await card.getByRole('button', { name: /^修\s*改$/ }).count()).toBe(1);
      await card.getByRole('button', { name: /^修\s*改$/ }).click();
      const input = card.locator('input');
      // By its text, not its accessible name: a screenshot taken while antd's loading icon fades out
      // (animations disabled) can leave the invisible icon's “loading” label in the name for good.
      const save = card.locator('button', { hasText: /^保\s*存$/ });
      await input.fill('8123456');
      await save.click();
      await card.getByText('监督电话“8123456”格式不对').waitFor();
      await settle(page);
      await screenshot(page, 'exit-phone-refused');

      await input.fill('（0931）8123456');
      await save.click();
      await card.getByText('0931-8123456').waitFor();
      expect(await card.locator('input').count()).toBe(0);
      await settle(page);
      await screenshot(page, 'exit-phone-saved');

      await page.goto(`/villages/${code}/exit/notice`);
      await settle(page);
      expect(await page.getByTestId('notice-sheet').innerText()).toContain('监督电话：0931-8123456');
    },
    TEST_TIMEOUT * 2,
  );
});
