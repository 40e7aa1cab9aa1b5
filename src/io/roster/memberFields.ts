// Member (person) fields of a roster row: the identity columns checked one by one, the rest
// read into a record typed by field.
import type { IdResult } from '../../domain/idNumber.js';
import type { Health, Labour, Member, Relation, SchoolStatus, Sex } from '../../domain/types.js';
import type { CellValue } from '../sheets/types.js';
import { Take, assertCovers, bindFields } from './context.js';
import type { BoundField, FieldReaders, ParseContext, SheetState } from './context.js';
import { KIND_ADVICE, cellText } from './errors.js';
import { enumCell, enumChoices } from './enums.js';
import type { HeaderColumn } from './header.js';
import type { HouseholdDraft } from './householdFields.js';
import { unpackRef } from './rows.js';
import { parseIdNumberFast, readBool, readDate, readDisabilityGrade, readKey, readMonths, readPhone, readText } from './values.js';

/** The value type of each member field read as it is, by the profile's field key. */
export interface MemberFields {
  ethnicity: string;
  education: string;
  schoolStatus: SchoolStatus;
  outOfSchoolReason: string;
  homeSchooled: boolean;
  health: Health;
  disabilityGrade: number;
  labour: Labour;
  migrantPlace: string;
  migrantMonths: number;
  basicMedical: boolean;
  criticalIllness: boolean;
  pension: boolean;
  medicalAssistance: boolean;
  familyDoctor: boolean;
  memberPhone: string;
}

const MEMBER_READERS: FieldReaders<MemberFields> = {
  ethnicity: readText,
  education: readText,
  schoolStatus: enumCell('schoolStatus'),
  outOfSchoolReason: readText,
  homeSchooled: readBool,
  health: enumCell('health'),
  disabilityGrade: readDisabilityGrade,
  labour: enumCell('labour'),
  migrantPlace: readText,
  migrantMonths: readMonths,
  basicMedical: readBool,
  criticalIllness: readBool,
  pension: readBool,
  medicalAssistance: readBool,
  familyDoctor: readBool,
  memberPhone: readPhone,
};

/** Read one by one in `MemberRows.read`: they identify the person or derive from the ID number. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set(['name', 'idNumber', 'sex', 'birthDate', 'relation']);
assertCovers(MEMBER_READERS, 'member', (d) => d.target === 'member' && !IDENTITY_FIELDS.has(d.key));

const readRelation = enumCell('relation');
const readSex = enumCell('sex');

const isBlank = (v: CellValue | undefined): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Member rows of one roster sheet: its columns resolved once, then one call per row. */
export class MemberRows {
  private readonly bindings: BoundField<MemberFields>[];
  private readonly memberIdCol: HeaderColumn | null;
  private readonly idCol: HeaderColumn | null;
  private readonly nameCol: HeaderColumn | null;
  private readonly relationCol: HeaderColumn | null;
  private readonly sexCol: HeaderColumn | null;
  private readonly birthCol: HeaderColumn | null;

  constructor(
    private readonly ctx: ParseContext,
    private readonly st: SheetState,
    /** Member keys (人编号, or the ID number) and ID numbers seen so far, with their packed rows. */
    private readonly memberKeys: Map<string, number>,
    private readonly idNumbers: Map<string, number>,
  ) {
    const col = (key: string): HeaderColumn | null => st.cols.get(key) ?? null;
    this.bindings = bindFields(st, MEMBER_READERS);
    this.memberIdCol = col('memberId');
    this.idCol = col('idNumber');
    this.nameCol = col('name');
    this.relationCol = col('relation');
    this.sexCol = col('sex');
    this.birthCol = col('birthDate');
    if (this.idCol) {
      if (!this.birthCol) ctx.warn('derived-birth-date', st.index, st.header!.headerRow, null, null, '表中没有“出生日期”列：出生日期全部按证件号码推算');
      if (!this.sexCol) ctx.warn('derived-sex', st.index, st.header!.headerRow, null, null, '表中没有“性别”列：性别全部按证件号码推算');
    }
  }

