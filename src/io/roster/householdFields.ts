// Household-level fields (location, household, income and household-size columns): one value
// per 户编号, typed by field, gathered from every row and sheet that mentions the household.
import { INCOME_ITEMS } from '../../domain/types.js';
import type {
  Cause,
  ExitStatus,
  HouseGrade,
  Household,
  IdentificationStandard,
  IncomeForm,
  IncomeItemCode,
  Member,
  PovertyAttribute,
  Relocation,
  Renovation,
} from '../../domain/types.js';
import type { CellValue } from '../sheets/types.js';
import { assertCovers, fieldKeys } from './context.js';
import type { FieldReaders } from './context.js';
import { causesCell, enumCell } from './enums.js';
import { packRef, unpackRef } from './rows.js';
import type { RowRef } from './rows.js';
import { readAmount, readBool, readInt, readNumber, readPercent, readPhone, readText, readVillageCode, readYear } from './values.js';

type IncomeFieldKey = `income.${IncomeItemCode}`;

/** The value type of each household-level field, by the profile's field key. */
export type HouseholdFields = {
  county: string;
  township: string;
  village: string;
  villageCode: string;
  group: string;
  attribute: PovertyAttribute;
  standard: IdentificationStandard;
  identifiedYear: number;
  mainCause: Cause;
  otherCauses: Cause[];
  status: ExitStatus;
  exitYear: number;
  relocation: Relocation;
  guarantee: boolean;
  foodClothingOk: boolean;
  foodClothingNote: string;
  dangerousHouse: boolean;
  houseGrade: HouseGrade;
  renovation: Renovation;
  houseArea: number;
  waterSecured: boolean;
  waterPiped: boolean;
  fetchMinutes: number;
  litresPerPersonDay: number;
  waterQualityOk: boolean;
  waterReliability: number;
  cultivatedLand: number;
  forestLand: number;
  roadDistanceKm: number;
  sanitaryToilet: boolean;
  cadreName: string;
  cadreUnit: string;
  cadrePhone: string;
  workTeam: string;
  householdPhone: string;
  bankAccount: string;
  householdSize: number;
  incomeYear: number;
  incomeNote: string;
} & { [K in IncomeFieldKey]: number };

export type HouseholdFieldKey = keyof HouseholdFields;
export type HouseholdValues = Partial<HouseholdFields>;

const incomeReaders = Object.fromEntries(INCOME_ITEMS.map((i) => [`income.${i.code}`, readAmount])) as { [K in IncomeFieldKey]: typeof readAmount };

export const HOUSEHOLD_READERS: FieldReaders<HouseholdFields> = {
  county: readText,
  township: readText,
  village: readText,
  villageCode: readVillageCode,
  group: readText,
  attribute: enumCell('attribute'),
  standard: enumCell('standard'),
  identifiedYear: readYear,
  mainCause: enumCell('cause'),
  otherCauses: causesCell(),
  status: enumCell('status'),
  exitYear: readYear,
  relocation: enumCell('relocation'),
  guarantee: readBool,
  foodClothingOk: readBool,
  foodClothingNote: readText,
  dangerousHouse: readBool,
  houseGrade: enumCell('grade'),
  renovation: enumCell('renovation'),
  houseArea: readNumber,
  waterSecured: readBool,
  waterPiped: readBool,
  fetchMinutes: readNumber,
  litresPerPersonDay: readNumber,
  waterQualityOk: readBool,
  waterReliability: readPercent,
  cultivatedLand: readNumber,
  forestLand: readNumber,
  roadDistanceKm: readNumber,
  sanitaryToilet: readBool,
  cadreName: readText,
  cadreUnit: readText,
  cadrePhone: readPhone,
  workTeam: readText,
  householdPhone: readPhone,
  bankAccount: readPhone,
  householdSize: readInt,
  incomeYear: readYear,
  incomeNote: readText,
  ...incomeReaders,
};

