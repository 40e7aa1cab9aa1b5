// Checks across rows and sheets, made once every sheet is read: the workbook as a whole, each
// household's members and head, its required values, and figures that must agree.
import type { HouseGrade } from '../../domain/types.js';
import type { ParseContext, SheetState } from './context.js';
import { cellText } from './errors.js';
import { enumChoices } from './enums.js';
import { HEADER_SCAN_ROWS } from './header.js';
import type { HouseholdDraft, HouseholdFieldKey } from './householdFields.js';
import { field } from './profile.js';
import type { RowRef } from './rows.js';

/** Which sheet speaks for households, and which required household columns the workbook has. */
export interface HouseholdColumns {
  householdSheet: SheetState | undefined;
  locationKnown: boolean;
  attributeKnown: boolean;
  statusKnown: boolean;
}

/** The workbook as a whole: nothing in it, no header anywhere, no roster, a roster with no rows. */
export function checkWorkbook(ctx: ParseContext, memberRowCount: number): void {
  const sheets = ctx.sheets;
  const rosterSheets = sheets.filter((s) => s.role === 'roster');
  const firstRoster = rosterSheets[0];
  const recognised = sheets.filter((s) => s.role !== 'empty' && s.role !== 'unrecognised');
  if (sheets.every((s) => s.role === 'empty')) {
    ctx.error('empty-roster', sheets[0]?.name ?? '', null, null, null, '文件中没有任何数据：请检查是否选错了文件，或数据是否在隐藏的工作表中');
  } else if (recognised.length === 0) {
    for (const s of sheets) {
      if (s.role === 'unrecognised') {
        ctx.error(
          'no-header',
          s.index,
          null,
          null,
          null,
          `找不到表头：前${HEADER_SCAN_ROWS}行中没有一行包含至少${2}个可识别的列名（如户编号、人编号、姓名、证件号码、与户主关系、行政村）。请确认这是建档立卡花名册，列名可参照《花名册列说明》`,
        );
      }
    }
  } else {
    for (const s of sheets) {
      if (s.role === 'unrecognised') {
        ctx.warn('sheet-skipped', s.index, null, null, null, `工作表“${s.name}”中找不到可识别的表头，已跳过。如果它也是要导入的数据，请检查列名`);
      }
    }
    if (!firstRoster) {
      ctx.error(
        'no-roster',
        recognised[0]!.index,
        null,
        null,
        null,
        '没有找到花名册（人员）表：需要一张包含户编号、人编号或证件号码、姓名、与户主关系的人员表',
      );
    } else if (memberRowCount === 0 && rosterSheets.every((s) => s.summary.rowsRead === 0)) {
      const ok = rosterSheets.every((s) => ['householdId', 'name', 'relation'].every((k) => s.cols.has(k)));
      if (ok) {
        ctx.error(
          'empty-roster',
          firstRoster.index,
          firstRoster.header?.headerRow ?? null,
          null,
          null,
          `花名册只有表头，没有人员数据（表头在第${firstRoster.header?.headerRow}行）。请在表头下方填写数据后再导入`,
        );
      }
    }
  }
}

/** Where households are located and how they are classed: columns the workbook must have. */
export function checkHouseholdColumns(ctx: ParseContext, seen: ReadonlySet<string>, households: number): HouseholdColumns {
  const firstRoster = ctx.sheets.find((s) => s.role === 'roster');
  const locationKnown = seen.has('village') || seen.has('villageCode');
  const householdSheet = ctx.sheets.find((s) => s.role === 'household') ?? firstRoster;
  if (!locationKnown && householdSheet && householdSheet.header) {
    ctx.missingColumn(householdSheet, ['village', 'villageCode']);
  }
  const attributeKnown = seen.has('attribute');
  const statusKnown = seen.has('status');
  if (householdSheet && householdSheet.header && households > 0) {
    if (!attributeKnown) {
      ctx.warn(
        'column-absent-default',
        householdSheet.index,
        householdSheet.header.headerRow,
        null,
        null,
        '表中没有“贫困户属性”列：全部按“一般贫困户”导入。如有低保、特困供养户，请加上这一列',
      );
    }
    if (!statusKnown) {
      ctx.warn(
        'column-absent-default',
        householdSheet.index,
        householdSheet.header.headerRow,
        null,
        null,
        '表中没有“脱贫属性”列：全部按“未脱贫”导入。如有已脱贫、预脱贫、返贫户，请加上这一列',
      );
    }
  }
  return { householdSheet, locationKnown, attributeKnown, statusKnown };
}

/**
 * The household has members, is known to the household sheet if there is one, and has exactly
 * one head. False when the household cannot be built (the problem has been reported).
 */
