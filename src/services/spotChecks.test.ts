// Spot-check services on both engines: a draw is a pure function of seed and snapshot (redrawn
// identically from the store), forms are scoped, refused input stores nothing, a wrong form reaches
// the finding hook, and a filled three-rate check fills the dashboard's county criteria.
import { beforeEach, expect, it } from 'vitest';
import { closeCheckingChain } from '../../test/chain.js';
import { describeEachDialect } from '../../test/dialects.js';
import { seedCounty, viewersFor, type SeededCounty } from '../../test/fixtures/data.js';
import { openStore, type Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { dashboard } from './dashboard.js';
import { activeRulebook } from './rulebooks.js';
import {
  addSurvey,
  drawFromStore,
  drawSpotCheck,
  listSpotChecks,
  onSpotCheckFinding,
  readSpotCheck,
  saveCheckForm,
  type SpotCheckFinding,
} from './spotChecks.js';

let tick = 0;
const clock = () => new Date(Date.UTC(2018, 10, 21, 2, 0, tick++)).toISOString();
const ctxFor = (store: Store, v: Access) => ({ store, actor: { id: v.userId, name: v.name }, clock });

async function refusal(p: Promise<unknown>): Promise<AccessError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AccessError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

async function changeCount(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

const right = { 'food-clothing': true, water: true, education: true, medical: true, housing: true };
const form = (over: Record<string, unknown> = {}) => ({
  classRight: true,
  incomeRight: true,
  indicatorsRight: right,
  dataAsOnSite: true,
  approves: true,
  checkedOn: '2018-11-21',
  ...over,
});

describeEachDialect('spot-check services', (testDb) => {
  let store: Store;
  let s: SeededCounty;
  let v: ReturnType<typeof viewersFor>;

  beforeEach(async () => {
    store = await openStore(await testDb.fresh(), { clock });
    s = await seedCounty(store, { clock });
    v = viewersFor(s);
    return () => closeCheckingChain(store);
  });

  it('records a draw that the store redraws identically from its seed, and shows a township its own part', async () => {
    const out = await drawSpotCheck(ctxFor(store, v.county), v.county, {
      kind: 'spot',
      population: 'registered',
      seed: 99,
      design: { kind: 'share', share: 0.1, minPerVillage: 2 },
    });
    expect(out).toMatchObject({ id: 'SC-0001', seed: 99, population: 'registered' });
    const ids = out.villages.flatMap((x) => x.sampled.map((h) => h.householdId)).sort();
    expect(ids.length).toBe(out.sampleSize);
    const rb = await activeRulebook(store);
    const again = await store.transaction((trx) =>
      drawFromStore(store, trx, rb, { kind: 'spot', population: 'registered', seed: 99, design: { kind: 'share', share: 0.1, minPerVillage: 2 } }),
    );
    expect(again.sample.fingerprint).toBe(out.fingerprint);
    expect(again.sampled.map((h) => h.householdId).sort()).toEqual(ids);

    const mine = await readSpotCheck(ctxFor(store, v.township), v.township, 'SC-0001');
    const inA = new Set(s.householdsOf(s.townshipA));
    const seen = mine.villages.flatMap((x) => x.sampled.map((h) => h.householdId));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((h) => inA.has(h))).toBe(true);
    expect(mine.results.townships.map((t) => t.code)).toEqual([s.townshipA]);
    const outside = ids.find((h) => !inA.has(h))!;
    expect((await refusal(saveCheckForm(ctxFor(store, v.township), v.township, 'SC-0001', outside, form()))).status).toBe(404);
    expect((await refusal(readSpotCheck(ctxFor(store, v.village), v.village, 'SC-0001'))).status).toBe(403);
    expect((await listSpotChecks(ctxFor(store, v.leader), v.leader)).items.map((i) => i.id)).toEqual(['SC-0001']);
  });

  it('refuses a bad draw or form with what is wrong, and stores nothing', async () => {
    const before = await changeCount(store);
    const e1 = await refusal(
      drawSpotCheck(ctxFor(store, v.county), v.county, {
        kind: 'spot',
        population: 'nobody',
        seed: 1,
        design: { kind: 'share', share: 0.1, minPerVillage: 0 },
      }),
    );
    expect(e1.message).toContain('抽查总体“nobody”不在规则库');
    expect(
      (await refusal(drawSpotCheck(ctxFor(store, v.county), v.county, { kind: 'spot', seed: -1, design: { kind: 'share', share: 0.1 } }))).message,
    ).toContain('随机种子不能为负');
    expect((await refusal(drawSpotCheck(ctxFor(store, v.township), v.township, { kind: 'spot', seed: 1, design: { kind: 'share', share: 0.1 } }))).status).toBe(
      403,
    );
    expect(await changeCount(store)).toBe(before);
    const out = await drawSpotCheck(ctxFor(store, v.county), v.county, {
      kind: 'spot',
      population: 'registered',
      seed: 5,
      design: { kind: 'per-village', perVillage: 1 },
    });
    const h = out.villages[0]!.sampled[0]!.householdId;
    const after = await changeCount(store);
    const e2 = await refusal(saveCheckForm(ctxFor(store, v.county), v.county, out.id, h, form({ indicatorsRight: { water: true, roads: true } })));
    expect(e2.message).toContain('指标“roads”不存在');
    expect((await refusal(saveCheckForm(ctxFor(store, v.county), v.county, out.id, h, form({ checkedOn: '2019-01-01' })))).message).toContain('晚于今天');
    expect(await changeCount(store)).toBe(after);
  });

  it('hands a form that finds the record wrong to the finding hook, in the same transaction', async () => {
    const found: SpotCheckFinding[] = [];
    const off = onSpotCheckFinding(async (_trx, f) => {
      found.push(f);
    });
    try {
      const out = await drawSpotCheck(ctxFor(store, v.county), v.county, {
        kind: 'spot',
        population: 'registered',
        seed: 5,
        design: { kind: 'per-village', perVillage: 1 },
      });
      const [a, b] = out.villages.map((x) => x.sampled[0]!.householdId);
      await saveCheckForm(ctxFor(store, v.county), v.county, out.id, a!, form());
      await saveCheckForm(
        ctxFor(store, v.county),
        v.county,
        out.id,
        b!,
        form({ classRight: false, indicatorsRight: { ...right, water: false }, note: '实地无自来水' }),
      );
      expect(found).toEqual([expect.objectContaining({ checkId: out.id, householdId: b, wrong: ['类别', '饮水安全'], note: '实地无自来水' })]);
    } finally {
      off();
    }
  });

  // A seeded county of ~300 households: the three-rate check on it is small, but the whole path runs.
  it('fills the dashboard county criteria from a three-rate pre-assessment, verdicts on the bound', async () => {
    const before = await dashboard(store, v.county);
    expect(before.county!.criteria.find((c) => c.key === 'misexitRate')!.note).toBe('待第三方抽样核查');
    const sr = await drawSpotCheck(ctxFor(store, v.county), v.county, { kind: 'three-rate', seed: 2018 });
    expect(sr.id).toBe('SR-0001');
    expect(sr.villages.length).toBeGreaterThan(0);
    for (const village of sr.villages) {
      for (const h of village.sampled) await saveCheckForm(ctxFor(store, v.county), v.county, sr.id, h.householdId, form());
      for (let i = 0; i < 3; i++)
        await addSurvey(ctxFor(store, v.county), v.county, sr.id, {
          villageCode: village.code,
          headName: `调查户${i}`,
          people: 4,
          eligiblePeople: 0,
          approves: true,
          surveyedOn: '2018-11-21',
        });
    }
    const after = await readSpotCheck(ctxFor(store, v.county), v.county, sr.id);
    expect(after.threeRates!.misexit.rate).toBe(0);
    expect(after.threeRates!.misexit.verdict.text).toMatch(/^95% 上限 \d+\.\d\d% (<|≥) 2\.00%$/);
    const d = await dashboard(store, v.county);
    const mis = d.county!.criteria.find((c) => c.key === 'misexitRate')!;
    expect(mis.value).toBe(0);
    expect(mis.note).toContain(`县自评估 ${sr.id}`);
    expect(mis.note).toContain('95% 上限');
    const appr = d.county!.criteria.find((c) => c.key === 'approvalRate')!;
    expect(appr.value).toBe(1);
    expect(appr.note).toContain('95% 下限');
    expect(d.county!.criteria.find((c) => c.key === 'comprehensiveIncidence')!.value).not.toBeNull();
    // A survey outside the sampled villages is refused.
    const other = s.county.regions.find((r) => r.level === 'village' && !sr.villages.some((x) => x.code === r.code));
    if (other)
      expect(
        (
          await refusal(
            addSurvey(ctxFor(store, v.county), v.county, sr.id, {
              villageCode: other.code,
              headName: '某',
              people: 2,
              eligiblePeople: 0,
              approves: null,
              surveyedOn: '2018-11-21',
            }),
          )
        ).message,
      ).toContain('不是本次三率自评估抽中的村');
  });
});
