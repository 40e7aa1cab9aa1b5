// Scenario: a village team opens the app once with signal, takes its village along, then walks to
// households in a valley without any (docs/offline.md). The app reopens from the service worker's
// cache; an income form and a task completion with a photo are recorded into the phone's queue;
// back in signal they reach the server as a change request and a completed task. When someone
// changed the record on the server meanwhile, the phone shows the conflict and the person decides.
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { OfflineVillageResponse } from '../../src/contract/offline.js';
import type { ChangeRequestListResponse } from '../../src/contract/api.js';
import type { TaskListResponse } from '../../src/contract/tasks.js';
import { INCOME_ITEMS } from '../../src/domain/incomeItems.js';
import { LAPTOP, TEST_TIMEOUT, apiSignIn, describeBrowser, pageApi, screenshot, settle, signIn, useBrowserEnv } from './harness.js';

const env = useBrowserEnv();
const PHONE = { width: 390, height: 844 } as const;
const POLL = { timeout: 20_000 } as const;
/** A 1×1 PNG standing in for the camera's photo. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const WAGE = INCOME_ITEMS.find((d) => d.category === 'wage')!;

/** The app registered its worker by itself; wait until it controls the page. */
async function controlledByWorker(page: Page): Promise<void> {
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), POLL).toBe(true);
}

async function takeVillageAlong(page: Page): Promise<OfflineVillageResponse> {
  await signIn(page, 'cun');
  await settle(page);
  await controlledByWorker(page);
  await page.goto('/offline');
  await page.getByRole('button', { name: /带走本村数据/ }).click();
  await page
    .getByText(/已带走本村数据/)
    .first()
    .waitFor();
  return pageApi<OfflineVillageResponse>(page, '/api/offline/village');
}

