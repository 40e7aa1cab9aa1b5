import { inflateRawSync } from 'node:zlib';
import { DEFAULT_INFLATE_LIMITS, RATIO_GRACE_BYTES, sizeText, type InflateLimits } from './limits.js';
import { SheetFormatError } from './types.js';

/**
 * A minimal, synchronous reader for the zip container of an .xlsx: the whole file is already in
 * memory, so the central directory gives every entry's offset and sizes (which also makes entries
 * written with data descriptors readable) and each entry is inflated only when asked for.
 *
 * Zip bombs: every entry's declared size is checked against the limits (per part, ratio) when the
 * directory is read, so a bomb is refused before anything is inflated; the running total is
 * checked before each part is inflated. The declared size is never trusted beyond that: zlib stops
 * producing output at it (maxOutputLength), so a header that under-declares cannot inflate more.
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private readonly lowerCase = new Map<string, ZipEntry>();
  /** Bytes inflated so far from this file, against limits.maxTotalBytes. */
  private inflated = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly fileLabel: string,
    private readonly limits: InflateLimits = DEFAULT_INFLATE_LIMITS,
  ) {
    this.readCentralDirectory();
    for (const e of this.entries.values()) this.checkDeclared(e);
  }

  private tooLarge(message: string): SheetFormatError {
    return new SheetFormatError('too-large', `文件“${this.fileLabel}”${message}`);
  }

  private checkDeclared(e: ZipEntry): void {
    const size = e.uncompressedSize;
    const { maxPartBytes, maxRatio } = this.limits;
    if (e.method === 8 && size > RATIO_GRACE_BYTES && size > maxRatio * Math.max(1, e.compressedSize)) {
      const ratio = Math.round(size / Math.max(1, e.compressedSize));
      throw this.tooLarge(
        `中的“${e.name}”压缩比异常：${sizeText(e.compressedSize)} 的数据声称解压后有 ${sizeText(size)}（${ratio} 倍，上限 ${maxRatio} 倍），` +
          '这是恶意构造的“压缩炸弹”的特征，Excel/WPS 保存的表格不会这样。已拒绝读取。请确认文件来源，在 Excel/WPS 中打开后重新保存为 .xlsx 再导入。',
      );
    }
    if (size > maxPartBytes) {
      throw this.tooLarge(
        `中的“${e.name}”解压后有 ${sizeText(size)}，超过单个部件 ${sizeText(maxPartBytes)} 的上限，已拒绝读取。请删去无关的工作表或按乡镇拆分后分别导入；确需导入时请管理员调高 TUOPIN_IMPORT_MAX_PART_MB。`,
      );
    }
  }

  private checkTotal(e: ZipEntry): void {
    const { maxTotalBytes } = this.limits;
    if (this.inflated + e.uncompressedSize > maxTotalBytes) {
      throw this.tooLarge(
        `解压后的内容合计超过 ${sizeText(maxTotalBytes)} 的上限（读到“${e.name}”时），已拒绝读取。请删去无关的工作表或按乡镇拆分后分别导入；确需导入时请管理员调高 TUOPIN_IMPORT_MAX_TOTAL_MB。`,
      );
    }
  }

  private corrupt(detail: string, cause?: unknown): SheetFormatError {
    return new SheetFormatError('corrupt', `文件“${this.fileLabel}”已损坏，无法读取（${detail}）。请在 Excel/WPS 中打开确认后重新保存为 .xlsx 再导入。`, {
      cause,
    });
  }

  private zip64(): SheetFormatError {
    return new SheetFormatError(
      'corrupt',
      `文件“${this.fileLabel}”使用了 ZIP64 格式（超过 4 GB 或超过 65535 个文件），暂不支持。请在 Excel/WPS 中打开后重新保存为 .xlsx 再导入。`,
    );
  }

  private readCentralDirectory(): void {
    const buf = this.buf;
    // The end record sits in the last 22 bytes plus an optional comment of up to 65535 bytes.
    const floor = Math.max(0, buf.length - 22 - 0xffff);
    let eocd = -1;
    for (let p = buf.length - 22; p >= floor; p--) {
      if (buf.readUInt32LE(p) === SIG_EOCD) {
        eocd = p;
        break;
      }
    }
    if (eocd < 0) throw this.corrupt('找不到 zip 目录，文件可能不完整，例如下载或拷贝中断');
    const count = buf.readUInt16LE(eocd + 10);
    const cdSize = buf.readUInt32LE(eocd + 12);
    const cdOffset = buf.readUInt32LE(eocd + 16);
    // Some writers add ZIP64 records to small files too; only saturated fields really need ZIP64.
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw this.zip64();
    if (cdOffset + cdSize > eocd) throw this.corrupt('zip 目录位置超出文件范围');
    let p = cdOffset;
    for (let i = 0; i < count; i++) {
      if (p + 46 > buf.length || buf.readUInt32LE(p) !== SIG_CENTRAL) throw this.corrupt('zip 目录记录无效');
      const flags = buf.readUInt16LE(p + 8);
      const method = buf.readUInt16LE(p + 10);
      const compressedSize = buf.readUInt32LE(p + 20);
      const uncompressedSize = buf.readUInt32LE(p + 24);
      const nameLen = buf.readUInt16LE(p + 28);
      const extraLen = buf.readUInt16LE(p + 30);
      const commentLen = buf.readUInt16LE(p + 32);
      const localHeaderOffset = buf.readUInt32LE(p + 42);
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) throw this.zip64();
      // Bit 11 says UTF-8; part names in an xlsx are ASCII anyway. Some Windows tools write '\'.
      const name = buf
        .toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen)
        .replace(/\\/g, '/')
        .replace(/^\/+/, '');
      const entry: ZipEntry = { name, method, flags, compressedSize, uncompressedSize, localHeaderOffset };
      this.entries.set(name, entry);
      this.lowerCase.set(name.toLowerCase(), entry);
      p += 46 + nameLen + extraLen + commentLen;
    }
  }

  /** Finds a part by name; falls back to a case-insensitive match (some writers vary the case). */
  find(name: string): ZipEntry | undefined {
    const n = name.replace(/^\/+/, '');
    return this.entries.get(n) ?? this.lowerCase.get(n.toLowerCase());
  }

  has(name: string): boolean {
    return this.find(name) !== undefined;
  }

  read(entry: ZipEntry): Buffer {
    const buf = this.buf;
    if (entry.flags & 0x1) {
      throw new SheetFormatError('encrypted', `文件“${this.fileLabel}”设置了密码（zip 加密），无法读取。请去掉密码后另存为 .xlsx 再导入。`);
    }
    const p = entry.localHeaderOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== SIG_LOCAL) throw this.corrupt(`“${entry.name}”的文件头无效`);
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const end = start + entry.compressedSize;
    if (end > buf.length) throw this.corrupt(`“${entry.name}”的数据不完整`);
    const data = buf.subarray(start, end);
    this.checkTotal(entry);
    if (entry.method === 0) {
      this.inflated += data.length;
      return data;
    }
    if (entry.method !== 8) throw this.corrupt(`“${entry.name}”使用了不支持的压缩方式 ${entry.method}`);
    let out: Buffer;
    try {
      // One output chunk of the declared size avoids zlib's default 16 KB chunks and the concat
      // copy at the end (a third of the unzip time on a 55 MB sheet). The size was checked against
      // the limits; maxOutputLength makes zlib stop there whatever the data holds.
      const size = entry.uncompressedSize;
      // One spare byte, or zlib allocates a second full-size chunk to find out that the stream has ended.
      out = inflateRawSync(data, { chunkSize: Math.max(64, size + 1), maxOutputLength: Math.max(1, size) });
    } catch (e) {
      throw this.corrupt(`“${entry.name}”解压失败`, e);
    }
    this.inflated += out.length;
    if (out.length !== entry.uncompressedSize) throw this.corrupt(`“${entry.name}”解压后的大小与目录记录不符`);
    return out;
  }

  readByName(name: string): Buffer | undefined {
    const e = this.find(name);
    return e ? this.read(e) : undefined;
  }
}
