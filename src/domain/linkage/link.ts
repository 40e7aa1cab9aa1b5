/**
 * Linking a list to the registry: by the normalised ID number first; otherwise candidates from
 * blocking rules, each scored field by field (Fellegi-Sunter log2 Bayes factors plus a surname
 * frequency adjustment), and the best one judged against the thresholds.
 *
 * The registry is indexed once (Maps keyed by ID and by each blocking key); a row costs a few
 * Map lookups and the scoring of a handful of candidates, with no allocation per candidate.
 */
import { normalizeIdText, parseIdNumber } from '../idNumber.js';
import type { IdProblem } from '../idNumber.js';
import { isKnownProvincePrefix } from '../regionCodes.js';
import { compareBirth, compareId, compareName, comparePlace, compareRelation, compareSex } from './compare.js';
import type { Prepared } from './compare.js';
import { NameAnalyzer } from './names.js';
import type { PlaceNames } from './places.js';
import { BIRTH_LEVELS, ID_LEVELS, NAME_LEVELS, PLACE_LEVELS, RELATION_LEVELS, SEX_LEVELS, levelWeight } from './settings.js';
import type { BlockPart, Evidence, LinkageSettings, NameLevel } from './settings.js';

/** A person as a list row or the registry gives them. Everything may be missing. */
export interface LinkPerson {
  name: string | null;
  /** Raw for list rows (any cell value); normalised for registry members. */
  idNumber: unknown;
  sex: 'M' | 'F' | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  /** 12-digit 行政区划代码 of the village. */
  villageCode: string | null;
  /** 9 digits; taken from villageCode when absent. */
  townshipCode?: string | null;
  /** Relation code (head, spouse, son ...). */
  relation: string | null;
  /** Township and village as the list names them, used when the row has no village code (see places.ts). */
  township?: string | null;
  village?: string | null;
}

export interface RegistryPerson extends LinkPerson {
  memberId: string;
  householdId: string;
}

export type LinkField = 'idNumber' | 'name' | 'birthDate' | 'sex' | 'place' | 'relation';
export type LinkOutcome = 'match' | 'possible' | 'none';

export interface ComparisonDetail {
  field: LinkField;
  level: string;
  weight: number;
}

export interface SurnameAdjustment {
  /** 'name': the whole name's frequency (nameFrequency settings), else the surname's. */
  basis?: 'surname' | 'name';
  surname: string;
  /** Share of registry members with this surname. */
  frequency: number;
  weight: number;
}

export interface LinkResult {
  outcome: LinkOutcome;
  /** 'id': found by the normalised ID number; 'score': by the field comparisons. */
  method: 'id' | 'score' | null;
  memberId: string | null;
  householdId: string | null;
  /** The total log2 score of the chosen (or best rejected) candidate; null without candidates. */
  score: number | null;
  /** Why the row's ID number could not be used directly ('not-in-registry' when valid but unknown). */
  idProblem: IdProblem | 'not-in-registry' | null;
  /** The levels and weights of the best candidate, field by field. */
  comparisons: ComparisonDetail[];
  surnameAdjustment: SurnameAdjustment | null;
  /** The blocking rule that first brought the best candidate. */
  blockedBy: string | null;
  candidates: number;
  /** The second-best candidate, when there was one. */
  runnerUp: { memberId: string; score: number } | null;
}

function weightTable<L extends string>(names: readonly L[], evidence: Record<L, Evidence>): Record<L, number> {
  const out = {} as Record<L, number>;
  for (const n of names) out[n] = levelWeight(evidence[n]);
  return out;
}

interface Weights {
  idNumber: Record<(typeof ID_LEVELS)[number], number>;
  name: Record<(typeof NAME_LEVELS)[number], number>;
  birthDate: Record<(typeof BIRTH_LEVELS)[number], number>;
  sex: Record<(typeof SEX_LEVELS)[number], number>;
  place: Record<(typeof PLACE_LEVELS)[number], number>;
  relation: Record<(typeof RELATION_LEVELS)[number], number>;
}

// ------------------------------------------------------------------ ID numbers

