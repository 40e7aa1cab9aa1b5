/**
 * One demo list as a sector department would hand it over: a title row, a header row in the
 * department's own words, and data rows, each person typed in with the department's slips. The
 * builder keeps the truth beside the cells: who each row really is, which slips it carries, and
 * which rows (or missing rows) are real discrepancies.
 */
import type { Random } from '../../domain/random.js';
import { RELATION_LABELS, SEX_LABELS } from '../../domain/labels.js';
import type { ListKind } from '../../io/lists/profiles.js';
import type { People, Person } from './people.js';
import { fullWidth, homophoneOf, lookalikeOf, spaced, swapDayMonth, toId15, withBadCheck } from './typos.js';
import type { Typo, TypoRates } from './typos.js';

export type Cell = string | number | null;

/** The point kind codes of the cross-check (the rulebook's crossCheck section labels them). */
export type DiscrepancyKind =
  | 'dropout'
  | 'uninsured'
  | 'deceased'
  | 'housing-mismatch'
  | 'assistance-mismatch'
  | 'four-kinds'
  | 'disability-mismatch'
  | 'missing-in-registry'
  | 'missing-in-national'
  | 'field-mismatch';

export interface TruthRow {
  row: number;
  memberId: string | null;
  typos: Typo[];
}

export interface Discrepancy {
  kind: DiscrepancyKind;
  householdId: string | null;
  memberId: string | null;
  row: number | null;
  /** For field-mismatch: which field of ours differs (attribute, status, health ...). */
  field?: string;
}

export interface DemoList {
  kind: ListKind;
  source: string;
  asOf: string;
  sheet: string;
  title: string;
  headers: string[];
  /** Columns written as text cells (ID numbers, codes), by index. */
  textColumns: number[];
  rows: Cell[][];
  truth: TruthRow[];
  discrepancies: Discrepancy[];
}

/** How a department writes a date. */
export type DateStyle = 'iso' | 'compact' | 'slash' | 'chinese';

export function formatDate(iso: string, style: DateStyle): string {
  const [y, m, d] = iso.split('-');
  switch (style) {
    case 'iso':
      return iso;
    case 'compact':
      return `${y}${m}${d}`;
    case 'slash':
      return `${y}/${Number(m)}/${Number(d)}`;
    case 'chinese':
      return `${y}年${Number(m)}月${Number(d)}日`;
  }
}

/** Person columns a list can carry, by the key the builder fills them from. */
export type PersonKey = 'seq' | 'name' | 'idNumber' | 'sex' | 'birthDate' | 'township' | 'village' | 'villageCode' | 'relation';

export interface ListSpec {
  kind: ListKind;
  source: string;
  asOf: string;
  sheet: string;
  title: string;
  /** [key, header]: person keys are filled from the person, other keys from the row's values. */
  columns: readonly (readonly [string, string])[];
  textKeys: readonly string[];
  dateStyle: DateStyle;
  rates: TypoRates;
}

const PERSON_KEYS = new Set<string>(['seq', 'name', 'idNumber', 'sex', 'birthDate', 'township', 'village', 'villageCode', 'relation']);

/** The sheet row of the first data row: a title row, then the header row. */
const FIRST_DATA_ROW = 3;

export class ListBuilder {
  private readonly rows: Cell[][] = [];
  private readonly truth: TruthRow[] = [];
  private readonly discrepancies: Discrepancy[] = [];

  constructor(
    private readonly spec: ListSpec,
    private readonly rng: Random,
    private readonly people: People,
  ) {}

