// Storing the demo county's project library on first start (after the roster is in), through the
// project repository so every row is in the change log like any other write.
import { demoProjects } from '../demo/projects.js';
import { ALL } from '../store/index.js';
import type { ServiceContext } from './context.js';
import { chinaDate } from './history.js';
import { projectSettings } from './projects.js';
import { activeRulebook } from './rulebooks.js';

export async function storeDemoProjects(ctx: ServiceContext, seed: number): Promise<number> {
  const { store } = ctx;
  if ((await store.projects.list(ALL)).length > 0) return 0;
  const rulebook = await activeRulebook(store);
  const settings = await projectSettings(store);
  const regions = await store.regions.list(ALL);
  const records = await store.registry.loadRecords(ALL);
  const byVillage = new Map<string, string[]>();
  for (const r of records) byVillage.set(r.household.villageCode, [...(byVillage.get(r.household.villageCode) ?? []), r.household.id]);
  const villages = regions
    .filter((r) => r.level === 'village')
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((r) => ({ code: r.code, name: r.name, households: (byVillage.get(r.code) ?? []).sort() }));
  // The demo's own day, so nothing is dated after the day the demo runs on.
  const today = rulebook.demoToday ?? chinaDate(ctx.clock());
  const plans = demoProjects({ seed, year: rulebook.year, today, settings, villages, countyCode: regions.find((r) => r.level === 'county')?.code ?? null });
  const at = ctx.clock();
  await store.transaction(async (trx) => {
    await store.projects.createMany(
      trx,
      plans.map((p) => p.project),
      ctx.actor,
      '演示县项目库',
      at,
      'demo-projects',
    );
    for (const p of plans) {
      for (const s of p.statuses) await store.projects.changeStatus(trx, p.project.id, s.to, s.date, null, ctx.actor, at);
      for (const a of p.allocations) await store.projects.addMoney(trx, 'allocation', p.project.id, a, ctx.actor, at);
      for (const d of p.disbursements) await store.projects.addMoney(trx, 'disbursement', p.project.id, d, ctx.actor, at);
      for (const n of p.notices) {
        const posted = await store.projects.postNotice(trx, p.project.id, 'plan', n.villageCode, n.postedOn, ctx.actor, at);
        if (n.endedOn !== null && n.endedOn <= today) await store.projects.endNotice(trx, posted.id, n.endedOn, ctx.actor, at);
      }
    }
  });
  return plans.length;
}