interface IdReading {
  /** Normalised valid ID. */
  id: string | null;
  /** 18 characters of ID text even when invalid. */
  idText: string | null;
  problem: IdProblem | null;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
}

const EMPTY_ID: IdReading = { id: null, idText: null, problem: 'empty', birthDate: null, sex: null };
const ID18 = /^\d{17}[\dX]$/u;
const VILLAGE_CODE = /^\d{12}$/u;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(t: string, i: number): number {
  return t.charCodeAt(i) - 48;
}

/** The birth date digits of an 18-character ID text as YYYY-MM-DD, or null when not a real date. */
function dateFromIdText(t: string): string | null {
  const y = digit(t, 6) * 1000 + digit(t, 7) * 100 + digit(t, 8) * 10 + digit(t, 9);
  const m = digit(t, 10) * 10 + digit(t, 11);
  const d = digit(t, 12) * 10 + digit(t, 13);
  if (!(y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= MONTH_DAYS[m - 1]!)) return null;
  if (m === 2 && d === 29 && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return null;
  return `${t.slice(6, 10)}-${t.slice(10, 12)}-${t.slice(12, 14)}`;
}

/** Whether a clean 18-character text carries the right check character (no allocation). */
function checks(t: string): boolean {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = digit(t, i);
    if (c < 0 || c > 9) return false;
    sum += c * ID_WEIGHTS[i]!;
  }
  return ID_CHECK.charCodeAt(sum % 11) === t.charCodeAt(17);
}

/**
 * The ID number of a row through the one normalisation of idNumber.ts (15 -> 18, full-width
 * digits, lower-case x, spaces, check character). A number that fails only its check keeps its
 * text, birth date and sex: the other 17 characters are usually right.
 */
