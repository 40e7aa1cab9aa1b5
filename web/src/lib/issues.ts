// Import problems arrive either structured or as the server's one-line text
// (src/io/roster/errors.ts formatIssue): `[提示] 花名册 第12行 F列（身份证号）“1234”：说明`.
// Both become rows of the issue table: sheet, row, column, value, message.
import type { ImportIssue } from '../api/types.js';

const LINE = /^(\[提示\] )?(.+?)(?: 第(\d+)行)?(?: ([A-Z]{1,3})列(?:（([^）]*)）)?| “([^”]*)”列)?(?:“(.*?)”)?：(.*)$/su;

export function parseIssue(line: string): ImportIssue {
  const m = LINE.exec(line);
  if (!m) return { severity: 'error', sheet: '', row: null, column: null, header: null, value: null, message: line };
  const [, warn, sheet, row, column, header1, header2, value, message] = m;
  return {
    severity: warn ? 'warning' : 'error',
    sheet: sheet ?? '',
    row: row ? Number(row) : null,
    column: column ?? null,
    header: header1 ?? header2 ?? null,
    value: value ?? null,
    message: message ?? line,
  };
}

export function toIssues(items: readonly (string | ImportIssue)[]): ImportIssue[] {
  return items.map((i) => (typeof i === 'string' ? parseIssue(i) : i));
}