async function recordIncome(page: Page, householdId: string, amount: number, reason: string): Promise<void> {
  await page.locator(`[data-household="${householdId}"]`).click();
  await page.getByTestId('offline-household').getByRole('button', { name: '收入测算表' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(`${WAGE.label}（元）`).fill(String(amount));
  await dialog.getByLabel('修改原因').fill(reason);
  await dialog.getByRole('button', { name: '存入离线队列' }).click();
  await expect.poll(() => dialog.count(), POLL).toBe(0);
}

/** How many records the phone keeps in one of the offline store's object stores (docs/offline.md). */
function storedCount(page: Page, store: 'meta' | 'queue'): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const req = indexedDB.open('tuopin-offline');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('${store}')) { db.close(); resolve(0); return; }
      const count = db.transaction('${store}').objectStore('${store}').count();
      count.onsuccess = () => { db.close(); resolve(count.result); };
    };
  })`);
}

const queueCards = (page: Page, state: string) => page.locator(`[data-queue-state="${state}"]`);

async function openQueue(page: Page): Promise<void> {
  const back = page.getByRole('button', { name: '返回农户列表' });
  if ((await back.count()) > 0) await back.click();
  await page.getByRole('tab', { name: /离线队列/ }).click();
}

describeBrowser('离线采集', () => {
  it(
    'after one visit with signal, the app reloads with the browser offline (service worker, manifest)',
    async () => {
      const page = await env.page({ viewport: PHONE });
      await signIn(page, 'cun');
      await settle(page);
      await controlledByWorker(page);
      const manifest = await page.evaluate(async () => (await fetch('/manifest.webmanifest')).json());
      expect(manifest).toMatchObject({ name: '脱贫退出核验系统', lang: 'zh-CN' });

      await page.context().setOffline(true);
      await page.reload();
      await expect.poll(() => page.title()).toBe('脱贫退出核验系统');
      // The app itself ran (React replaced the boot text), not the browser's offline page.
      await expect.poll(() => page.locator('#boot').count()).toBe(0);
      // Nothing was taken along on this phone: the app says it cannot reach the server, with a retry.
      await expect.poll(() => page.locator('#root').innerText()).toContain('无法连接服务器');
      await screenshot(page, 'offline-reload-390');
      await page.context().setOffline(false);
    },
    TEST_TIMEOUT,
  );

  it(
    'offline: an income form and a task completion with a photo queue on the phone; online again they reach the server as a change request and a completed task',
    async () => {
      const page = await env.page({ viewport: PHONE });
      const pkg = await takeVillageAlong(page);
      // Any task the village team may close: the close-out form of its indicator (water, housing, …) is
      // the same as online, with the online form's defaults; food-and-hygiene uses the package's checklist.
      const task = pkg.tasks.find((t) => t.steps.includes('complete'));
      expect(task, `演示村没有村级账号可以完成的待办任务：${JSON.stringify(pkg.tasks.map((t) => [t.indicator, t.status, t.steps]))}`).toBeTruthy();
      const householdId = task!.householdId;

      await page.context().setOffline(true);
      await page.reload();
      await page.getByTestId('offline-workspace').waitFor();
      await expect.poll(() => page.getByTestId('offline-status').innerText()).toContain('离线');

      await recordIncome(page, householdId, 23456, '入户核实（离线）');
      await screenshot(page, 'offline-household-390', { fullPage: true });

      await page
        .locator(`[data-task="${task!.id}"]`)
        .getByRole('button', { name: /^完\s*成$/ })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('完成情况说明').fill('入户核实，已整改到位');
      if (task!.indicator === 'food-clothing') for (const item of pkg.hygieneChecklist) await dialog.getByRole('checkbox', { name: item }).check();
      if (task!.indicator === 'water') {
        await dialog.getByLabel('解决方式').fill('自来水入户');
        await dialog.getByLabel('人均日供水量（升）').fill('45');
      }
      if (task!.indicator === 'education') await dialog.getByLabel('返校就读学校').fill('县第二中学');
      const camera = dialog.locator('input[type=file]');
      expect(await camera.getAttribute('capture')).toBe('environment');
      expect(await camera.getAttribute('accept')).toBe('image/*');
      await camera.setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
      await dialog.getByText('现场照片.png').waitFor();
      await screenshot(page, 'offline-task-complete-390');
      await dialog.getByRole('button', { name: '存入离线队列' }).click();
      await expect.poll(() => dialog.count(), POLL).toBe(0);

      await openQueue(page);
      await expect.poll(() => queueCards(page, 'waiting').count(), POLL).toBe(2);
      await screenshot(page, 'offline-queue-waiting-390', { fullPage: true });
      // Offline is the expected state here: no page load complains that the server is out of reach.
      expect(await page.getByText('无法连接服务器').count()).toBe(0);

      // Back in signal: the queue goes out by itself.
      await page.context().setOffline(false);
      await expect.poll(() => queueCards(page, 'sent').count(), POLL).toBe(2);
      expect(await queueCards(page, 'waiting').count()).toBe(0);
      await screenshot(page, 'offline-queue-sent-390', { fullPage: true });

      const town = await apiSignIn(env.url, 'xiangzhen');
      const requests = await town.get<ChangeRequestListResponse>(`/api/change-requests?household=${householdId}`);
      const income = requests.items.find((r) => r.kind === 'income-edit' && r.reason === '入户核实（离线）');
      expect(income, JSON.stringify(requests.items.map((r) => [r.kind, r.reason]))).toBeTruthy();
      expect(income!.lines.join('\n')).toContain('23456');
      const tasks = await town.get<TaskListResponse>(`/api/tasks?household=${householdId}&pageSize=50`);
      const done = tasks.items.find((t) => t.id === task!.id)!;
      expect(done.status).toBe('done');
      expect(done.evidenceNote).toBe('入户核实，已整改到位');
      expect(done.attachments).toBe(1);
    },
    TEST_TIMEOUT * 2,
  );

  it(
    'a form changed on the server meanwhile comes back as a conflict: theirs and mine side by side, nothing overwritten; keeping mine sends it on the current version',
    async () => {
      const page = await env.page({ viewport: PHONE });
      const pkg = await takeVillageAlong(page);
      const town = await apiSignIn(env.url, 'xiangzhen');
      // A household without requests waiting, so the server-side edit below is the only one.
      let target: string | null = null;
      for (const h of pkg.households) {
        const open = await town.get<ChangeRequestListResponse>(`/api/change-requests?household=${h.household.id}&status=pending`);
        if (open.items.length === 0) {
          target = h.household.id;
          break;
        }
      }
      expect(target, '演示村没有可用的户').not.toBeNull();
      const id = target!;

      // Someone else (the village office's other phone, approved by the township) changes the form.
      const other = await apiSignIn(env.url, 'cun');
      const edit = await other.fetch(`/api/households/${id}/income`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: { [WAGE.code]: 11111 }, note: null, reason: '他人在线修改' }),
      });
      expect(edit.status, await edit.clone().text()).toBe(200);
      const out = (await edit.json()) as { status: string; request: { id: string } | null };
      if (out.status === 'pending') {
        const ok = await town.fetch(`/api/change-requests/${out.request!.id}/approve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"reason":null}',
        });
        expect(ok.status, await ok.clone().text()).toBe(200);
      }

      // The phone, without signal, records the same form on the version it took along.
      await page.context().setOffline(true);
      await expect.poll(() => page.getByTestId('offline-status').innerText()).toContain('离线');
      await recordIncome(page, id, 22222, '入户核实（离线，冲突）');
      await page.context().setOffline(false);

      await openQueue(page);
      await expect.poll(() => queueCards(page, 'conflict').count(), POLL).toBe(1);
      expect(await queueCards(page, 'conflict').innerText()).toContain('已被他人修改');
      // Nothing of mine reached the server.
      const before = await town.get<ChangeRequestListResponse>(`/api/change-requests?household=${id}`);
      expect(before.items.some((r) => r.reason === '入户核实（离线，冲突）')).toBe(false);

      await queueCards(page, 'conflict').getByRole('button', { name: '处理冲突' }).click();
      const table = page.getByTestId('conflict-table');
      await expect.poll(() => table.innerText(), POLL).toContain('11111');
      expect(await table.innerText()).toContain('22222');
      await screenshot(page, 'offline-conflict-390');
      await page.getByRole('dialog').getByRole('button', { name: '保留我的' }).click();

      await expect.poll(() => queueCards(page, 'sent').count(), POLL).toBe(1);
      const after = await town.get<ChangeRequestListResponse>(`/api/change-requests?household=${id}`);
      const mine = after.items.find((r) => r.reason === '入户核实（离线，冲突）');
      expect(mine, JSON.stringify(after.items.map((r) => r.reason))).toBeTruthy();
      expect(mine!.lines.join('\n')).toContain('22222');
    },
    TEST_TIMEOUT * 2,
  );

  it(
    'a member correction made offline reaches the server as a change; signing out asks about what is unsent and then removes the village from the phone',
    async () => {
      const page = await env.page({ viewport: PHONE });
      const pkg = await takeVillageAlong(page);
      expect(await storedCount(page, 'meta')).toBe(1);
      const h = pkg.households.find((x) => x.members.length > 1) ?? pkg.households[0]!;
      const member = h.members[h.members.length - 1]!;

      await page.context().setOffline(true);
      await page.locator(`[data-household="${h.household.id}"]`).click();
      await page
        .getByTestId('offline-household')
        .locator('.ant-card', { hasText: member.name })
        .getByRole('button', { name: /^更\s*正$/ })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('务工地点').fill('兰州市七里河区');
      await dialog.getByLabel('更正原因').fill('入户核实（离线）');
      await dialog.getByRole('button', { name: '存入离线队列' }).click();
      await expect.poll(() => dialog.count(), POLL).toBe(0);
      // A visit record waits on the phone: there is no endpoint for it on this branch yet.
      await page.getByTestId('offline-household').getByRole('button', { name: '走访记录' }).click();
      await dialog.getByLabel('走访情况').fill('户主在家，了解务工情况');
      await dialog.getByRole('button', { name: '存入离线队列' }).click();
      await expect.poll(() => dialog.count(), POLL).toBe(0);

      await page.context().setOffline(false);
      await openQueue(page);
      await expect.poll(() => queueCards(page, 'sent').count(), POLL).toBe(1);
      expect(await queueCards(page, 'held').count()).toBe(1);
      const town = await apiSignIn(env.url, 'xiangzhen');
      const requests = await town.get<ChangeRequestListResponse>(`/api/change-requests?household=${h.household.id}`);
      const detail = await town.get<{ history: unknown[] }>(`/api/households/${h.household.id}`);
      // Applied at once (in the history) or waiting for the township (a request): the server has it, with its reason.
      expect(JSON.stringify([requests.items, detail.history])).toContain('入户核实（离线）');

      // Signing out with the visit record still on the phone: asked first; staying keeps everything.
      let asked = '';
      page.once('dialog', (d) => {
        asked = d.message();
        void d.dismiss();
      });
      await page.locator('.logout-btn').click();
      await expect.poll(() => asked).toContain('尚未发送');
      expect(await storedCount(page, 'meta')).toBe(1);
      page.once('dialog', (d) => void d.accept());
      await page.locator('.logout-btn').click();
      await page.waitForURL(/\/login/);
      expect(await storedCount(page, 'meta')).toBe(0);
      expect(await storedCount(page, 'queue')).toBe(0);
    },
    TEST_TIMEOUT * 2,
  );

  it(
    'the village team finds 离线采集 in its menu (other roles do not), with the village ready to take along',
    async () => {
      const page = await env.page({ viewport: LAPTOP });
      await signIn(page, 'cun');
      await settle(page);
      await page.getByRole('menuitem', { name: /离线采集/ }).click();
      await page.getByTestId('offline-workspace').waitFor();
      await page.getByRole('button', { name: /带走本村数据|更新本村数据/ }).click();
      await page
        .getByText(/已带走本村数据/)
        .first()
        .waitFor();
      await screenshot(page, 'offline-page-1366');
      await page.context().close();

      const town = await env.page({ viewport: LAPTOP });
      await signIn(town, 'xiangzhen');
      await settle(town);
      expect(await town.getByRole('menuitem', { name: /离线采集/ }).count()).toBe(0);
      await town.goto('/offline');
      await town.getByText('没有权限访问此页面').waitFor();
    },
    TEST_TIMEOUT,
  );
});