export function checkMembership(ctx: ParseContext, d: HouseholdDraft, ref: RowRef, anyMemberRows: boolean, hasHouseholdSheet: boolean): boolean {
  if (d.members.length === 0) {
    // Rows that were all rejected have been reported already.
    if (anyMemberRows && d.memberRows === 0) {
      const from = d.householdRow ?? d.incomeRow ?? d.first;
      ctx.error(
        'household-without-members',
        from.sheet,
        from.row,
        ctx.colIn(from.sheet, 'householdId'),
        d.id,
        `户编号“${d.id}”在花名册中没有任何成员：请在花名册中补上该户成员，或删除本行`,
      );
    }
    return false;
  }
  if (hasHouseholdSheet && d.householdRow === null) {
    ctx.error(
      'member-household-unknown',
      ref.sheet,
      ref.row,
      ctx.colIn(ref.sheet, 'householdId'),
      d.id,
      `户编号“${d.id}”在户表中不存在：请在户表中补上该户，或改正成员行的户编号`,
    );
    return false;
  }
  if (d.heads.length === 0) {
    ctx.error(
      'no-head',
      ref.sheet,
      ref.row,
      ctx.colIn(ref.sheet, 'relation'),
      null,
      `户编号“${d.id}”的成员中没有户主：每户必须有且只有一名成员的与户主关系为“户主”，请改正`,
    );
  } else if (d.heads.length > 1) {
    const places = d.heads.map((h) => ctx.placeOf(h, -1)).join('、');
    const h2 = d.heads[1]!;
    ctx.error(
      'multiple-heads',
      h2.sheet,
      h2.row,
      ctx.colIn(h2.sheet, 'relation'),
      '户主',
      `户编号“${d.id}”有${d.heads.length}名户主（${places}）：每户只能有一名户主，请改正与户主关系`,
    );
  }
  return true;
}

/** A required enum value of the household is given (or its column is absent altogether). */
export function checkRequiredValue(ctx: ParseContext, d: HouseholdDraft, ref: RowRef, key: 'attribute' | 'status', known: boolean): boolean {
  if (d.values[key] !== undefined || !known) return true;
  ctx.error(
    'missing-value',
    ref.sheet,
    ref.row,
    ctx.colIn(ref.sheet, key),
    null,
    `户编号“${d.id}”的${field(key).label}为空：请在该户的户主行填写，可填：${enumChoices(field(key).enumName!)}`,
  );
  return false;
}

function reportAt(ctx: ParseContext, d: HouseholdDraft, key: HouseholdFieldKey): { sheet: number; row: number; column: ReturnType<ParseContext['colIn']> } {
  const src = d.sourceOf(key);
  return { sheet: src.sheet, row: src.row, column: ctx.colIn(src.sheet, key) };
}

/**
 * Housing: 危房户 (yes/no) is the national system's coarse field; a grade wins when given, and a
 * dangerous house without one is taken as grade C.
 */
export function houseGrade(ctx: ParseContext, d: HouseholdDraft): HouseGrade | null {
  const v = d.values;
  const grade = v.houseGrade ?? null;
  if (grade === null && v.dangerousHouse === true) {
    const at = reportAt(ctx, d, 'dangerousHouse');
    ctx.warn(
      'house-grade-assumed',
      at.sheet,
      at.row,
      at.column,
      '是',
      '危房户为“是”但没有危房等级：已按C级危房导入（C、D级都不满足住房安全）。请补填危房等级（A/B/C/D）',
    );
    return 'C';
  }
  if (grade !== null && v.dangerousHouse !== undefined && v.dangerousHouse !== (grade === 'C' || grade === 'D')) {
    const at = reportAt(ctx, d, 'houseGrade');
    ctx.warn(
      'house-grade-mismatch',
      at.sheet,
      at.row,
      at.column,
      d.raw.houseGrade,
      `危房等级“${cellText(d.raw.houseGrade)}”与危房户“${cellText(d.raw.dangerousHouse)}”不一致：已按危房等级导入，请核实`,
    );
  }
  return grade;
}

/** A 家庭人口数 that disagrees with the member rows is reported; the rows win. */
export function checkHouseholdSize(ctx: ParseContext, d: HouseholdDraft): void {
  const size = d.values.householdSize;
  if (size === undefined || size === d.members.length) return;
  const at = reportAt(ctx, d, 'householdSize');
  ctx.warn(
    'household-size-mismatch',
    at.sheet,
    at.row,
    at.column,
    d.raw.householdSize,
    `户编号“${d.id}”填写的家庭人口数是${size}，花名册中该户有${d.members.length}名成员：按成员行导入，请核实`,
  );
}