  /**
   * Adds a row for `person` (typed with the list's slips) and returns its sheet row. `truth` is
   * the registry member the row really is: the person's own 人编号 unless given (null for a
   * person the registry lacks).
   */
  add(person: Person, values: Readonly<Record<string, Cell>>, opts: { truth?: string | null; clean?: boolean } = {}): number {
    const row = FIRST_DATA_ROW + this.rows.length;
    const typos: Typo[] = [];
    const typed = opts.clean ? this.cleanPerson(person) : this.typePerson(person, typos);
    const place = this.people.villageNames.get(person.villageCode);
    const cells: Cell[] = this.spec.columns.map(([key]) => {
      if (key in values) return values[key] ?? null;
      if (!PERSON_KEYS.has(key)) return null;
      switch (key as PersonKey) {
        case 'seq':
          return this.rows.length + 1;
        case 'name':
          return typed.name;
        case 'idNumber':
          return typed.id;
        case 'sex':
          return SEX_LABELS.label(person.sex);
        case 'birthDate':
          return typed.birthDate;
        case 'township':
          return place?.township ?? null;
        case 'village':
          return place?.village ?? null;
        case 'villageCode':
          return person.villageCode;
        case 'relation':
          return RELATION_LABELS.label(person.relation);
      }
    });
    this.rows.push(cells);
    this.truth.push({ row, memberId: opts.truth === undefined ? person.memberId : opts.truth, typos });
    return row;
  }

  discrepancy(d: Discrepancy): void {
    this.discrepancies.push(d);
  }

  get size(): number {
    return this.rows.length;
  }

  build(): DemoList {
    const s = this.spec;
    return {
      kind: s.kind,
      source: s.source,
      asOf: s.asOf,
      sheet: s.sheet,
      title: s.title,
      headers: s.columns.map(([, h]) => h),
      textColumns: s.columns.flatMap(([k], i) => (s.textKeys.includes(k) ? [i] : [])),
      rows: this.rows,
      truth: this.truth,
      discrepancies: this.discrepancies,
    };
  }

  private has(key: string): boolean {
    return this.spec.columns.some(([k]) => k === key);
  }

  private cleanPerson(p: Person): { name: string; id: string | null; birthDate: string | null } {
    return { name: p.name, id: p.idNumber, birthDate: formatDate(p.birthDate, this.spec.dateStyle) };
  }

  private typePerson(p: Person, typos: Typo[]): { name: string; id: string | null; birthDate: string | null } {
    const rates = this.spec.rates;
    const rng = this.rng;
    let name = p.name;
    const r = rng.next();
    if (r < rates.homophone) {
      const t = homophoneOf(rng, name);
      if (t) {
        name = t;
        typos.push('homophone');
      }
    } else if (r < rates.homophone + rates.lookalike) {
      const t = lookalikeOf(rng, name);
      if (t) {
        name = t;
        typos.push('lookalike');
      }
    }

    let birthDate = p.birthDate;
    if (this.has('birthDate') && rng.chance(rates['day-month-swap'])) {
      const t = swapDayMonth(birthDate);
      if (t) {
        birthDate = t;
        typos.push('day-month-swap');
      }
    }

    let id: string | null = p.idNumber;
    if (this.has('idNumber')) {
      const x = rng.next();
      let edge = 0;
      const pick = (t: Typo): boolean => x >= edge && x < (edge += rates[t]);
      if (pick('missing-id')) {
        id = null;
        typos.push('missing-id');
      } else if (pick('id15')) {
        const t = toId15(p.idNumber);
        if (t) {
          id = t;
          typos.push('id15');
        }
      } else if (pick('bad-check')) {
        id = withBadCheck(rng, p.idNumber);
        typos.push('bad-check');
      } else if (pick('full-width')) {
        id = fullWidth(p.idNumber);
        typos.push('full-width');
      } else if (pick('spaces')) {
        id = spaced(p.idNumber);
        typos.push('spaces');
      }
      if (id !== null && id.endsWith('X') && rng.chance(rates['lower-x'])) {
        id = `${id.slice(0, -1)}x`;
        typos.push('lower-x');
      }
    }
    return { name, id, birthDate: formatDate(birthDate, this.spec.dateStyle) };
  }
}
