/**
 * Test-only helpers: a tiny zip writer and a minimal hand-made xlsx, for shapes exceljs never
 * writes (inline strings, phonetic runs, cells without r, prefixed tags, data descriptors).
 */
import { posix } from 'node:path';
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipInput {
  name: string;
  data: string | Buffer;
  /** 0 = stored, 8 = deflated (default). */
  method?: 0 | 8;
  /** Write sizes and CRC after the data, as streaming writers do (flag bit 3). */
  dataDescriptor?: boolean;
  /** Already deflated content (method 8), for parts too big to hold uncompressed (zip bombs). */
  deflated?: { body: Buffer; size: number; crc: number };
  /** Size written in the headers instead of the real one (a lying header). */
  declaredSize?: number;
}

export function makeZip(files: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const raw = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
    const method = f.deflated ? 8 : (f.method ?? 8);
    const body = f.deflated?.body ?? (method === 8 ? deflateRawSync(raw) : raw);
    const name = Buffer.from(f.name, 'utf8');
    const crc = f.deflated?.crc ?? crc32(raw);
    const size = f.declaredSize ?? f.deflated?.size ?? raw.length;
    const dd = f.dataDescriptor === true;
    const flags = 0x800 | (dd ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(dd ? 0 : crc, 14);
    local.writeUInt32LE(dd ? 0 : body.length, 18);
    local.writeUInt32LE(dd ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    const parts = [local, name, body];
    if (dd) {
      const desc = Buffer.alloc(16);
      desc.writeUInt32LE(0x08074b50, 0);
      desc.writeUInt32LE(crc, 4);
      desc.writeUInt32LE(body.length, 8);
      desc.writeUInt32LE(size, 12);
      parts.push(desc);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    const chunk = Buffer.concat(parts);
    locals.push(chunk);
    offset += chunk.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface HandSheet {
  name: string;
  /** Everything inside <worksheet>, e.g. '<sheetData>...</sheetData><mergeCells>...'. */
  body: string;
  state?: 'hidden' | 'veryHidden';
}

export interface HandXlsxOptions {
  sheets: HandSheet[];
  /** The <si> items of xl/sharedStrings.xml. */
  sharedStrings?: string[];
  /** Inner XML of <styleSheet> (numFmts, cellXfs). */
  styles?: string;
  date1904?: boolean;
  /** Put the worksheets somewhere unusual, to prove names come from the relationships. */
  sheetPath?: (index: number) => string;
  dataDescriptor?: boolean;
  method?: 0 | 8;
}

export function makeXlsx(o: HandXlsxOptions): Buffer {
  const path = o.sheetPath ?? ((i: number) => `worksheets/sheet${i + 1}.xml`);
  const files: ZipInput[] = [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}">` +
        (o.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>') +
        '<sheets>' +
        o.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 10}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        o.sheets.map((_s, i) => `<Relationship Id="rId${i + 10}" Type="${REL}/worksheet" Target="${path(i)}"/>`).join('') +
        (o.sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        (o.styles ? `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>` : '') +
        '</Relationships>',
    },
  ];
  if (o.sharedStrings) {
    files.push({
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${o.sharedStrings.length}">${o.sharedStrings.join('')}</sst>`,
    });
  }
  if (o.styles) files.push({ name: 'xl/styles.xml', data: `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">${o.styles}</styleSheet>` });
  o.sheets.forEach((s, i) => {
    const p = path(i);
    files.push({
      name: posix.normalize(p.startsWith('/') ? p.slice(1) : `xl/${p}`),
      data: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}" xmlns:r="${REL}">${s.body}</worksheet>`,
    });
  });
  return makeZip(files.map((f) => ({ ...f, method: o.method ?? 8, dataDescriptor: o.dataDescriptor ?? false })));
}

/** All rows of a sheet as [rowNumber, cells] pairs, for compact assertions. */
export function rowsOf(sheet: { rows(): Iterable<{ row: number; cells: unknown[] }> }): [number, unknown[]][] {
  return [...sheet.rows()].map((r) => [r.row, r.cells]);
}

/**
 * Deflates `head`, then `chunk` repeated until about `bytes` in all, then `tail`, without ever
 * holding the inflated text: how a zip bomb is made (repeated XML deflates about 1000 to 1). Each
 * piece is deflated on its own and ends with a full flush (byte-aligned, no references back), so
 * the compressed 1 MB block can simply be repeated: a 1 GB bomb takes well under a second.
 */
export function deflateRepeated(head: string, chunk: string, bytes: number, tail: string): { body: Buffer; size: number; crc: number } {
  const flushed = (b: Buffer) => deflateRawSync(b, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const h = Buffer.from(head, 'utf8');
  const t = Buffer.from(tail, 'utf8');
  const unit = Buffer.from(chunk, 'utf8');
  const block = Buffer.concat(Array.from({ length: Math.max(1, Math.floor((1 << 20) / unit.length)) }, () => unit));
  const parts: Buffer[] = [flushed(h)];
  let size = h.length;
  let crc = crc32(h);
  const blockZ = flushed(block);
  while (size + block.length + t.length <= bytes) {
    parts.push(blockZ);
    size += block.length;
    crc = crc32(block, crc);
  }
  const rest = Buffer.concat(Array.from({ length: Math.floor((bytes - size - t.length) / unit.length) }, () => unit));
  if (rest.length > 0) {
    parts.push(flushed(rest));
    size += rest.length;
    crc = crc32(rest, crc);
  }
  parts.push(deflateRawSync(t, { level: 9 }));
  size += t.length;
  crc = crc32(t, crc);
  return { body: Buffer.concat(parts), size, crc };
}

/**
 * An .xlsx whose one sheet inflates to about `sheetBytes`: rows of one number each ('rows'), or a
 * single cell holding one huge string ('string'). `declaredSize` makes the zip headers lie.
 */
export function bombXlsx(o: { sheetBytes: number; kind?: 'rows' | 'string'; declaredSize?: number }): Buffer {
  const shell = makeXlsx({ sheets: [{ name: '花名册', body: '<sheetData/>' }] });
  const files = readZipInputsOf(shell).filter((f) => !f.name.startsWith('xl/worksheets/'));
  const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>`;
  const deflated =
    o.kind === 'string'
      ? deflateRepeated(`${head}<row r="1"><c r="A1" t="inlineStr"><is><t>`, '脱贫攻坚', o.sheetBytes, '</t></is></c></row></sheetData></worksheet>')
      : deflateRepeated(head, '<row><c><v>1</v></c></row>', o.sheetBytes, '</sheetData></worksheet>');
  return makeZip([
    ...files,
    { name: 'xl/worksheets/sheet1.xml', data: '', deflated, ...(o.declaredSize !== undefined ? { declaredSize: o.declaredSize } : {}) },
  ]);
}

/** The parts of a zip made by makeZip (stored or deflated, no data descriptors), as ZipInput again. */
function readZipInputsOf(zip: Buffer): ZipInput[] {
  const out: ZipInput[] = [];
  let p = 0;
  while (zip.readUInt32LE(p) === 0x04034b50) {
    const method = zip.readUInt16LE(p + 8);
    const csize = zip.readUInt32LE(p + 18);
    const nameLen = zip.readUInt16LE(p + 26);
    const extraLen = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 30, p + 30 + nameLen);
    const start = p + 30 + nameLen + extraLen;
    const body = zip.subarray(start, start + csize);
    out.push({ name, data: method === 8 ? inflateRawSync(body) : Buffer.from(body) });
    p = start + csize;
  }
  return out;
}
