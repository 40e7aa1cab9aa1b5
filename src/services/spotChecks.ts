// Use cases of spot checks (抽查) and the three-rate pre-assessment (三率一度, docs/spot-checks.md):
// draw a sample from a recorded seed over a fingerprinted snapshot, fill the check forms and the
// short forms of surveyed non-registered households, and read the rates with their intervals.
//
// Who: the county office draws; county leaders and townships fill the forms of the sampled
// households in their scope (a village's own accounts neither see nor fill them: they are what is
// checked). Scope is the store's: a township sees only its villages' households, forms and rates.
// `tuopin sample` draws through drawFromStore, the same code as the web, so both give one sample.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { DrawRequest, FormRequest, SurveyRequest } from '../contract/spotChecks.js';
import type { AreaResult, SpotCheckDetailResponse, SpotCheckListResponse, SpotCheckSummary } from '../contract/spotChecks.js';
import { can } from '../domain/roles.js';
import { NON_INCOME_INDICATORS, type Rulebook } from '../domain/rulebook.js';
import { drawSample, SampleDesignError, type DrawnSample, type SampleDesign } from '../domain/spotCheck.js';
import {
  drawThreeRate,
  formFindsError,
  inPopulation,
  populationUnits,
  preAssessedCounty,
  rateVerdict,
  spotCheckEstimates,
  threeRates,
  zForConfidence,
  type AreaEstimates,
  type PreAssessment,
  type PopulationHousehold,
  type ThreeRateDraw,
} from '../domain/spotCheckResults.js';
import type { SpotCheckPopulation } from '../domain/spotCheckSettings.js';
import type { CountyAssessment } from '../domain/assessment.js';
import { ALL, type Actor, type SpotCheckHeader, type SpotCheckKind, type Store, type StoredSampled, type StoredStratum, type Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { chinaDate } from './history.js';
import { activeRulebook, rulebookById } from './rulebooks.js';

const bad = (message: string) => new AccessError(400, 'invalid-spot-check', message);

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  throw bad(`输入有误：${first?.path.join('.') || '请求'} ${first?.message ?? ''}`.trim());
}

export function findPopulation(rb: Rulebook, code: string): SpotCheckPopulation {
  const pop = rb.spotCheck.populations.find((p) => p.code === code);
  if (pop === undefined)
    throw bad(`抽查总体“${code}”不在规则库“${rb.name}”中（可选：${rb.spotCheck.populations.map((p) => `${p.code} ${p.label}`).join('、')}）`);
  return pop;
}

export interface StoreDraw {
  kind: SpotCheckKind;
  population: SpotCheckPopulation;
  sample: DrawnSample | ThreeRateDraw;
  runId: number | null;
  countyCode: string | null;
  strata: StoredStratum[];
  sampled: StoredSampled[];
}

function strataOf(households: readonly PopulationHousehold[]): Map<string, { townshipCode: string; households: number; people: number }> {
  const m = new Map<string, { townshipCode: string; households: number; people: number }>();
  for (const h of households) {
    const s = m.get(h.villageCode) ?? { townshipCode: h.townshipCode, households: 0, people: 0 };
    s.households += 1;
    s.people += h.people;
    m.set(h.villageCode, s);
  }
  return m;
}

/**
 * The sample of today's data: the population of the active rulebook's code, its snapshot and the
 * draw. Reads only; the web's draw and `tuopin sample` both come through here.
 */
