export type { CellValue, Merge, Sheet, SheetRow, Workbook, SheetFormatErrorCode } from './types.js';
export { SheetFormatError } from './types.js';
export { columnIndex, columnLetter } from './columns.js';
export { readWorkbook } from './read.js';
export { isDateFormatCode, serialToIso } from './dates.js';
