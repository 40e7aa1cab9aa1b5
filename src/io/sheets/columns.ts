/** 0 -> 'A', 25 -> 'Z', 26 -> 'AA' (bijective base 26, as Excel names columns). */
export function columnLetter(col0: number): string {
  if (!Number.isInteger(col0) || col0 < 0) throw new RangeError(`column index must be a non-negative integer: ${col0}`);
  let s = '';
  let n = col0 + 1;
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = (n - 1 - rem) / 26;
  }
  return s;
}

/** 'A' -> 0, 'AA' -> 26; case-insensitive; -1 when `letters` is not a column name. */
export function columnIndex(letters: string): number {
  if (letters.length === 0) return -1;
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return -1;
    n = n * 26 + (c - 0x60);
  }
  return n - 1;
}
