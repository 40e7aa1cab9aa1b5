/**
 * exceljs stamps every zip entry with the clock's time, so two runs give different bytes for
 * the same workbook. This rewrites the DOS time and date of every entry (local headers and the
 * central directory) to one fixed moment, in place, so the same lists give the same file.
 */
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** DOS date/time fields for a YYYY-MM-DD at 00:00. */
function dosStamp(isoDate: string): { time: number; date: number } {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return { time: 0, date: ((y - 1980) << 9) | (m << 5) | d };
}

export function stampZip(buf: Buffer, isoDate: string): Buffer {
  const { time, date } = dosStamp(isoDate);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('不是有效的 zip 文件：找不到中央目录结尾');
  const entries = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(p) !== CENTRAL) throw new Error('zip 中央目录损坏');
    buf.writeUInt16LE(time, p + 12);
    buf.writeUInt16LE(date, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== LOCAL) throw new Error('zip 本地文件头损坏');
    buf.writeUInt16LE(time, local + 10);
    buf.writeUInt16LE(date, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return buf;
}
