/**
 * How much an .xlsx may inflate to. A roster's sheet XML is about 7 times its compressed size (the
 * demo county: 15.9 MB of deflated data, 108 MB of sheet XML for 58,000 people), so these leave a
 * county several times that size room, while a zip bomb (about 1000 to 1) is refused from its
 * headers before anything is inflated. Apache POI refuses the same ratio (its MIN_INFLATE_RATIO 0.01).
 * The server reads them from TUOPIN_IMPORT_MAX_PART_MB, TUOPIN_IMPORT_MAX_TOTAL_MB and
 * TUOPIN_IMPORT_MAX_RATIO (see docs/import.md).
 */
export interface InflateLimits {
  /** Largest inflated size of any one part (a sheet, the shared strings). */
  maxPartBytes: number;
  /** Largest inflated size of all parts read from one file together. */
  maxTotalBytes: number;
  /** Largest inflated ÷ compressed size of a part (checked for parts over RATIO_GRACE_BYTES). */
  maxRatio: number;
}

const MB = 1024 * 1024;

export const DEFAULT_INFLATE_LIMITS: Readonly<InflateLimits> = Object.freeze({
  maxPartBytes: 400 * MB,
  maxTotalBytes: 600 * MB,
  maxRatio: 100,
});

/** Small parts (an empty styles table, a theme) may compress far better than sheets; they cost nothing. */
export const RATIO_GRACE_BYTES = 1 * MB;

/**
 * Excel's own limit on the text of one cell. Longer text cannot come from Excel or WPS, and
 * refusing it keeps a crafted cell from becoming a string V8 cannot create.
 */
export const MAX_CELL_CHARS = 32767;

export function inflateLimits(partial: Partial<InflateLimits> | undefined): InflateLimits {
  return { ...DEFAULT_INFLATE_LIMITS, ...Object.fromEntries(Object.entries(partial ?? {}).filter(([, v]) => v !== undefined)) };
}

/** "1.1 GB", "400 MB", "64 KB": sizes as the user's messages show them. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / 1024 / MB).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
