// The village sheet (村情) and the region tree: counties, townships and villages from the
// village sheet and the households' location columns.
import type { Region, VillageIndicators } from '../../domain/types.js';
import { assertCovers, bindFields } from './context.js';
import type { FieldReaders, ParseContext, SheetState } from './context.js';
import type { HouseholdDraft } from './householdFields.js';
import type { CellValue } from '../sheets/types.js';
import type { DataRows, RowRef } from './rows.js';
import { readBool, readInt, readNumber, readText, readVillageCode, readYear } from './values.js';

/** Name parts used when a derived region code has no county/township name to go on. */
export const MISSING_COUNTY = '未填县';
export const MISSING_TOWNSHIP = '未填乡镇';

type IndicatorKey = keyof VillageIndicators;

/** 退出状态: 已退出 is a recorded exit; 未退出 and this year's 拟退出 are not (yes/no words too). */
function readExitStatus(v: CellValue): boolean | null | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '已退出') return true;
    if (t === '未退出' || t === '拟退出' || t === '计划退出' || t === '预退出') return false;
  }
  return readBool(v);
}

/** The value type of each village-sheet field, by the profile's field key. */
export type VillageFields = {
  county: string;
  township: string;
  village: string;
  villageCode: string;
  ruralPopulation: number;
  poorVillage: boolean;
  villageExitYear: number;
  villageExited: boolean;
} & { [K in IndicatorKey as `village.${K}`]: NonNullable<VillageIndicators[K]> };

const VILLAGE_READERS: FieldReaders<VillageFields> = {
  county: readText,
  township: readText,
  village: readText,
  villageCode: readVillageCode,
  ruralPopulation: readInt,
  poorVillage: readBool,
  villageExitYear: readYear,
  villageExited: readExitStatus,
  'village.leadingIndustry': readBool,
  'village.cooperative': readBool,
  'village.collectiveIncome': readNumber,
  'village.hardenedRoad': readBool,
  'village.powerToAllGroups': readBool,
  'village.cleanEnvironment': readBool,
  'village.schoolPlaces': readBool,
  'village.clinicWithDoctor': readBool,
  'village.pensionCoverage': readBool,
  'village.dibaoForAllQualified': readBool,
};

// 自然村 (a group within the village) says nothing about the village itself.
assertCovers(VILLAGE_READERS, 'village', (d) => (d.target === 'location' && d.key !== 'group') || d.target === 'village');

const INDICATOR_KEYS: readonly IndicatorKey[] = [
  'leadingIndustry',
  'cooperative',
  'collectiveIncome',
  'hardenedRoad',
  'powerToAllGroups',
  'cleanEnvironment',
  'schoolPlaces',
  'clinicWithDoctor',
  'pensionCoverage',
  'dibaoForAllQualified',
];

interface Location {
  code: string | null;
  county: string | null;
  township: string | null;
  village: string | null;
}

interface VillageRow extends Location {
  ref: RowRef;
  ruralPopulation: number | null;
  poorVillage: boolean | null;
  exitYear: number | null;
  exited: boolean | null;
  indicators: VillageIndicators | null;
}

function indicatorsOf(v: Partial<VillageFields>): VillageIndicators | null {
  if (!INDICATOR_KEYS.some((k) => v[`village.${k}`] !== undefined)) return null;
  return {
    leadingIndustry: v['village.leadingIndustry'] ?? null,
    cooperative: v['village.cooperative'] ?? null,
    collectiveIncome: v['village.collectiveIncome'] ?? null,
    hardenedRoad: v['village.hardenedRoad'] ?? null,
    powerToAllGroups: v['village.powerToAllGroups'] ?? null,
    cleanEnvironment: v['village.cleanEnvironment'] ?? null,
    schoolPlaces: v['village.schoolPlaces'] ?? null,
    clinicWithDoctor: v['village.clinicWithDoctor'] ?? null,
    pensionCoverage: v['village.pensionCoverage'] ?? null,
    dibaoForAllQualified: v['village.dibaoForAllQualified'] ?? null,
  };
}

function region(code: string, name: string, level: Region['level'], parentCode: string | null): Region {
  return { code, name, level, parentCode, ruralPopulation: null, poorVillage: false, exitYear: null, exited: false, indicators: null };
}

export class Villages {
  private readonly rows: VillageRow[] = [];
  private readonly resolvedCodes = new Map<HouseholdDraft, string | null>();
  /** Villages given a row of the village sheet, once `build` has placed them. */
  private readonly rowVillages: string[] = [];

  constructor(private readonly ctx: ParseContext) {}

  readSheet(st: SheetState, rows: DataRows): void {
    const si = st.index;
    const bindings = bindFields(st, VILLAGE_READERS);
    const planned = st.cols.get('villagePlannedExitYear');
    if (planned) {
      this.ctx.warn(
        'planned-exit-year-ignored',
        si,
        st.header!.headerRow,
        planned,
        null,
        `“${planned.header}”是计划，不是退出：这一列不导入，也不算作退出年度。已完成退出的村请填写“退出年度”，并在“退出状态”填“已退出”`,
      );
    }
    for (let r = rows.next(); r !== null; r = rows.next()) {
      st.summary.rowsRead++;
      const { values } = this.ctx.readRecord(st, r, bindings);
      const code = values.villageCode ?? null;
      const village = values.village ?? null;
      if (code === null && village === null) {
        this.ctx.error(
          'missing-village',
          si,
          r.row,
          st.cols.get('village') ?? st.cols.get('villageCode') ?? null,
          null,
          '行政村和行政区划代码都为空：请至少填写其中一项',
        );
        continue;
      }
      this.rows.push({
        ref: { sheet: si, row: r.row },
        code,
        county: values.county ?? null,
        township: values.township ?? null,
        village,
        ruralPopulation: values.ruralPopulation ?? null,
        poorVillage: values.poorVillage ?? null,
        exitYear: values.villageExitYear ?? null,
        exited: values.villageExited ?? null,
        indicators: indicatorsOf(values),
      });
    }
  }

