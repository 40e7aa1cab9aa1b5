// The exit procedure as the office runs it, on SQLite and PostgreSQL: batch steps for a
// village's pre-exit households, refusals that store nothing, the notice, objections, 销号.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { isExitReadyClass } from '../domain/classes.js';
import { addDays, procedureDef, type ExitStep, type StepInput } from '../domain/exitProcedure.js';
import { loadRulebook } from '../rulebooks/loader.js';
import { ALL, openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { ExitRefused, householdExit, recordHouseholdSteps, recordObjection, recordVillageStep, resolveObjection, villageExit } from './exitProcedure.js';
import { historyLines } from './history.js';
import { reassess } from './reassess.js';
import { assessCounty } from './assessCounty.js';
import { villageExited } from '../domain/village.js';
import { approveRequest } from './changeRequests.js';
import { updateIncome } from './updateIncome.js';

let now = '2018-11-20T02:00:00.000Z';
let tick = 0;
/** China time 10:00 on the current test day, a second later on every call. */
const clock = () => new Date(Date.parse(now) + tick++ * 1000).toISOString();
const setDay = (day: string) => {
  now = `${day}T02:00:00.000Z`;
};
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

async function changeCount(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

function step(s: ExitStep, date: string, extra: Partial<StepInput> = {}): StepInput {
  const base: StepInput = { step: s, date, document: `红星村〔2018〕${s}` };
  if (s === 'appraisal') Object.assign(base, { minutes: '村民代表会议评议，同意退出', votesFor: 28, votesAgainst: 1 });
  return { ...base, ...extra };
}

describeEachDialect('exit procedure services', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    setDay('2018-11-01');
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    setDay('2018-11-20');
    return () => closeCheckingChain(store);
  });

  async function ofClass(cls: string, village = s.villageA1): Promise<string[]> {
    const results = await store.assessments.latestResults(ALL, { villageCode: village });
    return results.filter((r) => r.class === cls).map((r) => r.householdId);
  }

  async function runToNotice(ids: string[]) {
    const ctx = ctxFor(store, v.village);
    setDay('2018-11-10');
    await recordHouseholdSteps(ctx, v.village, s.villageA1, { ...step('appraisal', '2018-11-10'), householdIds: ids });
    setDay('2018-11-12');
    await recordHouseholdSteps(ctx, v.village, s.villageA1, { ...step('check', '2018-11-12'), householdIds: ids });
    setDay('2018-11-14');
    await recordHouseholdSteps(ctx, v.village, s.villageA1, { ...step('agreement', '2018-11-14'), householdIds: ids });
    setDay('2018-11-20');
    await recordHouseholdSteps(ctx, v.village, s.villageA1, { ...step('notice-start', '2018-11-20'), householdIds: ids });
  }

  it('lists the village’s pre-exit (A and B) households, each waiting for its democratic appraisal', async () => {
    const view = await villageExit(ctxFor(store, v.village), v.village, s.villageA1);
    const expected = [...(await ofClass('A')), ...(await ofClass('B'))].sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(view.households.map((h) => h.householdId)).toEqual(expected);
    expect(view.households.every((h) => h.next === 'appraisal' && h.procedure === null)).toBe(true);
    expect(view.rules.household.noticeDays).toBe(7);
  });

  it('a village user records the appraisal for several households in one action; each household’s history says so', async () => {
    const ids = (await ofClass('A')).slice(0, 2);
    const out = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, { ...step('appraisal', '2018-11-20'), householdIds: ids });
    expect(out.recorded.sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const h = await householdExit(ctxFor(store, v.village), v.village, id);
      expect(h.procedure?.steps.map((x) => x.step)).toEqual(['appraisal']);
      expect(h.procedure?.steps[0]?.by.name).toBe(v.village.name);
      expect(h.next).toBe('check');
      const lines = historyLines(await store.changes.forHousehold(ALL, id), v.village.mask).map((l) => l.text);
      expect(lines).toContain(`2018-11-20 ${v.village.name} 退出程序 民主评议（2018-11-20，赞成 28 票、反对 1 票，红星村〔2018〕appraisal）`);
    }
  });

  it('a batch with one class-C household stores nothing and names the household and the reason', async () => {
    const [a] = await ofClass('A');
    const [c] = await ofClass('C');
    expect(a && c, 'fixture needs an A and a C household in village A1').toBeTruthy();
    const before = await changeCount(store);
    const err = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
      ...step('appraisal', '2018-11-20'),
      householdIds: [a!, c!],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExitRefused);
    const refused = err as ExitRefused;
    expect(refused.failures.map((f) => f.subjectId)).toEqual([c]);
    expect(refused.message).toContain('不是预脱贫户（最新测算为C类）');
    expect(refused.message).toContain('全部未记录');
    expect(await changeCount(store)).toBe(before);
    expect(await store.exits.list(ALL)).toEqual([]);
  });

  it('refuses to skip a step: the notice cannot come right after the appraisal', async () => {
    const [a] = await ofClass('A');
    await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, { ...step('appraisal', '2018-11-20'), householdIds: [a!] });
    const err = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
      ...step('notice-start', '2018-11-20'),
      householdIds: [a!],
    }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('不能跳过步骤：下一步应为“村委会和驻村工作队核实”');
  });

  it('the notice cannot be closed early (by date or by clock); after 7 days it closes and the procedure runs to 销号 with the right roles', async () => {
    const [a] = await ofClass('A');
    await runToNotice([a!]);
    setDay('2018-11-24');
    const early = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
      ...step('notice-end', '2018-11-24'),
      householdIds: [a!],
    }).catch((e: unknown) => e);
    expect((early as Error).message).toContain('公示须满 7 天：2018-11-20 开始，最早 2018-11-27 结束');

    setDay('2018-11-27');
    await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, { ...step('notice-end', '2018-11-27'), householdIds: [a!] });
    // The township reviews; the village may not.
    const wrongRole = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
      ...step('township-review', '2018-11-28'),
      householdIds: [a!],
    }).catch((e: unknown) => e);
    expect(wrongRole).toBeInstanceOf(AccessError);
    expect((wrongRole as AccessError).status).toBe(403);
    setDay('2018-11-28');
    await recordHouseholdSteps(ctxFor(store, v.township), v.township, s.villageA1, { ...step('township-review', '2018-11-28'), householdIds: [a!] });
    setDay('2018-12-01');
    await recordHouseholdSteps(ctxFor(store, v.county), v.county, s.villageA1, { ...step('county-approval', '2018-12-01'), householdIds: [a!] });
    await recordHouseholdSteps(ctxFor(store, v.county), v.county, s.villageA1, { ...step('deregistered', '2018-12-01'), householdIds: [a!] });

    const [rec] = await store.registry.loadRecords(ALL, { householdIds: [a!] });
    expect(rec?.household.status).toBe('exited');
    expect(rec?.household.exitYear).toBe(2018);
    const result = await store.assessments.result(ALL, a!);
    expect(result?.result.class).toBe('out-of-scope');
    const h = await householdExit(ctxFor(store, v.county), v.county, a!);
    expect(h.procedure?.status).toBe('completed');
    expect(h.next).toBeNull();
    const lines = historyLines(await store.changes.forHousehold(ALL, a!), v.county.mask).map((l) => l.text);
    expect(lines).toContain(`2018-11-27 ${v.village.name} 退出程序 公示（2018-11-20 至 2018-11-27）期满结束（红星村〔2018〕notice-end）`);
    expect(lines.some((l) => l.includes('修改 户档案：脱贫属性 未脱贫 → 已脱贫'))).toBe(true);
    expect(lines.some((l) => l.includes('退出程序 完成（国家系统销号）'))).toBe(true);
  });

  it('an unresolved objection blocks the end of the notice; an upheld one sends the household back, and it can start again', async () => {
    const [a] = await ofClass('A');
    await runToNotice([a!]);
    const proc = (await householdExit(ctxFor(store, v.village), v.village, a!)).procedure!;
    setDay('2018-11-22');
    const o = await recordObjection(ctxFor(store, v.village), v.village, proc.id, {
      receivedOn: '2018-11-22',
      content: '群众反映该户有家庭成员务工收入未申报',
    });
    setDay('2018-11-28');
    const blocked = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
      ...step('notice-end', '2018-11-27'),
      householdIds: [a!],
    }).catch((e: unknown) => e);
    expect((blocked as Error).message).toContain('1 条异议尚未处理');

    const after = await resolveObjection(ctxFor(store, v.village), v.village, proc.id, o.id, {
      outcome: 'upheld',
      date: '2018-11-28',
      note: '经入户核实，收入测算有误',
    });
    expect(after.status).toBe('sent-back');
    const h = await householdExit(ctxFor(store, v.village), v.village, a!);
    expect(h.procedure).toBeNull();
    expect(h.earlier.map((p) => p.status)).toEqual(['sent-back']);
    expect(h.next).toBe('appraisal');
    const lines = historyLines(await store.changes.forHousehold(ALL, a!), v.village.mask).map((l) => l.text);
    expect(lines.some((l) => l.includes('退出程序 退回：公示异议属实，退回：经入户核实，收入测算有误'))).toBe(true);

    await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, { ...step('appraisal', '2018-11-28'), householdIds: [a!] });
    expect((await householdExit(ctxFor(store, v.village), v.village, a!)).procedure?.steps.length).toBe(1);
  });

  it('the store keeps one live procedure per household even when two starts race past the service checks', async () => {
    const [a] = await ofClass('A');
    const first = {
      step: 'appraisal' as const,
      date: '2018-11-20',
      recordedAt: now,
      by: { id: 'u', name: '甲' },
      document: 'x',
      minutes: 'm',
      votesFor: 3,
      votesAgainst: 0,
      backdateReason: null,
    };
    await store.transaction((trx) =>
      store.exits.start(
        trx,
        { id: 'p-1', kind: 'household', subjectId: a!, villageCode: s.villageA1 },
        first,
        { name: '民主评议', completes: false, notice: null },
        first.by,
        null,
      ),
    );
    await expect(
      store.transaction((trx) =>
        store.exits.start(
          trx,
          { id: 'p-2', kind: 'household', subjectId: a!, villageCode: s.villageA1 },
          first,
          { name: '民主评议', completes: false, notice: null },
          first.by,
          null,
        ),
      ),
    ).rejects.toThrow();
    expect((await store.exits.list(ALL)).map((p) => p.id)).toEqual(['p-1']);
  });

  it('back-dating: refused without a reason; with one it is stored and the history reads 补录', async () => {
    const [a] = await ofClass('A');
    setDay('2018-11-20');
    const refused = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
      ...step('appraisal', '2018-11-10'),
      householdIds: [a!],
    }).catch((e: unknown) => e);
    expect((refused as Error).message).toContain('属于补录，须填写补录原因');
    await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
      ...step('appraisal', '2018-11-10', { backdateReason: '会议记录为纸质，现补录' }),
      householdIds: [a!],
    });
    const lines = historyLines(await store.changes.forHousehold(ALL, a!), v.village.mask).map((l) => l.text);
    expect(
      lines.some((l) => l.startsWith(`2018-11-20 ${v.village.name} 补录 退出程序 民主评议（2018-11-10`) && l.includes('（补录原因：会议记录为纸质，现补录）')),
    ).toBe(true);
  });

  it('permissions: leader and sector record nothing; township and county cannot do the village’s steps; nobody reaches another village', async () => {
    const [a] = await ofClass('A');
    for (const role of ['leader', 'sector', 'township', 'county'] as const) {
      const e = await recordHouseholdSteps(ctxFor(store, v[role]), v[role], s.villageA1, { ...step('appraisal', '2018-11-20'), householdIds: [a!] }).catch(
        (x: unknown) => x,
      );
      expect((e as AccessError).status, role).toBe(403);
    }
    const other = s.county.regions.find((r) => r.level === 'village' && r.parentCode === s.townshipB)!.code;
    const [b] = await ofClass('A', other).then((x) => (x.length > 0 ? x : ofClass('B', other)));
    const e1 = await recordHouseholdSteps(ctxFor(store, v.village), v.village, other, { ...step('appraisal', '2018-11-20'), householdIds: [b ?? 'x'] }).catch(
      (x: unknown) => x,
    );
    expect((e1 as AccessError).status).toBe(404);
    const e2 = await villageExit(ctxFor(store, v.township), v.township, other).catch((x: unknown) => x);
    expect((e2 as AccessError).status).toBe(404);
    // A household id of another village smuggled into this village's batch is refused by name.
    if (b !== undefined) {
      const e3 = await recordHouseholdSteps(ctxFor(store, v.village), v.village, s.villageA1, {
        ...step('appraisal', '2018-11-20'),
        householdIds: [a!, b],
      }).catch((x: unknown) => x);
      expect((e3 as ExitRefused).failures.map((f) => f.subjectId)).toEqual([b]);
    }
    expect(await store.exits.list(ALL)).toEqual([]);
  });

  it('the village procedure: application → township review → county check → notice (not closed early) → announcement → 销号', async () => {
    const code = s.villageA1;
    setDay('2018-12-01');
    const setPreExit = async (preExit: boolean) => {
      const row = await store.db.selectFrom('village_results').select(['run_id', 'data']).where('village_code', '=', code).executeTakeFirstOrThrow();
      const data = { ...JSON.parse(row.data), preExit };
      await store.db
        .updateTable('village_results')
        .set({ data: JSON.stringify(data) })
        .where('village_code', '=', code)
        .where('run_id', '=', row.run_id)
        .execute();
    };
    await setPreExit(false);
    const notReady = await recordVillageStep(ctxFor(store, v.village), v.village, code, step('application', '2018-12-01')).catch((e: unknown) => e);
    expect((notReady as Error).message).toContain('未达到退出标准');
    await setPreExit(true);
    await recordVillageStep(ctxFor(store, v.village), v.village, code, step('application', '2018-12-01'));
    const skip = await recordVillageStep(ctxFor(store, v.county), v.county, code, step('county-check', '2018-12-01')).catch((e: unknown) => e);
    expect((skip as Error).message).toContain('下一步应为“乡镇审核”');
    await recordVillageStep(ctxFor(store, v.township), v.township, code, step('township-review', '2018-12-01'));
    await recordVillageStep(ctxFor(store, v.county), v.county, code, step('county-check', '2018-12-01'));
    await recordVillageStep(ctxFor(store, v.county), v.county, code, step('notice-start', '2018-12-01'));
    setDay('2018-12-05');
    const early = await recordVillageStep(ctxFor(store, v.county), v.county, code, step('notice-end', '2018-12-05')).catch((e: unknown) => e);
    expect((early as Error).message).toContain('最早 2018-12-08 结束');
    setDay('2018-12-08');
    await recordVillageStep(ctxFor(store, v.county), v.county, code, step('notice-end', '2018-12-08'));
    await recordVillageStep(ctxFor(store, v.county), v.county, code, step('announcement', '2018-12-08'));
    const done = await recordVillageStep(ctxFor(store, v.county), v.county, code, step('deregistered', '2018-12-08'));
    expect(done.status).toBe('completed');
    const region = (await store.regions.list(ALL)).find((r) => r.code === code)!;
    expect(region.exitYear).toBe(2018);
    // Recorded as done: this year's exit year alone would read as a plan, so the status says 已退出.
    expect(region.exited).toBe(true);
    const rb = loadRulebook('seed-county-2018');
    expect(villageExited(region, rb.year)).toBe(true);
    const report = await assessCounty(ctxFor(store, v.county), { rulebook: rb });
    expect(report.villages.find((x) => x.code === code)).toMatchObject({ exited: true, preExit: false });
    const view = await villageExit(ctxFor(store, v.village), v.village, code);
    expect(view.village.exited).toBe(true);
    expect(view.next).toBeNull();
  });

  // One engine over the rulebook's steps: each regime's household walks its own procedure, step
  // by step as the rulebook lists them, with the roles, minimum days and votes the rulebook names.
  for (const [id, expected, marksExited] of [
    ['seed-county-2018', ['appraisal', 'check', 'agreement', 'notice-start', 'notice-end', 'township-review', 'county-approval', 'deregistered'], true],
    [
      'monitoring-2021',
      ['home-visit', 'data-comparison', 'deliberation', 'notice-start', 'notice-end', 'township-review', 'county-approval', 'system-entry'],
      false,
    ],
  ] as const) {
    it(`walks one household through the ${id} procedure as its rulebook lists it`, async () => {
      const rb = loadRulebook(id);
      const def = procedureDef(rb, 'household');
      expect(def.steps.map((x) => x.code)).toEqual(expected);
      setDay('2018-11-05');
      const allMet = await ofClass('A');
      await reassess(ctxFor(store, v.county), { rulebook: rb, setActive: true });
      if (!marksExited) {
        // The seed county has income forms for 2018 only: one household with every guarantee met
        // gets a 2021 form above the monitoring line, verified and approved, so it is 稳定.
        const [rec] = await store.registry.loadRecords(ALL, { householdIds: [allMet[0]!] });
        const out = await updateIncome(ctxFor(store, v.township), v.township, allMet[0]!, {
          items: { migrantWage: 9000 * rec!.members.length },
          note: '入户核实',
          reason: '2021年收入',
        });
        await approveRequest(ctxFor(store, v.county), v.county, out.request!.id);
      }
      const results = await store.assessments.latestResults(ALL, { villageCode: s.villageA1 });
      const ready = results.filter((r) => isExitReadyClass(rb, r.class));
      expect(ready.length, `${id}: an exit-ready household in the village`).toBeGreaterThan(0);
      const hh = ready[0]!.householdId;
      const [before] = await store.registry.loadRecords(ALL, { householdIds: [hh] });

      const view = await villageExit(ctxFor(store, v.village), v.village, s.villageA1);
      expect(view.procedures.household.name).toBe(def.name);
      expect(view.households.find((h) => h.householdId === hh)?.next).toBe(expected[0]);

      let day = '2018-11-05';
      for (const st of def.steps) {
        day = addDays(day, Math.max(1, st.minDays));
        setDay(day);
        const input: StepInput = { step: st.code, date: day, document: `文号-${st.code}` };
        if (st.votes) Object.assign(input, { minutes: '评议通过', votesFor: 20, votesAgainst: 1 });
        if (st.minDays > 0) {
          // A day early is refused with the rulebook's minimum.
          const early = await recordHouseholdSteps(ctxFor(store, v[st.role]), v[st.role], s.villageA1, {
            ...input,
            date: addDays(day, -1),
            householdIds: [hh],
          }).catch((e: unknown) => e);
          expect((early as Error).message).toContain(`须满 ${st.minDays} 天`);
        }
        const other = st.role === 'village' ? v.township : v.village;
        const wrong = await recordHouseholdSteps(ctxFor(store, other), other, s.villageA1, { ...input, householdIds: [hh] }).catch((e: unknown) => e);
        expect((wrong as AccessError).status, `${st.code} by ${other.role}`).toBe(403);
        await recordHouseholdSteps(ctxFor(store, v[st.role]), v[st.role], s.villageA1, { ...input, householdIds: [hh] });
      }
      const h = await householdExit(ctxFor(store, v.county), v.county, hh);
      expect(h.procedure?.status).toBe('completed');
      expect(h.procedure?.steps.map((x) => x.step)).toEqual(expected);
      expect(h.next).toBeNull();
      const [after] = await store.registry.loadRecords(ALL, { householdIds: [hh] });
      if (marksExited) {
        expect(after?.household.status).toBe('exited');
        expect(after?.household.exitYear).toBe(rb.year);
      } else {
        // Risk elimination records the decision; the registry's exit status and year stay as they were.
        expect(after?.household.status).toBe(before?.household.status);
        expect(after?.household.exitYear).toBe(before?.household.exitYear);
      }
      const lines = historyLines(await store.changes.forHousehold(ALL, hh), v.county.mask).map((l) => l.text);
      expect(lines.some((l) => l.includes(`${def.steps.at(-1)!.name}（`))).toBe(true);
    });
  }
});
