// How long a piece of text may be: one table for the API contract (src/contract), the domain
// schemas it carries (household, member, plan, rulebook) and the roster import (src/io/roster), so
// a 900,000-character group name is refused at every door, never stored and copied into the log.
// Here rather than in src/contract because the domain schemas need the same numbers.
import { z } from 'zod';

export const TEXT_LIMITS = {
  /** 姓名 (a member, a user, a cadre, a responsible person). */
  name: 50,
  /** 自然村/组. */
  group: 30,
  /** 证件号码, normalised to 18 characters. */
  idNumber: 18,
  /** A phone number (mobile or landline with area code and extension). */
  phone: 20,
  /** 银行账号 (up to 19 digits, room for separators). */
  bankAccount: 30,
  /** 户编号, 人编号 and other identifiers from the roster. */
  key: 40,
  /** Identifiers the system makes (task-…, exit-…, UUIDs). */
  id: 80,
  /** Region codes (12-digit 区划代码), class, step and sector codes. */
  code: 30,
  /** A short label: ethnicity, education level, unit, place, document number. */
  label: 100,
  /** 原因, 说明 in a form. */
  reason: 200,
  /** 备注 and notes on a record. */
  note: 500,
  /** Minutes, objection content and other long free text. */
  long: 2000,
  /** An ISO date (10) or timestamp. */
  date: 40,
  /**
   * Text the server composes for a response (history lines, arithmetic, messages, ledger cells):
   * built from fields bounded above, so a far ceiling only guards against a runaway.
   */
  shown: 20_000,
} as const;

/** A string of at most `max` characters; `label` names the field in the Chinese message. */
export function text(max: number, label?: string): z.ZodString {
  return z.string().max(max, label === undefined ? `内容不能超过 ${max} 个字符` : `${label}不能超过 ${max} 个字符`);
}