export function readRowId(raw: unknown): IdReading {
  if (raw === null || raw === undefined || raw === '') return EMPTY_ID;
  // Fast path: a clean valid 18-character text, the common case of a million-row list.
  if (typeof raw === 'string' && raw.length === 18 && checks(raw) && isKnownProvincePrefix(raw)) {
    const birthDate = dateFromIdText(raw);
    if (birthDate !== null) return { id: raw, idText: raw, problem: null, birthDate, sex: (raw.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F' };
  }
  const r = parseIdNumber(raw);
  if (r.ok) return { id: r.value.normalized, idText: r.value.normalized, problem: null, birthDate: r.value.birthDate, sex: r.value.sex };
  const text = normalizeIdText(raw);
  if (r.problem !== 'float-damaged' && ID18.test(text)) {
    const seq = text.charCodeAt(16) - 48;
    return { id: null, idText: text, problem: r.problem, birthDate: dateFromIdText(text), sex: seq % 2 === 1 ? 'M' : 'F' };
  }
  return { id: null, idText: null, problem: r.problem, birthDate: null, sex: null };
}

// ------------------------------------------------------------------ the index

export interface RegistryIndexStats {
  members: number;
  withId: number;
  blocks: Record<string, number>;
}

export class RegistryIndex {
  readonly settings: LinkageSettings;
  readonly analyzer: NameAnalyzer;
  readonly members: readonly RegistryPerson[];
  readonly prepared: Prepared[];
  readonly byId = new Map<string, number>();
  private readonly blocks: Map<number, number[]>[];
  /** Interned text parts of blocking keys: a row's key is a number, built without strings. */
  private readonly interned = new Map<string, number>();
  private readonly weights: Weights;
  private readonly surnameShare = new Map<string, number>();
  private readonly nameShare = new Map<string, number>();
  /** u of the 'exact' name level: the chance two different people share a name, on which the name adjustment is based. */
  private readonly exactNameU: number;
  private readonly surnameBaseline: number;
  private readonly tfLevels: ReadonlySet<NameLevel>;
  /** The most a name comparison can add (best level plus the largest surname adjustment). */
  private readonly bestNameWeight: number;

  /** Resolves the township and village names of list rows; null: rows without codes have no place. */
  private readonly places: PlaceNames | null;

  constructor(
    members: readonly RegistryPerson[],
    settings: LinkageSettings,
    analyzer: NameAnalyzer = new NameAnalyzer(settings),
    places: PlaceNames | null = null,
  ) {
    this.settings = settings;
    this.places = places;
    this.analyzer = analyzer;
    this.members = members;
    const c = settings.comparisons;
    this.weights = {
      idNumber: weightTable(ID_LEVELS, c.idNumber),
      name: weightTable(NAME_LEVELS, c.name),
      birthDate: weightTable(BIRTH_LEVELS, c.birthDate),
      sex: weightTable(SEX_LEVELS, c.sex),
      place: weightTable(PLACE_LEVELS, c.place),
      relation: weightTable(RELATION_LEVELS, c.relation),
    };
    this.tfLevels = new Set(settings.surnameFrequency.levels);
    this.bestNameWeight =
      Math.max(...Object.values(this.weights.name)) +
      Math.max(
        settings.surnameFrequency.enabled ? settings.surnameFrequency.maxAdjustment : 0,
        settings.nameFrequency?.enabled ? settings.nameFrequency.maxAdjustment : 0,
      );
    this.blocks = settings.blocking.map(() => new Map<number, number[]>());
    this.prepared = new Array<Prepared>(members.length);
    const surnameCounts = new Map<string, number>();
    const nameCounts = new Map<string, number>();
    let named = 0;
    const exact = c.name.exact;
    this.exactNameU = 'u' in exact ? exact.u : 2 ** -exact.weight;
    for (let i = 0; i < members.length; i++) {
      const p = this.prepare(members[i]!);
      this.prepared[i] = p;
      if (p.id !== null && !this.byId.has(p.id)) this.byId.set(p.id, i);
      if (p.name && p.name.surname !== '') {
        surnameCounts.set(p.name.surname, (surnameCounts.get(p.name.surname) ?? 0) + 1);
        named++;
      }
      if (p.name && p.name.name !== '') nameCounts.set(p.name.name, (nameCounts.get(p.name.name) ?? 0) + 1);
      for (let r = 0; r < settings.blocking.length; r++) {
        const key = this.numericKey(settings.blocking[r]!.parts, p, true);
        if (key === null) continue;
        const list = this.blocks[r]!.get(key);
        if (list) list.push(i);
        else this.blocks[r]!.set(key, [i]);
      }
    }
    let baseline = 0;
    for (const [s, n] of surnameCounts) {
      const share = n / named;
      this.surnameShare.set(s, share);
      baseline += share * share;
    }
    this.surnameBaseline = baseline;
    for (const [n, k] of nameCounts) this.nameShare.set(n, k / Math.max(1, members.length));
    this.seen = new Int32Array(members.length);
  }

  stats(): RegistryIndexStats {
    const blocks: Record<string, number> = {};
    this.settings.blocking.forEach((rule, r) => (blocks[rule.name] = this.blocks[r]!.size));
    return { members: this.members.length, withId: this.byId.size, blocks };
  }

  /** A person's comparable form; list rows and members go through the same steps. */
  prepare(p: LinkPerson, idr: IdReading = readRowId(p.idNumber)): Prepared {
    let village = p.villageCode && p.villageCode.length === 12 && VILLAGE_CODE.test(p.villageCode) ? p.villageCode : null;
    let township = p.townshipCode ?? (village ? village.slice(0, 9) : null);
    if (village === null && this.places && (p.township || p.village)) {
      const named = this.places.resolve(p.township, p.village);
      village = named.villageCode;
      township = township ?? named.townshipCode;
    }
    return {
      name: p.name ? this.analyzer.features(p.name) : null,
      id: idr.id,
      idText: idr.idText,
      idProblem: idr.problem,
      sex: p.sex ?? idr.sex,
      birthDate: p.birthDate ?? idr.birthDate,
      birthFromId: p.birthDate === null && idr.birthDate !== null,
      sexFromId: p.sex === null && idr.sex !== null,
      villageCode: village,
      townshipCode: township,
      relation: p.relation,
    };
  }

  /** The surname-frequency adjustment for a name level, or null when it does not apply. */
  surnameAdjustment(level: NameLevel, a: Prepared, b: Prepared): SurnameAdjustment | null {
    const nf = this.settings.nameFrequency;
    if (nf?.enabled && level === 'exact' && b.name) {
      const frequency = this.nameShare.get(b.name.name) ?? 0;
      const raw = Math.log2(this.exactNameU / Math.max(frequency, nf.minFrequency));
      return { basis: 'name', surname: b.name.name, frequency, weight: Math.max(-nf.maxAdjustment, Math.min(nf.maxAdjustment, raw)) };
    }
    const tf = this.settings.surnameFrequency;
    if (!tf.enabled || !this.tfLevels.has(level) || !a.name || !b.name) return null;
    const surname = b.name.surname;
    if (surname === '' || (a.name.surname !== surname && a.name.surnamePinyin !== b.name.surnamePinyin)) return null;
    const frequency = this.surnameShare.get(surname) ?? 0;
    const raw = tf.strength * Math.log2(this.surnameBaseline / Math.max(frequency, tf.minFrequency));
    const weight = Math.max(-tf.maxAdjustment, Math.min(tf.maxAdjustment, raw));
    return { basis: 'surname', surname, frequency, weight };
  }

  /** Whether birth date and sex only repeat what an agreeing ID number already said. */
  private idImplied(row: Prepared, idLevel: string): { birth: boolean; sex: boolean } {
    if (this.settings.idImpliedFieldsCountTwice !== false || (idLevel !== 'exact' && idLevel !== 'one-typo')) return NOT_IMPLIED;
    return { birth: row.birthFromId === true, sex: row.sexFromId === true };
  }

  /** Every field's level and weight for a row against a member (the side-by-side screen). */
  explain(row: Prepared, memberIndex: number): { comparisons: ComparisonDetail[]; surnameAdjustment: SurnameAdjustment | null; score: number } {
    const m = this.prepared[memberIndex]!;
    const w = this.weights;
    const nameLevel = compareName(row.name, m.name, this.analyzer);
    const levels: [LinkField, string, number][] = [];
    const idLevel = compareId(row, m);
    const implied = this.idImplied(row, idLevel);
    levels.push(['idNumber', idLevel, w.idNumber[idLevel]]);
    levels.push(['name', nameLevel, w.name[nameLevel]]);
    const birth = implied.birth ? 'missing' : compareBirth(row.birthDate, m.birthDate);
    levels.push(['birthDate', birth, w.birthDate[birth]]);
    const sex = implied.sex ? 'missing' : compareSex(row.sex, m.sex);
    levels.push(['sex', sex, w.sex[sex]]);
    const place = comparePlace(row, m);
    levels.push(['place', place, w.place[place]]);
    const rel = compareRelation(row.relation, m.relation);
    levels.push(['relation', rel, w.relation[rel]]);
    const adj = this.surnameAdjustment(nameLevel, row, m);
    let score = adj ? adj.weight : 0;
    const comparisons = levels.map(([field, level, weight]) => {
      score += weight;
      return { field, level, weight: round(weight) };
    });
    return { comparisons, surnameAdjustment: adj ? { ...adj, weight: round(adj.weight) } : null, score: round(score) };
  }

  /**
   * The total score without building the explanation (the hot loop). The cheap fields go first;
   * when even the best name agreement could not lift the candidate to a possible match, the
   * name is not compared and that upper bound (below the threshold) is returned instead.
   */
  score(row: Prepared, memberIndex: number): number {
    const m = this.prepared[memberIndex]!;
    const w = this.weights;
    const idLevel = compareId(row, m);
    const implied = this.idImplied(row, idLevel);
    const rest =
      w.idNumber[idLevel] +
      (implied.birth ? 0 : w.birthDate[compareBirth(row.birthDate, m.birthDate)]) +
      (implied.sex ? 0 : w.sex[compareSex(row.sex, m.sex)]) +
      w.place[comparePlace(row, m)] +
      w.relation[compareRelation(row.relation, m.relation)];
    if (rest + this.bestNameWeight < this.settings.thresholds.possible) return rest + this.bestNameWeight;
    const nameLevel = compareName(row.name, m.name, this.analyzer);
    let s = rest + w.name[nameLevel];
    const adj = this.surnameAdjustment(nameLevel, row, m);
    if (adj) s += adj.weight;
    return s;
  }

  // Candidate de-duplication: seen[i] === stamp means member i is already a candidate of this row.
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly candidateBuf: number[] = [];
  private readonly ruleBuf: number[] = [];

  private intern(text: string | null, add: boolean): number {
    if (text === null) return -1;
    const id = this.interned.get(text);
    if (id !== undefined) return id;
    if (!add) return -1;
    const next = this.interned.size + 1;
    this.interned.set(text, next);
    return next;
  }

  private partValue(p: BlockPart, r: Prepared, add: boolean): number {
    switch (p) {
      case 'villageCode':
        return this.intern(r.villageCode, add);
      case 'townshipCode':
        return this.intern(r.townshipCode, add);
      case 'birthDate':
        return r.birthDate ? dateNumber(r.birthDate) : -1;
      case 'birthYear':
        return r.birthDate ? dateNumber(r.birthDate) >> 9 : -1;
      case 'birthMonthDay':
        return r.birthDate ? dateNumber(r.birthDate) & 511 : -1;
      case 'sex':
        return r.sex === null ? -1 : r.sex === 'M' ? 1 : 2;
      case 'surname':
        return r.name && r.name.surname !== '' ? this.intern(r.name.surname, add) : -1;
      case 'surnamePinyin':
        return r.name && r.name.surnamePinyin !== '' ? this.intern(r.name.surnamePinyin, add) : -1;
      case 'namePinyin':
        return r.name && r.name.pinyin !== '' ? this.intern(r.name.pinyin, add) : -1;
      case 'nameFolded':
        return r.name && r.name.folded !== '' ? this.intern(r.name.folded, add) : -1;
      case 'id17':
        return r.idText ? hashChars(r.idText, 17) : -1;
    }
  }

  /**
   * The rule's key as a 32-bit hash of its parts, or null when a part is missing (or, for a row,
   * a text part no member has, so no block can hold it). A collision only adds a candidate,
   * which the scoring then rejects: blocking finds candidates, it does not decide.
   */
  private numericKey(parts: readonly BlockPart[], r: Prepared, add: boolean): number | null {
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < parts.length; i++) {
      const v = this.partValue(parts[i]!, r, add);
      if (v < 0) return null;
      h = Math.imul(h ^ v, 0x01000193);
      h ^= h >>> 15;
    }
    return h;
  }

  /** Candidate member indices for a row, with the rule that brought each. */
  candidates(row: Prepared, validId: boolean): { members: number[]; rules: number[] } {
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const out = this.candidateBuf;
    const rules = this.ruleBuf;
    out.length = 0;
    rules.length = 0;
    const max = this.settings.maxCandidates;
    const blocking = this.settings.blocking;
    for (let r = 0; r < blocking.length && out.length < max; r++) {
      const rule = blocking[r]!;
      if (validId && !rule.forValidId) continue;
      const key = this.numericKey(rule.parts, row, false);
      if (key === null) continue;
      const list = this.blocks[r]!.get(key);
      if (!list || list.length > rule.maxBlockSize) continue;
      for (let k = 0; k < list.length && out.length < max; k++) {
        const i = list[k]!;
        if (this.seen[i] === this.stamp) continue;
        this.seen[i] = this.stamp;
        out.push(i);
        rules.push(r);
      }
    }
    return { members: out, rules };
  }

  /** Links one row. */
  link(person: LinkPerson): LinkResult {
    const idr = readRowId(person.idNumber);
    if (idr.id !== null) {
      const hit = this.byId.get(idr.id);
      if (hit !== undefined) return this.idMatch(person, hit);
    }
    return this.linkPrepared(this.prepare(person, idr));
  }

  private idMatch(person: LinkPerson, hit: number): LinkResult {
    const m = this.prepared[hit]!;
    const member = this.members[hit]!;
    // Most names agree letter for letter: no pinyin needed for those.
    const nameLevel =
      person.name !== null && m.name !== null && person.name === member.name
        ? 'exact'
        : compareName(person.name ? this.analyzer.features(person.name) : null, m.name, this.analyzer);
    return {
      outcome: 'match',
      method: 'id',
      memberId: member.memberId,
      householdId: member.householdId,
      score: this.settings.idMatchScore,
      idProblem: null,
      comparisons: [
        { field: 'idNumber', level: 'exact', weight: this.settings.idMatchScore },
        { field: 'name', level: nameLevel, weight: round(this.weights.name[nameLevel]) },
      ],
      surnameAdjustment: null,
      blockedBy: null,
      candidates: 1,
      runnerUp: null,
    };
  }

  linkPrepared(row: Prepared): LinkResult {
    const t = this.settings.thresholds;
    if (row.id !== null) {
      const hit = this.byId.get(row.id);
      if (hit !== undefined)
        return this.idMatch(
          { name: row.name?.name ?? null, idNumber: row.id, sex: row.sex, birthDate: row.birthDate, villageCode: row.villageCode, relation: row.relation },
          hit,
        );
    }
    const idProblem = row.id !== null ? 'not-in-registry' : row.idProblem;
    const { members, rules } = this.candidates(row, row.id !== null);
    let best = -1;
    let bestScore = -Infinity;
    let bestRule = -1;
    let second = -1;
    let secondScore = -Infinity;
    for (let k = 0; k < members.length; k++) {
      const i = members[k]!;
      const s = this.score(row, i);
      if (s > bestScore) {
        second = best;
        secondScore = bestScore;
        best = i;
        bestScore = s;
        bestRule = rules[k]!;
      } else if (s > secondScore) {
        second = i;
        secondScore = s;
      }
    }
    if (best < 0) return noCandidate(idProblem);
    let outcome: LinkOutcome = bestScore >= t.match ? 'match' : bestScore >= t.possible ? 'possible' : 'none';
    // Two members nearly as likely: a person must choose.
    if (outcome === 'match' && second >= 0 && bestScore - secondScore < t.ambiguityMargin) outcome = 'possible';
    const member = this.members[best]!;
    const ex = this.explain(row, best);
    return {
      outcome,
      method: outcome === 'none' ? null : 'score',
      memberId: outcome === 'none' ? null : member.memberId,
      householdId: outcome === 'none' ? null : member.householdId,
      score: ex.score,
      idProblem,
      comparisons: ex.comparisons,
      surnameAdjustment: ex.surnameAdjustment,
      blockedBy: this.settings.blocking[bestRule]!.name,
      candidates: members.length,
      runnerUp: second >= 0 ? { memberId: this.members[second]!.memberId, score: round(secondScore) } : null,
    };
  }
}

const NOT_IMPLIED = Object.freeze({ birth: false, sex: false });

const NO_CANDIDATE = new Map<string | null, LinkResult>();

/** Most rows of a big list find nobody: one frozen result per ID problem saves a million objects. */
function noCandidate(idProblem: LinkResult['idProblem']): LinkResult {
  let r = NO_CANDIDATE.get(idProblem);
  if (!r) {
    r = Object.freeze({
      outcome: 'none',
      method: null,
      memberId: null,
      householdId: null,
      score: null,
      idProblem,
      comparisons: Object.freeze([]) as unknown as ComparisonDetail[],
      surnameAdjustment: null,
      blockedBy: null,
      candidates: 0,
      runnerUp: null,
    }) as LinkResult;
    NO_CANDIDATE.set(idProblem, r);
  }
  return r;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** YYYY-MM-DD as year << 9 | month << 5 | day, from the characters (no allocation). */
function dateNumber(d: string): number {
  const y = digit(d, 0) * 1000 + digit(d, 1) * 100 + digit(d, 2) * 10 + digit(d, 3);
  return (y << 9) | ((digit(d, 5) * 10 + digit(d, 6)) << 5) | (digit(d, 8) * 10 + digit(d, 9));
}

function hashChars(t: string, n: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < n; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  return h >>> 1;
}
