// Scenario: a village work team keeps a household's members current. A newborn without an ID
// number is added at once; a daughter-in-law who married in is added with her ID number, which
// waits for the township; a wrong ID number is refused in Chinese; a son who moved out is removed
// with the reason. The township worker approves the marriage on 待审批 and the member appears.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeIdNumber } from '../../src/domain/idNumber.js';
import type { HouseholdDetailResponse, HouseholdListResponse } from '../../src/contract/api.js';
import { TEST_TIMEOUT, apiSignIn, chooseOption, describeBrowser, openDialog, pageApi, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();

async function choose(page: Page, label: string, option: string): Promise<void> {
  await chooseOption(page, page.getByRole('dialog').getByLabel(label, { exact: true }), option);
}

/** How many member rows show `name` (polled by the callers: the table redraws after a save). */
const rowsNamed = (page: Page, name: string) => () => page.locator('.ant-table-row').filter({ hasText: name }).count();

describeBrowser('成员变动', () => {
  it(
    'births apply at once, an added ID number waits for the township, a bad one is refused, a removal keeps its reason',
    async () => {
      const accounts = env.server.server.demoAccounts ?? [];
      const village = accounts.find((a) => a.username === 'cun')!;
      const admin = await apiSignIn(env.url, 'admin');
      const list = await admin.get<HouseholdListResponse>(`/api/households?village=${village.scope[0]}&pageSize=200`);
      let target: HouseholdDetailResponse | null = null;
      for (const h of list.items) {
        const d = await admin.get<HouseholdDetailResponse>(`/api/households/${h.id}`);
        if (d.members.length >= 3 && d.members.some((m) => m.relation === 'son') && d.household.attribute !== 'dibao') {
          target = d;
          break;
        }
      }
      expect(target, '该村没有有儿子的三口以上非低保户').not.toBeNull();
      const id = target!.household.id;
      const size = target!.members.length;
      const son = target!.members.find((m) => m.relation === 'son')!;

      const page = await env.page();
      await signIn(page, 'cun');
      await page.goto(`/households/${id}?tab=members`);
      await settle(page);
      const dialog = page.getByRole('dialog');

      // A birth, no ID number yet: applied at once.
      await openDialog(page, page.getByRole('button', { name: /新增成员/ }));
      await dialog.getByLabel('出生', { exact: true }).check();
      await dialog.getByLabel('姓名', { exact: true }).fill('测试新生儿');
      await choose(page, '与户主关系', '之孙子');
      await dialog.getByLabel('出生日期', { exact: true }).fill('2018-09-01');
      await dialog.getByLabel('出生日期', { exact: true }).press('Enter');
      await choose(page, '城乡居民基本医疗保险', '已参保');
      await choose(page, '大病保险', '已参保');
      await screenshot(page, 'member-add-dialog');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('已保存并重新评估').first().waitFor();
      await settle(page);
      await page.getByRole('tab', { name: `家庭成员（${size + 1}人）` }).waitFor();
      await expect.poll(rowsNamed(page, '测试新生儿')).toBe(1);
      // Insured at birth: the medical indicator does not name the newborn.
      const born = await pageApi<HouseholdDetailResponse>(page, `/api/households/${id}`);
      expect(born.members.find((x) => x.name === '测试新生儿')).toMatchObject({ basicMedical: true, criticalIllness: true });
      expect(JSON.stringify(born.assessment?.summary ?? [])).not.toContain('测试新生儿');

      // A wrong check character: refused, the dialog stays open with what was typed.
      const good = makeIdNumber('620521', '1996-04-12', 24);
      const bad = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
      await openDialog(page, page.getByRole('button', { name: /新增成员/ }));
      await dialog.getByLabel('婚入', { exact: true }).check();
      await dialog.getByLabel('姓名', { exact: true }).fill('测试儿媳');
      await choose(page, '与户主关系', '之儿媳');
      await dialog.getByLabel('证件号码', { exact: true }).fill(bad);
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page
        .getByText(/证件号码有误：身份证号“.+”校验位应为/)
        .first()
        .waitFor();
      await dialog.waitFor({ state: 'visible' });

      // Corrected: it now waits for the township.
      await dialog.getByLabel('证件号码', { exact: true }).fill(good);
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('已提交，待乡镇审核').first().waitFor();
      await settle(page);
      const banner = page.getByTestId('pending-banner');
      await expect.poll(() => banner.innerText()).toContain('新增成员：测试儿媳');
      const bannerText = await banner.innerText();
      expect(bannerText).toContain('新增成员：测试儿媳（之儿媳，女，1996-04-12出生，证件号码');
      expect(bannerText, 'the village sees the ID number masked').not.toContain(good);
      await expect.poll(rowsNamed(page, '测试儿媳')).toBe(0);

      // The son moved out.
      await chooseOption(page, page.getByLabel('选择成员'), new RegExp(son.name));
      await openDialog(page, page.getByRole('button', { name: /减少成员/ }));
      await dialog.getByLabel('迁出', { exact: true }).check();
      await dialog.getByLabel('说明（原因为“其他”时必填）').fill('迁往县城');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('已保存并重新评估').first().waitFor();
      await settle(page);
      await expect.poll(rowsNamed(page, son.name)).toBe(0);
      await screenshot(page, 'member-pending-banner');

      // A correction starts from the member's current values; only what changed is sent.
      const head = target!.members.find((m) => m.relation === 'head')!;
      await chooseOption(page, page.getByLabel('选择成员'), new RegExp(head.name));
      await openDialog(page, page.getByRole('button', { name: /更正信息/ }));
      // The dialog animates in and its form mounts with it: wait for the values, do not sample once.
      await expect.poll(() => dialog.getByLabel('姓名', { exact: true }).inputValue()).toBe(head.name);
      await choose(page, '文化程度', '大专及以上');
      await dialog.getByLabel('更正原因', { exact: true }).fill('核对毕业证书');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await expect
        .poll(async () => (await pageApi<HouseholdDetailResponse>(page, `/api/households/${id}`)).members.find((m) => m.id === head.id)?.education)
        .toBe('大专及以上');
      await settle(page);

      // A household correction: the work team applies at once, the poverty attribute waits.
      await page.getByRole('tab', { name: '基本情况' }).click();
      await openDialog(page, page.getByRole('button', { name: /更正户信息/ }));
      await dialog.getByLabel('驻村工作队', { exact: true }).fill('县农业农村局驻村工作队');
      await choose(page, '贫困户属性', '低保贫困户');
      await dialog.getByLabel('更正原因', { exact: true }).fill('工作队轮换；已纳入农村低保');
      await screenshot(page, 'household-correct-dialog');
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await page.getByText('已提交，待乡镇审核').first().waitFor();
      await settle(page);
      const corrected = await pageApi<HouseholdDetailResponse>(page, `/api/households/${id}`);
      // One change with a sensitive field is one request: neither field has changed yet.
      expect(corrected.household.attribute).toBe(target!.household.attribute);
      await expect.poll(() => page.getByTestId('pending-banner').innerText()).toContain('贫困户属性');

      // The township approves the marriage.
      const tp = await env.page();
      await signIn(tp, 'xiangzhen');
      await tp.goto('/approvals');
      await settle(tp);
      const card = tp.getByTestId('change-request').filter({ hasText: id }).filter({ hasText: '测试儿媳' });
      await card.waitFor();
      await screenshot(tp, 'approvals-member');
      await card.getByRole('button', { name: /批\s*准/ }).click();
      await tp.getByTestId('approval-outcome').waitFor();
      await settle(tp);
      const attrCard = tp.getByTestId('change-request').filter({ hasText: id }).filter({ hasText: '贫困户属性' });
      await expect.poll(() => attrCard.innerText()).toContain('驻村工作队');
      await attrCard.getByRole('button', { name: /批\s*准/ }).click();
      await expect.poll(() => tp.getByTestId('change-request').filter({ hasText: id }).count()).toBe(0);
      await settle(tp);

      const after = await pageApi<HouseholdDetailResponse>(tp, `/api/households/${id}`);
      expect(after.members.map((m) => m.name)).toEqual(expect.arrayContaining(['测试新生儿', '测试儿媳']));
      expect(after.members.map((m) => m.name)).not.toContain(son.name);
      expect(after.household).toMatchObject({ attribute: 'dibao', workTeam: '县农业农村局驻村工作队' });
      const texts = after.history.map((h) => h.text);
      expect(texts.some((t) => t.includes('新增 成员 测试新生儿（原因：出生）'))).toBe(true);
      expect(texts.some((t) => t.includes(`删除 成员 ${son.name}（原因：迁出：迁往县城）`))).toBe(true);
      expect(texts.some((t) => t.includes('批准') && t.includes('新增 成员 测试儿媳'))).toBe(true);
      await tp.goto(`/households/${id}?tab=history`);
      // The history tab's content first, then the rest of the page.
      await tp.locator('.ant-timeline-item').first().waitFor();
      await settle(tp);
      await screenshot(tp, 'member-history');
    },
    TEST_TIMEOUT * 2,
  );
});
