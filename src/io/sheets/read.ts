import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { readCsv } from './csv.js';
import { inflateLimits, type InflateLimits } from './limits.js';
import { SheetFormatError } from './types.js';
import type { Workbook } from './types.js';
import { readXlsx } from './xlsx.js';

function startsWith(buf: Buffer, bytes: readonly number[]): boolean {
  if (buf.length < bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[i] !== bytes[i]) return false;
  return true;
}

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * An OLE2 compound file is either a legacy .xls, or an .xlsx that Excel/WPS encrypted with a
 * password (EncryptionInfo + EncryptedPackage streams), or some other Office file. The directory
 * stores stream names in UTF-16LE, so looking for them is enough to tell these apart.
 */
function ole2Error(buf: Buffer, label: string): SheetFormatError {
  const has = (name: string): boolean => buf.indexOf(Buffer.from(name, 'utf16le')) >= 0;
  if (has('EncryptedPackage')) {
    return new SheetFormatError(
      'encrypted',
      `文件“${label}”设置了打开密码，无法读取。请在 Excel/WPS 中打开，取消密码（文件 → 信息 → 保护工作簿 / 文档加密）后另存为 .xlsx 再导入。`,
    );
  }
  if (has('WordDocument') && !has('Workbook')) {
    return new SheetFormatError('not-spreadsheet', `文件“${label}”是旧版 Word 文档（.doc），不是电子表格。`);
  }
  if (has('PowerPoint Document') && !has('Workbook')) {
    return new SheetFormatError('not-spreadsheet', `文件“${label}”是旧版 PowerPoint 文件（.ppt），不是电子表格。`);
  }
  return new SheetFormatError(
    'xls-unsupported',
    `文件“${label}”是旧版 Excel 格式（.xls），暂不支持。请用 Excel 或 WPS 打开，选择“另存为”→“Excel 工作簿（*.xlsx）”后再导入。`,
  );
}

/** Binary content: NUL bytes, or more than a trace of other control characters near the start. */
function looksBinary(buf: Buffer): boolean {
  if (buf.indexOf(0) >= 0) return true;
  const n = Math.min(buf.length, 65536);
  let ctl = 0;
  for (let i = 0; i < n; i++) {
    const c = buf[i]!;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a) ctl++;
  }
  return ctl > Math.max(4, n / 200);
}

/**
 * Business systems often export an HTML table or an Excel 2003 XML spreadsheet and name it .xls.
 * Excel opens those, so the user needs to be told to re-save rather than that the file is junk.
 */
function markupError(buf: Buffer, label: string): SheetFormatError | null {
  const head = buf
    .toString('latin1', 0, Math.min(buf.length, 4096))
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (!head.startsWith('<')) return null;
  if (head.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return new SheetFormatError(
      'xls-unsupported',
      `文件“${label}”是 Excel 2003 XML 表格，暂不支持。请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”后再导入。`,
    );
  }
  if (/^<(!doctype html|html|table|meta|head|body)/.test(head) || head.includes('<table')) {
    return new SheetFormatError(
      'xls-unsupported',
      `文件“${label}”其实是网页格式（HTML）的表格，常见于从业务系统导出的“.xls”，暂不支持。请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”后再导入。`,
    );
  }
  return null;
}

export interface ReadOptions {
  /** How much an .xlsx may inflate to (default DEFAULT_INFLATE_LIMITS). */
  limits?: Partial<InflateLimits>;
}

/**
 * Reads an .xlsx or .csv file (a path, or its bytes plus the original file name for messages).
 * The format is decided by content, never by extension. Throws SheetFormatError with a Chinese
 * message the user can act on (also from a sheet's rows(), which inflate and parse lazily).
 */
export function readWorkbook(input: string | Buffer, fileName?: string, opts: ReadOptions = {}): Workbook {
  const buf = typeof input === 'string' ? readFileSync(input) : input;
  // Uploads may carry a Windows path (C:\导入\花名册.csv); messages and sheet names want the file name.
  const given = fileName ?? (typeof input === 'string' ? input : undefined);
  const name = given === undefined ? undefined : basename(given.replace(/\\/g, '/'));
  const label = name ?? '上传的文件';
  if (buf.length === 0) throw new SheetFormatError('empty', `文件“${label}”是空的（0 字节），没有任何内容。`);
  if (startsWith(buf, ZIP_LOCAL)) return readXlsx(buf, label, inflateLimits(opts.limits));
  if (startsWith(buf, ZIP_EMPTY)) throw new SheetFormatError('not-spreadsheet', `文件“${label}”是一个空的 zip 压缩包，不是电子表格。`);
  if (startsWith(buf, OLE2)) throw ole2Error(buf, label);
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    throw new SheetFormatError('not-spreadsheet', `文件“${label}”是 PDF 文件，不是电子表格（既不是 .xlsx 也不是 CSV）。`);
  }
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    throw new SheetFormatError(
      'not-spreadsheet',
      `文件“${label}”是 UTF-16 编码的文本（Excel 的“Unicode 文本”），暂不支持。请在 Excel/WPS 中另存为 .xlsx 或“CSV UTF-8”后再导入。`,
    );
  }
  if (looksBinary(buf)) throw new SheetFormatError('not-spreadsheet', `文件“${label}”不是电子表格（既不是 .xlsx 也不是 CSV）。`);
  const markup = markupError(buf, label);
  if (markup) throw markup;
  const sheetName = name ? basename(name, extname(name)) || name : 'Sheet1';
  return readCsv(buf, label, sheetName);
}
