/**
 * Codes of the national poverty information system's export (全国扶贫开发信息系统), mapped to
 * our values. Data, not logic: when the system's code book changes, this table changes.
 *
 * aac006 贫困户属性: 01 一般贫困户, 04 低保贫困户, 06 特困供养贫困户; 02/03/05/07/08 are exited or
 * combined kinds, read as the attribute they carry (the status column says exited).
 * aar010 脱贫状态: 0 未脱贫, 1 已脱贫 (still enjoying the policies), 3 返贫, 4 已脱贫 (no longer).
 * aac007 主要致贫原因: 01-12 in the order 因病 ... 其他.
 */
import { Cause } from '../../domain/types.js';

export const AAC006: Readonly<Record<string, string>> = {
  '01': 'general',
  '1': 'general',
  一般贫困户: 'general',
  '02': 'general',
  '03': 'general',
  '04': 'dibao',
  '4': 'dibao',
  低保贫困户: 'dibao',
  '05': 'dibao',
  '06': 'tekun',
  '6': 'tekun',
  特困供养贫困户: 'tekun',
  '07': 'tekun',
  '08': 'tekun',
  一般户: 'general',
  低保户: 'dibao',
  特困户: 'tekun',
  五保户: 'tekun',
  五保贫困户: 'tekun',
};

/** Our ExitStatus; 1 and 4 are both exited (whether policies continue is another column of ours). */
export const AAR010: Readonly<Record<string, string>> = {
  '0': 'not-exited',
  未脱贫: 'not-exited',
  '1': 'exited',
  已脱贫: 'exited',
  '已脱贫(享受政策)': 'exited',
  脱贫享受政策: 'exited',
  '3': 'returned',
  返贫: 'returned',
  '4': 'exited',
  '已脱贫(不再享受政策)': 'exited',
  脱贫不享受政策: 'exited',
  预脱贫: 'pre-exit',
};

/** 01..12 in the order of the Cause enum (the order of the national form). */
export const AAC007: Readonly<Record<string, string>> = Object.fromEntries(
  Cause.options.flatMap((cause, i) => {
    const code = String(i + 1).padStart(2, '0');
    return [
      [code, cause],
      [String(i + 1), cause],
    ];
  }),
);

export const AB01_SEX: Readonly<Record<string, string>> = { '1': 'M', '2': 'F', 男: 'M', 女: 'F' };

export const AB01_HEALTH: Readonly<Record<string, string>> = {
  '01': 'healthy',
  '02': 'chronic',
  '03': 'serious-illness',
  '04': 'disabled',
  '1': 'healthy',
  '2': 'chronic',
  '3': 'serious-illness',
  '4': 'disabled',
};

/**
 * 与户主关系 01-20 and 99. Only the codes whose meaning is certain are listed; a sheet with
 * labels (户主, 配偶, 之子 ...) is read through the label table instead.
 */
export const AB01_RELATION: Readonly<Record<string, string>> = {
  '01': 'head',
  '02': 'spouse',
  '03': 'son',
  '04': 'daughter',
  '99': 'other',
};
