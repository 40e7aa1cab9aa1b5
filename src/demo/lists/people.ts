/**
 * The people the demo lists are about: the registry's members, and villagers of the same
 * villages who are not registered (非建档立卡户). Sector lists cover everybody a department
 * serves, so most of their rows are such outsiders; without them a linkage would score perfect
 * precision by matching every row to someone.
 */
import { makeIdNumber } from '../../domain/idNumber.js';
import { Random } from '../../domain/random.js';
import type { Household, Member, Relation, Sex } from '../../domain/types.js';
import { DEMO_COUNTY_CODE } from '../generate.js';
import type { DemoCounty } from '../generate.js';
import { personName, surnameFor } from '../names.js';
import type { Ethnicity } from '../names.js';

export interface Person {
  /** 人编号 of the registry member, null for an outsider. */
  memberId: string | null;
  /** 户编号 for a member; an outsider's own household key (never a registry 户编号). */
  householdKey: string;
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: string;
  villageCode: string;
  relation: Relation;
  ethnicity: string;
  member: Member | null;
}

export interface PersonHousehold {
  key: string;
  villageCode: string;
  household: Household | null;
  people: Person[];
}

export interface People {
  registry: PersonHousehold[];
  outsiders: PersonHousehold[];
  /** Every registry member by 人编号. */
  byMemberId: ReadonlyMap<string, Person>;
  villageNames: ReadonlyMap<string, { village: string; township: string; townshipCode: string }>;
  /** A fictitious ID number no member or outsider has (for people a list adds). */
  newId(rng: Random, birthDate: string, sex: Sex): string;
}

/** Outsiders per registry member: the registered are a minority of a village's people. */
const OUTSIDERS_PER_MEMBER = 0.6;

const KNOWN_ETHNICITIES: readonly Ethnicity[] = ['汉族', '回族', '藏族', '东乡族', '土族', '撒拉族'];

function asEthnicity(text: string | null): Ethnicity {
  return KNOWN_ETHNICITIES.find((e) => e === text) ?? '汉族';
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function peopleOf(county: DemoCounty, seed: number): People {
  const regions = new Map(county.regions.map((r) => [r.code, r]));
  const villageNames = new Map<string, { village: string; township: string; townshipCode: string }>();
  for (const r of county.regions) {
    if (r.level !== 'village') continue;
    const t = r.parentCode ? regions.get(r.parentCode) : undefined;
    villageNames.set(r.code, { village: r.name, township: t?.name ?? '', townshipCode: t?.code ?? '' });
  }

  const households = new Map<string, PersonHousehold>();
  for (const h of county.households) households.set(h.id, { key: h.id, villageCode: h.villageCode, household: h, people: [] });
  const byMemberId = new Map<string, Person>();
  const usedIds = new Set<string>();
  for (const m of county.members) {
    const h = households.get(m.householdId)!;
    if (m.idNumber) usedIds.add(m.idNumber);
    // Every demo member has an ID number, sex and birth date; a member without one cannot be on
    // a sector list by ID, so it is left out of the lists rather than given an invented number.
    if (!m.idNumber || !m.sex || !m.birthDate) continue;
    const p: Person = {
      memberId: m.id,
      householdKey: h.key,
      name: m.name,
      idNumber: m.idNumber,
      sex: m.sex,
      birthDate: m.birthDate,
      villageCode: h.villageCode,
      relation: m.relation,
      ethnicity: m.ethnicity ?? '汉族',
      member: m,
    };
    h.people.push(p);
    byMemberId.set(m.id, p);
  }
  const registry = [...households.values()].filter((h) => h.people.length > 0);

  // Outsiders: households of the same villages, with the village's ethnic mix and the registry's ages.
  const outsiderRng = Random.derive(seed, 'demo-lists-outsiders');
  const rng = outsiderRng;
  const members = [...byMemberId.values()];
  const byVillage = new Map<string, Person[]>();
  for (const p of members) {
    const list = byVillage.get(p.villageCode);
    if (list) list.push(p);
    else byVillage.set(p.villageCode, [p]);
  }
  const villageCodes = [...byVillage.keys()].sort();
  const outsiders: PersonHousehold[] = [];
  const target = Math.round(members.length * OUTSIDERS_PER_MEMBER);
  let made = 0;
  const idFor = (birthDate: string, sex: Sex, rng: Random = outsiderRng): string => {
    let seq = rng.int(0, 499) * 2 + (sex === 'M' ? 1 : 0);
    for (let tries = 0; tries < 500; tries++) {
      const id = makeIdNumber(DEMO_COUNTY_CODE, birthDate, seq);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
      seq = (seq + 2) % 1000;
    }
    throw new RangeError(`出生日期${birthDate}的顺序码已用尽`);
  };
  const birthNear = (year: number): string => {
    const m = rng.int(1, 12);
    return `${year}-${pad2(m)}-${pad2(rng.int(1, DAYS[m - 1]!))}`;
  };
  for (let n = 0; made < target; n++) {
    const villageCode = rng.pick(villageCodes);
    const neighbours = byVillage.get(villageCode)!;
    const template = rng.pick(neighbours);
    const ethnicity = asEthnicity(template.ethnicity);
    const surname = surnameFor(rng, ethnicity);
    const key = `X${villageCode}${String(n).padStart(5, '0')}`;
    const h: PersonHousehold = { key, villageCode, household: null, people: [] };
    const add = (relation: Relation, sex: Sex, year: number, ownSurname: string): void => {
      const birthDate = birthNear(Math.min(2017, Math.max(1925, year)));
      const y = Number(birthDate.slice(0, 4));
      h.people.push({
        memberId: null,
        householdKey: key,
        name: personName(rng, ownSurname, sex, y, ethnicity),
        idNumber: idFor(birthDate, sex),
        sex,
        birthDate,
        villageCode,
        relation,
        ethnicity,
        member: null,
      });
    };
    const headYear = Number(template.birthDate.slice(0, 4));
    const headYearAdult = Math.min(headYear, 1995);
    add('head', 'M', headYearAdult, surname);
    if (rng.chance(0.85)) add('spouse', 'F', headYearAdult + rng.int(-2, 5), surnameFor(rng, ethnicity));
    const kids = rng.weighted([
      [0, 15],
      [1, 30],
      [2, 35],
      [3, 20],
    ] as const);
    for (let k = 0; k < kids; k++) {
      const sex: Sex = rng.chance(0.52) ? 'M' : 'F';
      add(sex === 'M' ? 'son' : 'daughter', sex, headYearAdult + rng.int(22, 34), surname);
    }
    outsiders.push(h);
    made += h.people.length;
  }
  return { registry, outsiders, byMemberId, villageNames, newId: (r, birthDate, sex) => idFor(birthDate, sex, r) };
}