  /** Codes of the villages the village sheet has a row for (after `build`). */
  rowCodes(): readonly string[] {
    return this.rowVillages;
  }

  /** The village code a household was placed in by `build`, or null. */
  codeOf(d: HouseholdDraft): string | null {
    return this.resolvedCodes.get(d) ?? null;
  }

  /**
   * Regions from the village sheet and the households' location columns. A given 12-digit
   * 行政区划代码 is used as it is (county = first 6 digits, township = first 9). Without one the
   * code is the name path — county `县名`, township `县名/乡镇名`, village `县名/乡镇名/村名` —
   * unless the same path was given a real code elsewhere in the workbook (e.g. in 村情).
   */
  build(drafts: ReadonlyMap<string, HouseholdDraft>): Region[] {
    const ctx = this.ctx;
    const pathCodes = new Map<string, string>();
    const path = (county: string | null, township: string | null, village: string): string =>
      `${county ?? MISSING_COUNTY}/${township ?? MISSING_TOWNSHIP}/${village}`;
    const loc = (d: HouseholdDraft): Location => ({
      code: d.values.villageCode ?? null,
      county: d.values.county ?? null,
      township: d.values.township ?? null,
      village: d.values.village ?? null,
    });
    for (const r of this.rows) if (r.code && r.village) pathCodes.set(path(r.county, r.township, r.village), r.code);
    for (const d of drafts.values()) {
      const l = loc(d);
      if (l.code && l.village) {
        const p = path(l.county, l.township, l.village);
        if (!pathCodes.has(p)) pathCodes.set(p, l.code);
      }
    }

    const counties = new Map<string, Region>();
    const townships = new Map<string, Region>();
    const villages = new Map<string, Region>();
    let placeholderWarned = false;
    const place = (l: Location, ref: RowRef): Region | null => {
      const code = l.code ?? (l.village ? (pathCodes.get(path(l.county, l.township, l.village)) ?? null) : null);
      let countyCode: string;
      let townshipCode: string;
      let villageCode: string;
      if (code) {
        countyCode = code.slice(0, 6);
        townshipCode = code.slice(0, 9);
        villageCode = code;
      } else if (l.village) {
        if ((l.county === null || l.township === null) && !placeholderWarned) {
          placeholderWarned = true;
          ctx.warn(
            'region-name-missing',
            ref.sheet,
            ref.row,
            null,
            null,
            `没有行政区划代码，也没有填写${l.county === null ? '县' : ''}${l.county === null && l.township === null ? '和' : ''}${l.township === null ? '乡镇' : ''}：` +
              `区划按“${l.county ?? MISSING_COUNTY}/${l.township ?? MISSING_TOWNSHIP}/${l.village}”编码。建议补上县、乡镇列或行政区划代码`,
          );
        }
        countyCode = l.county ?? MISSING_COUNTY;
        townshipCode = `${countyCode}/${l.township ?? MISSING_TOWNSHIP}`;
        villageCode = `${townshipCode}/${l.village}`;
      } else {
        return null;
      }
      const county = counties.get(countyCode);
      if (!county) counties.set(countyCode, region(countyCode, l.county ?? (code ? countyCode : MISSING_COUNTY), 'county', null));
      else if (l.county !== null && county.name === countyCode) county.name = l.county;
      const township = townships.get(townshipCode);
      if (!township) {
        townships.set(townshipCode, region(townshipCode, l.township ?? (code ? townshipCode : MISSING_TOWNSHIP), 'township', countyCode));
      } else if (l.township !== null && township.name === townshipCode) township.name = l.township;
      let v = villages.get(villageCode);
      if (!v) {
        v = region(villageCode, l.village ?? villageCode, 'village', townshipCode);
        villages.set(villageCode, v);
      } else if (l.village !== null && v.name === villageCode) v.name = l.village;
      return v;
    };

    const seenVillageRows = new Map<string, RowRef>();
    for (const r of this.rows) {
      const v = place(r, r.ref);
      if (!v) continue;
      const prev = seenVillageRows.get(v.code);
      if (prev) {
        ctx.error(
          'duplicate-village',
          r.ref.sheet,
          r.ref.row,
          ctx.colIn(r.ref.sheet, 'village'),
          r.village,
          `该村在${ctx.placeOf(prev, r.ref.sheet)}已有一行：村情表每个村只能有一行，请删除或合并`,
        );
        continue;
      }
      seenVillageRows.set(v.code, r.ref);
      this.rowVillages.push(v.code);
      v.ruralPopulation = r.ruralPopulation;
      v.poorVillage = r.poorVillage ?? false;
      v.exitYear = r.exitYear;
      v.exited = r.exited ?? false;
      v.indicators = r.indicators;
    }
    for (const d of drafts.values()) {
      const v = place(loc(d), d.firstMember ?? d.first);
      this.resolvedCodes.set(d, v ? v.code : null);
    }
    return [...counties.values(), ...townships.values(), ...villages.values()];
  }
}
