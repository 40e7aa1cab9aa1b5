/**
 * Linkage quality on the demo lists: each written list read back with parseList, each row
 * linked to the demo registry with the linkage as the cross-check runs it, and the outcome
 * scored against truth.json; beside it, exact-ID matching alone (the normalised ID looked up in
 * the registry, what a VLOOKUP on the ID column does).
 *
 * A row counts as linked when the outcome is 'match'; 'possible' rows wait for a person, so
 * they are counted apart (and as not linked).
 */
import { parseIdNumber } from '../../domain/idNumber.js';
import { RegistryIndex } from '../../domain/linkage/link.js';
import type { RegistryPerson } from '../../domain/linkage/link.js';
import type { LinkageSettings } from '../../domain/linkage/settings.js';
import { NameAnalyzer } from '../../domain/linkage/names.js';
import { PlaceNames } from '../../domain/linkage/places.js';
import type { ListKind } from '../../io/lists/profiles.js';
import { parseList } from '../../io/lists/parse.js';
import type { Workbook } from '../../io/sheets/types.js';
import type { DemoCounty } from '../generate.js';
import type { DemoTruth } from './generate.js';

export interface Score {
  rows: number;
  /** Rows that truly are a registry member. */
  truePeople: number;
  linked: number;
  correct: number;
  /** Linked to someone other than the truth (or to anyone when the truth is nobody). */
  wrong: number;
  possible: number;
  /** Possible matches whose candidate is the right member: what the review screen would confirm. */
  possibleRight: number;
  precision: number;
  recall: number;
  /** Recall once every right possible match is confirmed on the review screen. */
  recallConfirmed: number;
}

export interface KindQuality {
  kind: ListKind;
  ours: Score;
  exactId: Score;
  /** Rows whose truth is a member but that ours did not link, with their planted slips. */
  missed: { row: number; memberId: string; outcome: string; typos: string[] }[];
  /** Rows ours linked to the wrong member. */
  wrongRows: { row: number; truth: string | null; linked: string; score: number | null }[];
}

export function registryPeopleOf(county: DemoCounty): RegistryPerson[] {
  const village = new Map(county.households.map((h) => [h.id, h.villageCode]));
  return county.members.map((m) => ({
    memberId: m.id,
    householdId: m.householdId,
    name: m.name,
    idNumber: m.idNumber,
    sex: m.sex,
    birthDate: m.birthDate,
    villageCode: village.get(m.householdId) ?? null,
    relation: m.relation,
  }));
}

function score(rows: number, truePeople: number, linked: number, correct: number, possible: number, possibleRight: number): Score {
  return {
    rows,
    truePeople,
    linked,
    correct,
    wrong: linked - correct,
    possible,
    possibleRight,
    precision: linked === 0 ? 1 : correct / linked,
    recall: truePeople === 0 ? 1 : correct / truePeople,
    recallConfirmed: truePeople === 0 ? 1 : (correct + possibleRight) / truePeople,
  };
}

export function sumScores(scores: readonly Score[]): Score {
  const s = (f: (x: Score) => number): number => scores.reduce((a, x) => a + f(x), 0);
  return score(
    s((x) => x.rows),
    s((x) => x.truePeople),
    s((x) => x.linked),
    s((x) => x.correct),
    s((x) => x.possible),
    s((x) => x.possibleRight),
  );
}

export function measureKind(kind: ListKind, wb: Workbook, truth: DemoTruth, index: RegistryIndex): KindQuality {
  const parsed = parseList(wb, kind);
  if (parsed.rejected) throw new Error(`演示名单 ${kind} 被拒收：${parsed.issues.find((i) => i.severity === 'error')?.message ?? ''}`);
  const expected = new Map(truth.lists[kind].rows.map((r) => [r.row, r]));
  let truePeople = 0;
  let linked = 0;
  let correct = 0;
  let possible = 0;
  let possibleRight = 0;
  let idLinked = 0;
  let idCorrect = 0;
  const missed: KindQuality['missed'] = [];
  const wrongRows: KindQuality['wrongRows'] = [];
  for (const row of parsed.rows) {
    const t = expected.get(row.row);
    if (!t) throw new Error(`演示名单 ${kind} 第${row.row}行不在真值中`);
    if (t.memberId !== null) truePeople++;
    const r = index.link(row.person);
    if (r.outcome === 'match') {
      linked++;
      if (r.memberId === t.memberId) correct++;
      else wrongRows.push({ row: row.row, truth: t.memberId, linked: r.memberId!, score: r.score });
    } else {
      if (r.outcome === 'possible') {
        possible++;
        if (t.memberId !== null && r.memberId === t.memberId) possibleRight++;
      }
      if (t.memberId !== null) missed.push({ row: row.row, memberId: t.memberId, outcome: r.outcome, typos: t.typos });
    }
    const id = parseIdNumber(row.person.idNumber);
    const hit = id.ok ? index.byId.get(id.value.normalized) : undefined;
    if (hit !== undefined) {
      idLinked++;
      if (index.members[hit]!.memberId === t.memberId) idCorrect++;
    }
  }
  return {
    kind,
    ours: score(parsed.rows.length, truePeople, linked, correct, possible, possibleRight),
    exactId: score(parsed.rows.length, truePeople, idLinked, idCorrect, 0, 0),
    missed,
    wrongRows,
  };
}

export function registryIndexOf(county: DemoCounty, settings: LinkageSettings): RegistryIndex {
  return new RegistryIndex(registryPeopleOf(county), settings, new NameAnalyzer(settings), new PlaceNames(county.regions));
}
