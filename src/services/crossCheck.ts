// 名单比对 (docs/cross-check.md): run a list against the registry. Parse with the list profile (a
// refused list stores nothing), link every row (normalised ID number first, then blocking and
// field-by-field scoring; src/domain/linkage), derive the points each linked row and each absent
// member raises (src/domain/crossCheck), and store the list, its rows' outcomes and the points in
// one transaction. A newer version of the same kind and source keeps the points it finds again,
// closes the open ones it no longer shows (新名单已一致) and never adds a duplicate. The registry is
// read once and indexed once per run; rows are linked in memory and written in bulk. A list never
// changes the registry: only a verified 属实 finding does, through a change request or a task.
import { performance } from 'node:perf_hooks';
import { describeResult } from '../domain/linkage/explain.js';
import { NameAnalyzer, RegistryIndex, type RegistryPerson } from '../domain/linkage/index.js';
import { PlaceNames } from '../domain/linkage/places.js';
import type { LinkResult } from '../domain/linkage/link.js';
import {
  absencePoints,
  pointKey,
  rowPoints,
  unmatchedRowPoint,
  type Linked,
  type PointDraft,
  type RegistryHousehold,
  type RuleContext,
} from '../domain/crossCheck/rules.js';
import { can, isSectorBound } from '../domain/roles.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { HouseholdRecord, Member } from '../domain/types.js';
import { loadLinkageSettings } from '../io/lists/linkageSettings.js';
import { parseList, type ListParse, type ListRow } from '../io/lists/parse.js';
import { LIST_KINDS, type ListKind } from '../io/lists/profiles.js';
import type { Workbook } from '../io/sheets/index.js';
import { ALL, type CheckList, type ListCounts, type NewPoint, type PointScope, type RowRecord } from '../store/index.js';
import { AccessError, notAllowed, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { chinaDate } from './history.js';
import { activeRulebook } from './rulebooks.js';

export interface RunCheckInput {
  workbook: Workbook;
  fileName: string;
  sha256: string;
  kind: string;
  source?: string | undefined;
  asOf?: string | undefined;
}

export interface RowOutcome {
  row: number;
  outcome: 'match' | 'possible' | 'none';
  householdId: string | null;
  memberId: string | null;
  score: number | null;
  method: 'id' | 'probabilistic' | null;
}

export interface RunCheckResult {
  /** Set when the list was refused: nothing was stored. */
  refused: ListParse | null;
  run: CheckList | null;
  rows: RowOutcome[];
  points: PointDraft[];
  warnings: ListParse['issues'];
}

/** The list kinds a viewer may upload: every kind for the county office, a sector's own kinds for a sector department. */
export function uploadableKinds(viewer: Pick<Access, 'role' | 'sector'>, rb: Rulebook): string[] {
  if (!can(viewer.role, 'check.upload')) return [];
  const kinds = Object.keys(rb.crossCheck.listKinds);
  if (!isSectorBound(viewer.role)) return kinds;
  return kinds.filter((k) => viewer.sector !== null && rb.crossCheck.listKinds[k]!.sectors.includes(viewer.sector));
}

/** What the viewer reads of points: its region scope and, for a sector department, its own list kinds. */
export function pointScope(viewer: Access, rb: Rulebook): PointScope {
  if (!isSectorBound(viewer.role)) return { scope: viewer.scope, listKinds: null };
  return { scope: viewer.scope, listKinds: uploadableKinds(viewer, rb) };
}

const isListKind = (k: string): k is ListKind => (LIST_KINDS as readonly string[]).includes(k);

/** The registry as the linkage and the point rules read it, loaded once per run. */
export interface RegistrySnapshot {
  index: RegistryIndex;
  households: Map<string, RegistryHousehold & { codes: { village: string; township: string | null; county: string | null } }>;
  members: Map<string, Member>;
  townshipOfVillage: Map<string, string | null>;
}

export async function loadRegistry(ctx: ServiceContext, rb: Rulebook): Promise<RegistrySnapshot> {
  const regions = await ctx.store.regions.list(ALL);
  const parentOf = new Map(regions.map((r) => [r.code, r.parentCode]));
  const townshipOfVillage = new Map<string, string | null>();
  for (const r of regions) if (r.level === 'village') townshipOfVillage.set(r.code, r.parentCode);
  const records: HouseholdRecord[] = await ctx.store.registry.loadRecords(ALL, { year: rb.year });
  const people: RegistryPerson[] = [];
  const households: RegistrySnapshot['households'] = new Map();
  const members = new Map<string, Member>();
  for (const rec of records) {
    const h = rec.household;
    const township = townshipOfVillage.get(h.villageCode) ?? null;
    households.set(h.id, {
      household: h,
      members: rec.members,
      townshipCode: township,
      codes: { village: h.villageCode, township, county: township === null ? null : (parentOf.get(township) ?? null) },
    });
    for (const m of rec.members) {
      members.set(m.id, m);
      people.push({
        memberId: m.id,
        householdId: h.id,
        name: m.name,
        idNumber: m.idNumber,
        sex: m.sex,
        birthDate: m.birthDate,
        villageCode: h.villageCode,
        townshipCode: township,
        relation: m.relation,
      });
    }
  }
  const settings = loadLinkageSettings();
  // Most sector lists name the township and village instead of coding them; without the names
  // a row lacking an ID number was compared with no place at all (the quality bench uses them).
  const index = new RegistryIndex(people, settings, new NameAnalyzer(settings), new PlaceNames(regions));
  return { index, households, members, townshipOfVillage };
}

export function ruleContext(rb: Rulebook, asOf: string): RuleContext {
  const e = rb.indicators.education.rule;
  return { settings: rb.crossCheck, education: { minAge: e.minAge, maxAge: e.maxAge, attendingStatuses: e.attendingStatuses }, referenceDate: asOf };
}

function linkedOf(reg: RegistrySnapshot, memberId: string, householdId: string): Linked | null {
  const h = reg.households.get(householdId);
  const m = reg.members.get(memberId);
  return h === undefined || m === undefined ? null : { member: m, household: h.household, members: h.members };
}

/** What the row table keeps of a linkage result: the explanation of a scored row, none for an ID match. */
function explanationOf(r: LinkResult): unknown {
  if (r.method === 'id' || r.candidates === 0) return null;
  return {
    comparisons: r.comparisons,
    surnameAdjustment: r.surnameAdjustment,
    blockedBy: r.blockedBy,
    candidates: r.candidates,
    runnerUp: r.runnerUp,
    idProblem: r.idProblem,
    summary: describeResult(r),
  };
}

/**
 * Runs one list. `registry` may be handed in (a benchmark links several lists against one load);
 * otherwise it is read here.
 */
export async function runCheck(ctx: ServiceContext, viewer: Access, input: RunCheckInput, registry?: RegistrySnapshot): Promise<RunCheckResult> {
  const started = performance.now();
  const rb = await activeRulebook(ctx.store);
  const settings = rb.crossCheck.listKinds[input.kind];
  if (settings === undefined || !isListKind(input.kind)) {
    throw new AccessError(400, 'unknown-kind', `未知的名单类别“${input.kind}”，应为 ${Object.keys(rb.crossCheck.listKinds).join('、')} 之一`);
  }
  if (!uploadableKinds(viewer, rb).includes(input.kind)) throw notAllowed(`您的账号不能上传${settings.label}`);
  const parsed = parseList(input.workbook, input.kind);
  if (parsed.rejected) return { refused: parsed, run: null, rows: [], points: [], warnings: [] };
  const source = input.source?.trim() || settings.defaultSource;
  const asOf = input.asOf ?? chinaDate(ctx.clock());
  const reg = registry ?? (await loadRegistry(ctx, rb));
  const rctx = ruleContext(rb, asOf);

  const records: RowRecord[] = new Array<RowRecord>(parsed.rows.length);
  const outcomes: RowOutcome[] = new Array<RowOutcome>(parsed.rows.length);
  const drafts: PointDraft[] = [];
  const present = { members: new Set<string>(), households: new Set<string>(), townships: new Set<string>() };
  let matched = 0;
  let possible = 0;
  for (let i = 0; i < parsed.rows.length; i++) {
    const row: ListRow = parsed.rows[i]!;
    const r = reg.index.link(row.person);
    const before = drafts.length;
    if (r.outcome === 'match' && r.memberId !== null && r.householdId !== null) {
      matched++;
      present.members.add(r.memberId);
      present.households.add(r.householdId);
      const t = reg.households.get(r.householdId)?.townshipCode;
      if (t) present.townships.add(t);
      const l = linkedOf(reg, r.memberId, r.householdId);
      if (l !== null) for (const p of rowPoints(input.kind, row, l, rctx)) drafts.push(p);
    } else if (r.outcome === 'possible') {
      possible++;
      // A person must still say who this is: the member counts as present until then.
      if (r.memberId !== null) present.members.add(r.memberId);
      if (r.householdId !== null) present.households.add(r.householdId);
    } else {
      const village = row.person.villageCode;
      const p = unmatchedRowPoint(input.kind, row, rctx, village);
      if (p !== null) drafts.push(p);
    }
    const keepData = r.outcome === 'possible' || drafts.length > before;
    records[i] = {
      row: row.row,
      outcome: r.outcome,
      method: r.method,
      memberId: r.memberId,
      householdId: r.householdId,
      score: r.score,
      explanation: explanationOf(r),
      data: keepData ? row.values : null,
      review: r.outcome === 'possible' ? 'pending' : null,
    };
    outcomes[i] = {
      row: row.row,
      outcome: r.outcome,
      householdId: r.householdId,
      memberId: r.memberId,
      score: r.score,
      method: r.method === 'id' ? 'id' : r.method === 'score' ? 'probabilistic' : null,
    };
  }
  for (const p of absencePoints(input.kind, [...reg.households.values()], present, rctx)) drafts.push(p);

  const at = ctx.clock();
  const result = await ctx.store.transaction(async (trx) => {
    const { live, dismissed } = await ctx.store.checks.liveKeys(trx, input.kind, source);
    const liveByKey = new Map(live.map((p) => [p.key, p]));
    const seen = new Set<string>();
    const fresh: NewPoint[] = [];
    const freshDrafts: PointDraft[] = [];
    const kept: number[] = [];
    for (const d of drafts) {
      const key = pointKey(input.kind, source, d);
      if (seen.has(key)) continue;
      seen.add(key);
      const old = liveByKey.get(key);
      if (old !== undefined) {
        kept.push(old.id);
        continue;
      }
      if (dismissed.has(key)) continue;
      fresh.push({ ...d, key, codes: codesOf(reg, d) });
      freshDrafts.push(d);
    }
    // Only points still waiting for a check close by themselves; a checked one waits for its verifier.
    const agreed = live.filter((p) => !seen.has(p.key) && p.status === 'open');
    const counts: ListCounts = {
      matched,
      possible,
      unmatched: parsed.rows.length - matched - possible,
      pointsOpened: fresh.length,
      pointsClosed: agreed.length,
      pointsKept: kept.length,
      ms: 0,
    };
    const list = await ctx.store.checks.createList(
      trx,
      { kind: input.kind, source, asOf, fileName: input.fileName, sha256: input.sha256, rows: parsed.rows.length },
      counts,
      records,
      ctx.actor,
      at,
    );
    await ctx.store.checks.createPoints(trx, list.id, input.kind, source, fresh, ctx.actor, at);
    await ctx.store.checks.keepPoints(trx, kept, list.id, at);
    await ctx.store.checks.closeAgreed(trx, agreed, list.id, ctx.actor, at, `${rb.crossCheck.findings['list-agrees']}（${settings.label}第${list.version}版）`);
    counts.ms = Math.round(performance.now() - started);
    await ctx.store.checks.setCounts(trx, list.id, counts);
    return { list: { ...list, counts }, points: freshDrafts };
  });
  return { refused: null, run: result.list, rows: outcomes, points: result.points, warnings: parsed.issues };
}

function codesOf(reg: RegistrySnapshot, d: PointDraft): NewPoint['codes'] {
  if (d.householdId !== null) {
    const h = reg.households.get(d.householdId);
    if (h !== undefined) return h.codes;
  }
  const village = d.villageCode ?? null;
  if (village === null) return { village: null, township: null, county: null };
  const township = reg.townshipOfVillage.get(village) ?? null;
  return { village, township, county: township === null ? null : village.slice(0, 6) };
}