export async function drawFromStore(
  store: Store,
  trx: Trx,
  rb: Rulebook,
  req: { kind: SpotCheckKind; population?: string | undefined; seed: number; design?: SampleDesign | undefined },
): Promise<StoreDraw> {
  const code = req.kind === 'three-rate' ? rb.spotCheck.threeRate.population : (req.population ?? rb.spotCheck.defaults.population);
  const population = findPopulation(rb, code);
  const { runId, households } = await store.spotChecks.populationHouseholds(trx);
  const members = households.filter((h) => inPopulation(population, h));
  const units = populationUnits(population, households);
  if (units.length === 0) throw bad(`抽查总体“${population.label}”中没有农户${runId === null ? '（尚未评估，按类别的总体须先评估）' : ''}`);
  const regions = await store.regions.list(ALL, { trx });
  const countyCode = regions.find((r) => r.level === 'county')?.code ?? null;
  const people = new Map(households.map((h) => [h.id, h.people]));
  const byVillage = strataOf(members);
  let sample: DrawnSample | ThreeRateDraw;
  let strata: StoredStratum[];
  try {
    if (req.kind === 'three-rate') {
      const villages = regions.filter((r) => r.level === 'village');
      const townshipOf = new Map(regions.map((r) => [r.code, r.parentCode]));
      sample = drawThreeRate(
        units,
        villages.map((v) => ({ code: v.code, townshipCode: townshipOf.get(v.code) ?? '' })),
        req.seed,
        rb.spotCheck.threeRate,
      );
      const registered = await store.spotChecks.registeredPeopleByVillage({ trx });
      strata = villages.map((v) => {
        const s = byVillage.get(v.code);
        return {
          villageCode: v.code,
          townshipCode: v.parentCode,
          households: s?.households ?? 0,
          people: s?.people ?? 0,
          unregisteredPeople: v.ruralPopulation === null ? null : Math.max(0, v.ruralPopulation - (registered.get(v.code) ?? 0)),
        };
      });
    } else {
      if (req.design === undefined) throw bad('请给出抽样方式：按比例（share）或每村户数（per-village）');
      sample = drawSample(units, req.seed, req.design);
      strata = [...byVillage].map(([villageCode, s]) => ({
        villageCode,
        townshipCode: s.townshipCode,
        households: s.households,
        people: s.people,
        unregisteredPeople: null,
      }));
    }
  } catch (e) {
    if (e instanceof SampleDesignError) throw bad(e.message);
    throw e;
  }
  const sampled = sample.strata.flatMap((s) =>
    s.sampled.map((householdId) => ({ householdId, villageCode: s.villageCode, townshipCode: s.townshipCode, people: people.get(householdId) ?? 0 })),
  );
  return { kind: req.kind, population, sample, runId, countyCode, strata, sampled };
}

function summary(h: SpotCheckHeader, rb: Rulebook | null, checked: number): SpotCheckSummary {
  return {
    id: h.id,
    kind: h.kind,
    population: h.population,
    populationLabel: rb?.spotCheck.populations.find((p) => p.code === h.population)?.label ?? h.population,
    seed: h.seed,
    design: h.design,
    fingerprint: h.fingerprint,
    populationSize: h.populationSize,
    sampleSize: h.sampleSize,
    checked,
    rulebookId: h.rulebookId,
    note: h.note,
    createdBy: h.createdBy.name,
    createdAt: h.createdAt,
  };
}

function rulebookOf(id: string): Rulebook | null {
  try {
    return rulebookById(id);
  } catch {
    return null;
  }
}

const READ_REFUSAL = '村级账户和行业部门不查看抽查：样本户由县、乡镇和县级领导核查';

export async function listSpotChecks(ctx: ServiceContext, viewer: Access, kind?: SpotCheckKind): Promise<SpotCheckListResponse> {
  if (!can(viewer.role, 'spotCheck.read')) throw notAllowed(READ_REFUSAL);
  const headers = await ctx.store.spotChecks.list(viewer.scope, kind === undefined ? {} : { kind });
  const items: SpotCheckSummary[] = [];
  for (const h of headers) items.push(summary(h, rulebookOf(h.rulebookId), (await ctx.store.spotChecks.forms(viewer.scope, h.id)).length));
  return { items, canDraw: can(viewer.role, 'spotCheck.draw') };
}

export async function drawSpotCheck(ctx: ServiceContext, viewer: Access, input: unknown): Promise<SpotCheckDetailResponse> {
  if (!can(viewer.role, 'spotCheck.draw')) throw notAllowed('只有县扶贫办可以抽取抽查样本');
  const body = parse(DrawRequest, input);
  const seed = body.seed ?? randomInt(0, 2 ** 31);
  const rb = await activeRulebook(ctx.store);
  const id = await ctx.store.transaction(async (trx) => {
    const d = await drawFromStore(ctx.store, trx, rb, { kind: body.kind, population: body.population, seed, design: body.design });
    const id = await ctx.store.spotChecks.nextId(trx, body.kind);
    const three = d.kind === 'three-rate' ? (d.sample as ThreeRateDraw) : null;
    await ctx.store.spotChecks.create(
      trx,
      id,
      {
        kind: d.kind,
        population: d.population.code,
        seed,
        design:
          three === null
            ? d.sample.design
            : { kind: 'three-rate', ...rb.spotCheck.threeRate, perVillage: (d.sample.design as { perVillage: number }).perVillage },
        fingerprint: d.sample.fingerprint,
        populationSize: d.sample.population,
        rulebookId: rb.id,
        runId: d.runId,
        countyCode: d.countyCode,
        villages: three?.villages ?? null,
        unregisteredPerVillage: three?.unregisteredPerVillage ?? null,
        note: body.note ?? null,
        strata: d.strata,
        sampled: d.sampled,
      },
      ctx.actor,
      ctx.clock(),
    );
    return id;
  });
  return readSpotCheck(ctx, viewer, id);
}