  /** Reads the member of one row into its household draft, reporting what is wrong with it. */
  read(cells: readonly CellValue[], rowNum: number, here: number, hhId: string, d: HouseholdDraft): void {
    const { ctx, st, memberIdCol, idCol, nameCol, relationCol, sexCol, birthCol } = this;
    const si = st.index;
    d.memberRows++;
    const name = nameCol ? readText(cells[nameCol.col] ?? null) : null;
    let ok = true;
    if (name === null) {
      ctx.error('missing-name', si, rowNum, nameCol, null, '姓名为空：请填写该成员的姓名');
      ok = false;
    }
    let id: IdResult | null = null;
    if (idCol) {
      const raw = cells[idCol.col];
      if (raw !== null && raw !== undefined && !isBlank(raw)) {
        id = parseIdNumberFast(raw);
        if (!id.ok) {
          ctx.error(`id-${id.problem}`, si, rowNum, idCol, raw, `${id.message}。请核对后改正`);
          ok = false;
        }
      }
    }
    const idInfo = id && id.ok ? id.value : null;
    let key: string | null = null;
    if (memberIdCol) {
      const raw = cells[memberIdCol.col];
      const k = raw === undefined ? null : readKey(raw);
      if (k === undefined) {
        ctx.error('bad-key', si, rowNum, memberIdCol, raw, `人编号“${cellText(raw)}”${KIND_ADVICE.key}`);
        ok = false;
      } else {
        key = k;
      }
    }
    if (key === null && ok) {
      if (idInfo) key = idInfo.normalized;
      else {
        ctx.error(
          'missing-member-key',
          si,
          rowNum,
          memberIdCol ?? idCol,
          null,
          '人编号和证件号码都为空，无法确定是哪一个人：请填写人编号，或填写有效的证件号码（没有人编号时以证件号码作为人员编号）',
        );
        ok = false;
      }
    }
    let relation: Relation = 'other';
    if (relationCol) {
      const raw = cells[relationCol.col];
      const rel = raw === undefined ? null : readRelation(raw);
      if (rel === null) {
        ctx.error('missing-relation', si, rowNum, relationCol, null, `与户主关系为空：请填写，可填：${enumChoices('relation')}`);
        ok = false;
      } else if (rel === undefined) {
        ctx.warn(
          'unknown-relation',
          si,
          rowNum,
          relationCol,
          raw,
          `“${cellText(raw)}”不是可识别的与户主关系，已按“其他”导入。可填：${enumChoices('relation')}`,
        );
      } else {
        relation = rel;
      }
    }
    // Counted before the row's other checks, so a head rejected for a bad ID is still the head.
    if (relation === 'head') d.heads.push({ sheet: si, row: rowNum });
    if (key !== null) {
      const seenAt = this.memberKeys.get(key);
      if (seenAt !== undefined) {
        const seen = unpackRef(seenAt);
        const byNumber = memberIdCol !== null && readKey(cells[memberIdCol.col] ?? null) === key;
        const c = byNumber ? memberIdCol : idCol;
        ctx.error(
          'duplicate-member-id',
          si,
          rowNum,
          c,
          c ? cells[c.col] : key,
          `人编号“${key}”与${ctx.placeOf(seen, si)}重复：每个人只能出现一次，请核对是否重复录入或编号填错`,
        );
        ok = false;
      } else {
        this.memberKeys.set(key, here);
      }
    }
    if (idInfo) {
      const seenAt = this.idNumbers.get(idInfo.normalized);
      if (seenAt !== undefined) {
        const seen = unpackRef(seenAt);
        ctx.error(
          'duplicate-id-number',
          si,
          rowNum,
          idCol,
          cells[idCol!.col],
          `证件号码${idInfo.normalized}与${ctx.placeOf(seen, si)}重复：同一个证件号码只能出现一次，请核对是否重复录入或号码填错`,
        );
        ok = false;
      } else {
        this.idNumbers.set(idInfo.normalized, here);
      }
      if (idInfo.convertedFrom15) {
        ctx.warn('id-converted', si, rowNum, idCol, cells[idCol!.col], `15位旧身份证号已转换为18位：${idInfo.normalized}`);
      }
    }
    if (!ok || key === null || name === null) return;

    const v: Partial<MemberFields> = {};
    for (const b of this.bindings) {
      const cell = cells[b.col];
      if (cell === null || cell === undefined) continue;
      if (b.take(cell, v) === Take.Bad) ctx.badValue(st, rowNum, b, cell);
    }

    // Sex and birth date: the ID number is authoritative; a disagreeing cell is reported.
    let sex: Sex | null = null;
    if (sexCol) {
      const raw = cells[sexCol.col];
      const s = raw === undefined ? null : readSex(raw);
      if (s === undefined) {
        if (!idInfo) ctx.warn('unknown-enum', si, rowNum, sexCol, raw, `性别“${cellText(raw)}”无法识别，应填“男”或“女”；已按未填处理`);
      } else sex = s;
    }
    let birth: string | null = null;
    if (birthCol) {
      const raw = cells[birthCol.col];
      const b = raw === undefined ? null : readDate(raw);
      if (b === undefined) {
        if (!idInfo) ctx.error('bad-date', si, rowNum, birthCol, raw, `出生日期“${cellText(raw)}”无法识别：${KIND_ADVICE.date}`);
      } else birth = b;
    }
    if (idInfo) {
      if (sexCol && sex === null) {
        ctx.warn('derived-sex', si, rowNum, sexCol, null, `性别为空，已按证件号码推算为“${idInfo.sex === 'M' ? '男' : '女'}”`);
      } else if (sexCol && sex !== idInfo.sex) {
        ctx.warn(
          'sex-mismatch',
          si,
          rowNum,
          sexCol,
          cells[sexCol.col],
          `性别与证件号码不符：证件号码表明是“${idInfo.sex === 'M' ? '男' : '女'}”，已按证件号码导入。请核实性别或证件号码`,
        );
      }
      if (birthCol && birth === null) {
        const raw = cells[birthCol.col];
        if (isBlank(raw)) {
          ctx.warn('derived-birth-date', si, rowNum, birthCol, null, `出生日期为空，已按证件号码推算为${idInfo.birthDate}`);
        } else {
          ctx.warn('birth-date-mismatch', si, rowNum, birthCol, raw, `出生日期“${cellText(raw)}”无法识别，已按证件号码采用${idInfo.birthDate}`);
        }
      } else if (birthCol && birth !== idInfo.birthDate) {
        ctx.warn(
          'birth-date-mismatch',
          si,
          rowNum,
          birthCol,
          cells[birthCol.col],
          `出生日期与证件号码不符：证件号码中的出生日期是${idInfo.birthDate}，已按证件号码导入。请核实出生日期或证件号码`,
        );
      }
    }

    d.members.push({
      id: key,
      householdId: hhId,
      name,
      idNumber: idInfo ? idInfo.normalized : null,
      sex: idInfo ? idInfo.sex : sex,
      birthDate: idInfo ? idInfo.birthDate : birth,
      ethnicity: v.ethnicity ?? null,
      relation,
      education: v.education ?? null,
      schoolStatus: v.schoolStatus ?? 'none',
      outOfSchoolReason: v.outOfSchoolReason ?? null,
      homeSchooled: v.homeSchooled ?? false,
      health: v.health ?? 'healthy',
      disabilityGrade: v.disabilityGrade ?? null,
      labour: v.labour ?? null,
      migrantPlace: v.migrantPlace ?? null,
      migrantMonths: v.migrantMonths ?? null,
      basicMedical: v.basicMedical ?? null,
      criticalIllness: v.criticalIllness ?? null,
      pension: v.pension ?? null,
      medicalAssistance: v.medicalAssistance ?? null,
      familyDoctor: v.familyDoctor ?? null,
      phone: v.memberPhone ?? null,
    } satisfies Member);
    if (!d.firstMember) d.firstMember = { sheet: si, row: rowNum };
  }
}
