export type { CellValue, Merge, Sheet, SheetRow, Workbook, SheetFormatErrorCode } from './types.js';
export { SheetFormatError } from './types.js';
export { columnIndex, columnLetter } from './columns.js';
export { readWorkbook } from './read.js';
export type { ReadOptions } from './read.js';
export { DEFAULT_INFLATE_LIMITS, MAX_CELL_CHARS } from './limits.js';
export type { InflateLimits } from './limits.js';
export { isDateFormatCode, serialToIso } from './dates.js';