async function visible(store: Store, viewer: Access, id: string): Promise<SpotCheckHeader> {
  const h = await store.spotChecks.get(viewer.scope, id);
  // Out of scope answers like missing.
  if (h === null) throw notFound('该抽查');
  return h;
}

function indicatorLabels(rb: Rulebook | null): { code: string; label: string }[] {
  return NON_INCOME_INDICATORS.map((code) => ({ code, label: rb?.indicators[code].label ?? code }));
}

export async function readSpotCheck(ctx: ServiceContext, viewer: Access, id: string): Promise<SpotCheckDetailResponse> {
  if (!can(viewer.role, 'spotCheck.read')) throw notAllowed(READ_REFUSAL);
  const h = await visible(ctx.store, viewer, id);
  const rb = rulebookOf(h.rulebookId) ?? (await activeRulebook(ctx.store));
  const [strata, sampled, forms, surveys, regions] = await Promise.all([
    ctx.store.spotChecks.strata(viewer.scope, id),
    ctx.store.spotChecks.sampled(viewer.scope, id),
    ctx.store.spotChecks.forms(viewer.scope, id),
    ctx.store.spotChecks.surveys(viewer.scope, id),
    ctx.store.regions.list(ALL),
  ]);
  const names = new Map(regions.map((r) => [r.code, r.name]));
  const formOf = new Map(forms.map((f) => [f.householdId, f]));
  const z = zForConfidence(rb.spotCheck.confidence);
  const sampledVillages = new Set(h.villages ?? sampled.map((s) => s.villageCode));
  const shown = h.kind === 'three-rate' ? strata.filter((s) => sampledVillages.has(s.villageCode)) : strata;
  const villages = shown.map((s) => ({
    code: s.villageCode,
    name: names.get(s.villageCode) ?? s.villageCode,
    townshipCode: s.townshipCode,
    townshipName: s.townshipCode === null ? '' : (names.get(s.townshipCode) ?? s.townshipCode),
    households: s.households,
    people: s.people,
    sampled: sampled
      .filter((x) => x.villageCode === s.villageCode)
      .map((x) => {
        const f = formOf.get(x.householdId);
        return {
          householdId: x.householdId,
          people: x.people,
          form:
            f === undefined
              ? null
              : {
                  classRight: f.classRight,
                  incomeRight: f.incomeRight,
                  indicatorsRight: f.indicatorsRight,
                  dataAsOnSite: f.dataAsOnSite,
                  approves: f.approves,
                  note: f.note,
                  checkedOn: f.checkedOn,
                  checkedBy: f.checkedBy.name,
                },
        };
      }),
    unregisteredTarget: h.kind === 'three-rate' ? h.unregisteredPerVillage : null,
    surveys: surveys
      .filter((x) => x.villageCode === s.villageCode)
      .map((x) => ({ id: x.id, headName: x.headName, people: x.people, eligiblePeople: x.eligiblePeople, approves: x.approves, surveyedOn: x.surveyedOn })),
  }));
  const facts = strata.map((s) => ({
    villageCode: s.villageCode,
    townshipCode: s.townshipCode ?? '',
    households: s.households,
    people: s.people,
    ...(s.unregisteredPeople === null ? {} : { unregisteredPeople: s.unregisteredPeople }),
  }));
  const checked = forms.map((f) => ({
    householdId: f.householdId,
    villageCode: f.villageCode,
    people: sampled.find((x) => x.householdId === f.householdId)?.people ?? 0,
    answers: f,
  }));
  const perVillage = new Map<string, number>();
  for (const s of sampled) perVillage.set(s.villageCode, (perVillage.get(s.villageCode) ?? 0) + 1);
  const est = spotCheckEstimates(facts, perVillage, checked, z);
  const named = (a: AreaEstimates): AreaResult => ({
    ...a,
    name: a.code === 'county' ? (names.get(h.countyCode ?? '') ?? '全县') : (names.get(a.code) ?? a.code),
  });
  let rates: SpotCheckDetailResponse['threeRates'] = null;
  if (h.kind === 'three-rate') {
    const r = threeRates(facts, [...sampledVillages], checked, surveys, z);
    const c = rb.county;
    rates = {
      misexit: { ...r.misexit, threshold: c.maxMisexitRate, verdict: rateVerdict(r.misexit, c.maxMisexitRate, '<', rb.spotCheck.confidence) },
      omission: { ...r.omission, threshold: c.maxOmissionRate, verdict: rateVerdict(r.omission, c.maxOmissionRate, '<', rb.spotCheck.confidence) },
      approval: { ...r.approval, threshold: c.minApprovalRate, verdict: rateVerdict(r.approval, c.minApprovalRate, '>=', rb.spotCheck.confidence) },
    };
  }
  return {
    ...summary(h, rb, forms.length),
    villages,
    indicators: indicatorLabels(rb),
    confidence: rb.spotCheck.confidence,
    results: { county: named(est.county), townships: est.townships.map(named) },
    threeRates: rates,
    canFill: can(viewer.role, 'spotCheck.form'),
    today: chinaDate(ctx.clock()),
  };
}

