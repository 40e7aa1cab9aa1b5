import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readWorkbook, SheetFormatError } from './index.js';
import type { SheetFormatErrorCode } from './index.js';
import { makeZip, rowsOf } from '../../../test/kits/sheets.js';

function failure(input: Buffer, name?: string): SheetFormatError {
  try {
    readWorkbook(input, name);
  } catch (e) {
    if (e instanceof SheetFormatError) return e;
    throw e;
  }
  throw new Error('readWorkbook accepted the file');
}

function expectFailure(input: Buffer, name: string, code: SheetFormatErrorCode, message: RegExp): void {
  const e = failure(input, name);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(message);
  expect(e.message).toContain(`“${name}”`);
}

/** The first sector of an OLE2 compound file plus a directory naming the given streams. */
function ole2(...streams: string[]): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
  const dir = Buffer.alloc(128 * Math.max(1, streams.length));
  streams.forEach((s, i) => Buffer.from(s, 'utf16le').copy(dir, i * 128));
  return Buffer.concat([header, dir]);
}

describe('format detection', () => {
  it('goes by content, not extension: an xlsx named .csv is read as xlsx, a CSV named .xlsx as CSV', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表').getCell('A1').value = '内容';
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const asCsv = readWorkbook(xlsx, '改了扩展名.csv');
    expect(asCsv.format).toBe('xlsx');
    expect(rowsOf(asCsv.sheets[0]!)).toEqual([[1, ['内容']]]);
    const csv = readWorkbook(Buffer.from('a,b\n'), '其实是.xlsx');
    expect(csv.format).toBe('csv');
  });

  it('reads from a path and names messages after the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sheets-'));
    const path = join(dir, '名单.csv');
    writeFileSync(path, '姓名\n张三\n');
    expect(rowsOf(readWorkbook(path).sheets[0]!)).toEqual([
      [1, ['姓名']],
      [2, ['张三']],
    ]);
    const empty = join(dir, '空白.xlsx');
    writeFileSync(empty, '');
    expect(() => readWorkbook(empty)).toThrow(/空白\.xlsx/);
  });

  it('an empty file', () => {
    expectFailure(Buffer.alloc(0), '空.xlsx', 'empty', /空的/);
  });

  it('a PDF', () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe])]);
    expectFailure(pdf, 'x.pdf', 'not-spreadsheet', /不是电子表格/);
  });

  it('binary junk with NUL bytes (an image)', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expectFailure(png, '照片.png', 'not-spreadsheet', /既不是 \.xlsx 也不是 CSV/);
  });

  it('bytes that are neither UTF-8 nor GBK text', () => {
    const junk = Buffer.alloc(4000);
    for (let i = 0; i < junk.length; i++) junk[i] = 0x80 + ((i * 7919) % 0x7f) || 0x81;
    for (let i = 0; i < junk.length; i += 2) junk[i] = 0xff;
    expectFailure(junk, '乱码.dat', 'not-spreadsheet', /不是电子表格/);
  });

  it('a Word document (docx zip without xl/workbook.xml)', () => {
    const docx = makeZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    expectFailure(docx, '通知.docx', 'not-spreadsheet', /Word 文档/);
  });

  it('some other zip, an .ods and an .xlsb', () => {
    expectFailure(makeZip([{ name: 'readme.txt', data: 'hi' }]), '资料.zip', 'not-spreadsheet', /zip 压缩包/);
    expectFailure(makeZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 }]), '表.ods', 'not-spreadsheet', /\.ods/);
    expectFailure(makeZip([{ name: 'xl/workbook.bin', data: Buffer.alloc(10) }]), '表.xlsb', 'not-spreadsheet', /\.xlsb/);
  });

  it('a legacy .xls (OLE2 with a Workbook stream)', () => {
    expectFailure(ole2('Root Entry', 'Workbook', '\u0005SummaryInformation'), '旧表.xls', 'xls-unsupported', /另存为.*\.xlsx/);
  });

  it('an OLE2 file without recognisable streams is assumed to be an .xls', () => {
    expectFailure(ole2('Root Entry'), '未知.xls', 'xls-unsupported', /\.xls/);
  });

  it('a password-protected xlsx (OLE2 with EncryptedPackage)', () => {
    expectFailure(ole2('Root Entry', 'EncryptionInfo', 'EncryptedPackage'), '加密.xlsx', 'encrypted', /密码/);
  });

  it('an old Word .doc', () => {
    expectFailure(ole2('Root Entry', 'WordDocument', '1Table'), '旧.doc', 'not-spreadsheet', /Word/);
  });

  it('an HTML table or Excel 2003 XML saved as .xls', () => {
    const html = Buffer.from('<html><head><meta charset="utf-8"></head><body><table><tr><td>姓名</td></tr></table></body></html>');
    expectFailure(html, '系统导出.xls', 'xls-unsupported', /网页格式/);
    const xml = Buffer.from('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>');
    expectFailure(xml, '2003.xls', 'xls-unsupported', /2003 XML/);
  });

  it('UTF-16 text (Excel "Unicode text") is refused with a way out', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t性别\r\n', 'utf16le')]);
    expectFailure(utf16, 'unicode.txt', 'not-spreadsheet', /UTF-16/);
  });

  it('an empty zip', () => {
    const zip = makeZip([]);
    expectFailure(zip, '空包.zip', 'not-spreadsheet', /空的 zip/);
  });

  it('falls back to a generic label when no file name is given', () => {
    expect(failure(Buffer.alloc(0)).message).toContain('上传的文件');
  });
});
