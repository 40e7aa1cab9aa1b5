export type { Sheet, Workbook, SheetFormatErrorCode } from './types.js';
export { SheetFormatError } from './types.js';
export { readWorkbook } from './read.js';
export { DEFAULT_INFLATE_LIMITS } from './limits.js';
export type { InflateLimits } from './limits.js';