/** What a form found wrong, for the problem ledger (问题台账) when it exists. */
export interface SpotCheckFinding {
  checkId: string;
  householdId: string;
  villageCode: string;
  townshipCode: string | null;
  /** The answers that found the record wrong, in Chinese (类别、收入、饮水 ...). */
  wrong: string[];
  note: string | null;
  checkedOn: string;
}

/** Runs inside the form's transaction: a failure refuses the form as well. */
export type SpotCheckFindingHook = (trx: Trx, finding: SpotCheckFinding, actor: Actor) => Promise<void>;
const findingHooks: SpotCheckFindingHook[] = [];

/**
 * The seam for the supervision work (问题与问责): a form that finds a record wrong is handed to
 * every registered hook, so a spot-check error can become a problem. Returns the unregistration.
 */
export function onSpotCheckFinding(hook: SpotCheckFindingHook): () => void {
  findingHooks.push(hook);
  return () => {
    const i = findingHooks.indexOf(hook);
    if (i >= 0) findingHooks.splice(i, 1);
  };
}

export async function saveCheckForm(ctx: ServiceContext, viewer: Access, id: string, householdId: string, input: unknown): Promise<SpotCheckDetailResponse> {
  if (!can(viewer.role, 'spotCheck.form')) throw notAllowed('只有县扶贫办、县级领导和乡镇可以填写核查表');
  const body = parse(FormRequest, input);
  const h = await visible(ctx.store, viewer, id);
  const rb = rulebookOf(h.rulebookId) ?? (await activeRulebook(ctx.store));
  const labels = indicatorLabels(rb);
  const missing = labels.filter((l) => body.indicatorsRight[l.code] === undefined).map((l) => l.label);
  const unknown = Object.keys(body.indicatorsRight).filter((k) => !labels.some((l) => l.code === k));
  if (unknown.length > 0) throw bad(`核查表中的指标“${unknown.join('、')}”不存在（可填：${labels.map((l) => l.code).join('、')}）`);
  if (missing.length > 0) throw bad(`核查表未填指标：${missing.join('、')}（每项指标都须填写是否准确）`);
  if (body.checkedOn > chinaDate(ctx.clock())) throw bad(`核查日期 ${body.checkedOn} 晚于今天`);
  await ctx.store.transaction(async (trx) => {
    const [s] = await ctx.store.spotChecks.sampled(viewer.scope, id, { trx, householdId });
    if (s === undefined) throw notFound('该样本户');
    const answers = { ...body, note: body.note ?? null };
    await ctx.store.spotChecks.saveForm(trx, id, { ...s, countyCode: h.countyCode }, answers, ctx.actor, ctx.clock());
    if (formFindsError(answers) && findingHooks.length > 0) {
      const wrong = [
        ...(answers.classRight ? [] : ['类别']),
        ...(answers.incomeRight ? [] : ['收入']),
        ...labels.filter((l) => answers.indicatorsRight[l.code] === false).map((l) => l.label),
        ...(answers.dataAsOnSite ? [] : ['数据与实地不符']),
      ];
      for (const hook of findingHooks)
        await hook(
          trx,
          { checkId: id, householdId, villageCode: s.villageCode, townshipCode: s.townshipCode, wrong, note: answers.note, checkedOn: answers.checkedOn },
          ctx.actor,
        );
    }
  });
  return readSpotCheck(ctx, viewer, id);
}