/** Field keys that are household-level. */
export const HOUSEHOLD_FIELD_KEYS: ReadonlySet<string> = fieldKeys(HOUSEHOLD_READERS);

assertCovers(
  HOUSEHOLD_READERS,
  'household',
  (d) => d.target === 'location' || d.target === 'household' || d.target === 'income' || d.target === 'householdSize',
);

/** One household as its rows are read. */
export class HouseholdDraft {
  /** Parsed value per field; absent = not given yet. */
  readonly values: HouseholdValues = {};
  /** The cell that gave it, to skip re-reading identical cells and to quote it in messages. */
  readonly raw: { [K in HouseholdFieldKey]?: CellValue } = {};
  /** packRef of the row that gave it, when that is not the household's first row (rarely). */
  private src: { [K in HouseholdFieldKey]?: number } | null = null;
  readonly members: Member[] = [];
  readonly heads: RowRef[] = [];
  /** Member rows seen for this household, including rejected ones. */
  memberRows = 0;
  /** The first member row, for problems of the household as a whole. */
  firstMember: RowRef | null = null;
  householdRow: RowRef | null = null;
  incomeRow: RowRef | null = null;
  /** The first row of any sheet that mentioned this household. */
  readonly firstRef: number;

  constructor(
    readonly id: string,
    readonly first: RowRef,
  ) {
    this.firstRef = packRef(first.sheet, first.row);
  }

  setSource(key: HouseholdFieldKey, ref: number): void {
    if (ref === this.firstRef && this.src === null) return;
    this.src ??= {};
    this.src[key] = ref;
  }

  sourceOf(key: HouseholdFieldKey): RowRef {
    return unpackRef(this.src?.[key] ?? this.firstRef);
  }
}

/** The household record from its fields; `grade` is decided by the cross-row checks. */
export function buildHousehold(d: HouseholdDraft, villageCode: string, grade: HouseGrade | null): Household {
  const v = d.values;
  return {
    id: d.id,
    villageCode,
    group: v.group ?? null,
    attribute: v.attribute ?? 'general',
    standard: v.standard ?? null,
    identifiedYear: v.identifiedYear ?? null,
    mainCause: v.mainCause ?? null,
    otherCauses: v.otherCauses ?? [],
    status: v.status ?? 'not-exited',
    exitYear: v.exitYear ?? null,
    relocation: v.relocation ?? 'none',
    guarantee: v.guarantee ?? false,
    foodClothingOk: v.foodClothingOk ?? null,
    foodClothingNote: v.foodClothingNote ?? null,
    housing: {
      grade,
      renovation: v.renovation ?? 'none',
      area: v.houseArea ?? null,
    },
    water: {
      secured: v.waterSecured ?? null,
      piped: v.waterPiped ?? null,
      fetchMinutes: v.fetchMinutes ?? null,
      litresPerPersonDay: v.litresPerPersonDay ?? null,
      qualityOk: v.waterQualityOk ?? null,
      reliabilityPercent: v.waterReliability ?? null,
    },
    cultivatedLand: v.cultivatedLand ?? null,
    forestLand: v.forestLand ?? null,
    roadDistanceKm: v.roadDistanceKm ?? null,
    sanitaryToilet: v.sanitaryToilet ?? null,
    cadre: { name: v.cadreName ?? null, unit: v.cadreUnit ?? null, phone: v.cadrePhone ?? null },
    workTeam: v.workTeam ?? null,
    phone: v.householdPhone ?? null,
    bankAccount: v.bankAccount ?? null,
  };
}

/** The income items and note given for the household, or null when it has none. */
export function incomeParts(d: HouseholdDraft): { items: IncomeForm['items']; note: string | null } | null {
  const v = d.values;
  let items: IncomeForm['items'] | null = null;
  for (const item of INCOME_ITEMS) {
    const amount = v[`income.${item.code}`];
    if (amount === undefined) continue;
    items ??= {};
    items[item.code] = amount;
  }
  const note = v.incomeNote ?? null;
  return items !== null || note !== null ? { items: items ?? {}, note } : null;
}
