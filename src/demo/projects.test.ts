import { beforeEach, describe, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { seedCounty } from '../../test/fixtures/data.js';
import { balances, moneyWarnings } from '../domain/projects.js';
import { DEFAULT_PROJECT_SETTINGS } from '../domain/rulebook.js';
import { storeDemoProjects } from '../services/demoProjects.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { demoProjects } from './projects.js';

const villages = Array.from({ length: 150 }, (_, i) => ({
  code: `6299011${String(100 + Math.floor(i / 10)).padStart(3, '0')}${String(201 + (i % 10))}`,
  name: `第${i + 1}村`,
  households: Array.from({ length: 40 }, (_, j) => `h${i}-${j}`),
}));
const opts = { seed: 2018, year: 2018, today: '2018-11-20', settings: DEFAULT_PROJECT_SETTINGS, villages, countyCode: '629901' };

describe('demo project library', () => {
  it('is deterministic, a few hundred projects, never disbursing more than allocated, with a few late ones', () => {
    const a = demoProjects(opts);
    expect(demoProjects(opts)).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(200);
    let late = 0;
    for (const p of a) {
      for (const b of balances(p.allocations, p.disbursements)) expect(b.available, p.project.id).toBeGreaterThanOrEqual(0);
      for (const d of [...p.allocations, ...p.disbursements, ...p.statuses]) expect(d.date <= opts.today).toBe(true);
      if (moneyWarnings(2018, p.allocations, p.disbursements, opts.today, DEFAULT_PROJECT_SETTINGS).length > 0) late += 1;
    }
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(a.length / 2);
    expect(a.some((p) => p.notices.length > 0 && p.project.households.length > 0)).toBe(true);
  });
});

describeEachDialect('demo project library stored', (testDb) => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore(await testDb.fresh());
    await seedCounty(store);
    return () => closeCheckingChain(store);
  });

  it('is stored once, through the change log', async () => {
    const ctx = { store, actor: { id: 'system', name: '系统' }, clock: () => '2018-11-20T02:00:00.000Z' };
    const n = await storeDemoProjects(ctx, 2018);
    expect(n).toBeGreaterThan(0);
    expect(await storeDemoProjects(ctx, 2018)).toBe(0);
    const list = await store.projects.list(ALL);
    expect(list).toHaveLength(n);
    const money = await store.projects.money(list.map((p) => p.id));
    expect(money.allocations.length).toBeGreaterThan(0);
    expect(money.disbursements.length).toBeGreaterThan(0);
  });
});
