// The demo runs on its own day (the rulebook's demoToday, 2018-11-20): tasks due by the year-end
// deadline are not overdue there, though the real calendar is years past them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { loadRulebook } from '../rulebooks/loader.js';
import { openStore } from '../store/index.js';
import { demoClock } from './context.js';
import { seedCounty, viewersFor } from '../../test/fixtures/data.js';
import { chinaDate } from './history.js';
import { listTasks } from './tasks.js';

const REAL = '2026-03-01T20:30:00.000Z'; // 2026-03-02 04:30 in China

describe('demo clock', () => {
  it('moves the real clock by whole days to the demo day, keeping the time of day and its running on', () => {
    let t = Date.parse(REAL);
    const clock = demoClock('2018-11-20', () => new Date(t).toISOString());
    expect(chinaDate(clock())).toBe('2018-11-20');
    expect(clock()).toBe('2018-11-19T20:30:00.000Z');
    t += 20 * 3_600_000; // China midnight passes: the demo day turns too
    expect(chinaDate(clock())).toBe('2018-11-21');
  });

  it('seed-county-2018 names its demo day inside the autumn push, before the task deadline', () => {
    const rb = loadRulebook('seed-county-2018');
    expect(rb.demoToday).toBe('2018-11-20');
    expect(rb.demoToday! < rb.tasks.deadline).toBe(true);
  });

  it('demo tasks due 2018-12-31 are not 已逾期 under the demo clock (they are under the real one)', async () => {
    const real = () => REAL;
    // A fresh file: the store resolves paths, so ':memory:' would be a file named so in the cwd.
    const store = await openStore(join(mkdtempSync(join(tmpdir(), 'tuopin-demo-clock-')), 'county.db'), { clock: real });
    try {
      const s = await seedCounty(store, { clock: real });
      const v = viewersFor(s).county;
      const demo = await listTasks({ store, actor: { id: v.userId, name: v.name }, clock: demoClock('2018-11-20', real) }, v, { pageSize: 500 });
      expect(demo.today).toBe('2018-11-20');
      const yearEnd = demo.items.filter((t) => t.dueDate === '2018-12-31' && (t.status === 'open' || t.status === 'in-progress'));
      expect(yearEnd.length).toBeGreaterThan(0);
      expect(yearEnd.filter((t) => t.overdue)).toEqual([]);
      const onRealClock = await listTasks({ store, actor: { id: v.userId, name: v.name }, clock: real }, v, { pageSize: 500 });
      expect(onRealClock.items.filter((t) => t.dueDate === '2018-12-31' && (t.status === 'open' || t.status === 'in-progress')).every((t) => t.overdue)).toBe(
        true,
      );
    } finally {
      await closeCheckingChain(store);
    }
  });
});