export async function addSurvey(ctx: ServiceContext, viewer: Access, id: string, input: unknown): Promise<SpotCheckDetailResponse> {
  if (!can(viewer.role, 'spotCheck.form')) throw notAllowed('只有县扶贫办、县级领导和乡镇可以填写未建档户调查表');
  const body = parse(SurveyRequest, input);
  const h = await visible(ctx.store, viewer, id);
  if (h.kind !== 'three-rate') throw bad(`${id} 是抽查，不是三率自评估：未建档户调查只属于三率自评估`);
  if (body.eligiblePeople > body.people) throw bad(`符合识别标准的人数（${body.eligiblePeople}）多于户人数（${body.people}）`);
  if (body.surveyedOn > chinaDate(ctx.clock())) throw bad(`调查日期 ${body.surveyedOn} 晚于今天`);
  await ctx.store.transaction(async (trx) => {
    const [stratum] = (await ctx.store.spotChecks.strata(viewer.scope, id, { trx })).filter((s) => s.villageCode === body.villageCode);
    if (stratum === undefined || !(h.villages ?? []).includes(body.villageCode))
      throw bad(`行政村 ${body.villageCode} 不是本次三率自评估抽中的村（或不在本辖区）`);
    await ctx.store.spotChecks.addSurvey(
      trx,
      id,
      { ...body, note: body.note ?? null },
      { village: body.villageCode, township: stratum.townshipCode, county: h.countyCode },
      ctx.actor,
      ctx.clock(),
    );
  });
  return readSpotCheck(ctx, viewer, id);
}

/**
 * The latest three-rate pre-assessment with at least one filled form, county-wide, for the
 * dashboard's county criteria; null when none.
 */
export async function latestPreAssessment(store: Store): Promise<PreAssessment | null> {
  for (const h of await store.spotChecks.list(ALL, { kind: 'three-rate' })) {
    const forms = await store.spotChecks.forms(ALL, h.id);
    if (forms.length === 0) continue;
    const rb = rulebookOf(h.rulebookId) ?? (await activeRulebook(store));
    const [strata, sampled, surveys] = await Promise.all([
      store.spotChecks.strata(ALL, h.id),
      store.spotChecks.sampled(ALL, h.id),
      store.spotChecks.surveys(ALL, h.id),
    ]);
    const people = new Map(sampled.map((s) => [s.householdId, s.people]));
    const rates = threeRates(
      strata.map((s) => ({
        villageCode: s.villageCode,
        townshipCode: s.townshipCode ?? '',
        households: s.households,
        people: s.people,
        ...(s.unregisteredPeople === null ? {} : { unregisteredPeople: s.unregisteredPeople }),
      })),
      h.villages ?? [],
      forms.map((f) => ({ householdId: f.householdId, villageCode: f.villageCode, people: people.get(f.householdId) ?? 0, answers: f })),
      surveys,
      zForConfidence(rb.spotCheck.confidence),
    );
    const c = rb.county;
    return {
      checkId: h.id,
      rates,
      confidence: rb.spotCheck.confidence,
      thresholds: { maxMisexitRate: c.maxMisexitRate, maxOmissionRate: c.maxOmissionRate, minApprovalRate: c.minApprovalRate, maxIncidence: c.maxIncidence },
    };
  }
  return null;
}

/** The county's criteria with the latest pre-assessment filled in (as they were without one). */
export async function withPreAssessment(store: Store, county: CountyAssessment): Promise<Pick<CountyAssessment, 'criteria' | 'ready' | 'blockers'>> {
  const pre = await latestPreAssessment(store);
  return pre === null ? county : preAssessedCounty(county, pre);
}
