/**
 * Province-level prefixes of the GB/T 2260 administrative division code, as used in the first
 * two digits of a resident ID number (GB 11643).
 *
 * We deliberately ship only this level. The full county-level table has ~3,000 live codes and
 * changes every year (counties merge, become districts, are renamed), and an ID number keeps the
 * code that was valid when it was issued — so a person born in a county abolished in 1996 still
 * carries its code. Validating against today's table would reject real people; validating against
 * every historical table is a data-maintenance job this office cannot own. The check character
 * already catches typing errors; the province prefix catches numbers that are not Chinese resident
 * IDs at all (e.g. the 9xxxxx foreigners' permanent-residence numbers, or garbage).
 */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  '11': '北京',
  '12': '天津',
  '13': '河北',
  '14': '山西',
  '15': '内蒙古',
  '21': '辽宁',
  '22': '吉林',
  '23': '黑龙江',
  '31': '上海',
  '32': '江苏',
  '33': '浙江',
  '34': '安徽',
  '35': '福建',
  '36': '江西',
  '37': '山东',
  '41': '河南',
  '42': '湖北',
  '43': '湖南',
  '44': '广东',
  '45': '广西',
  '46': '海南',
  '50': '重庆',
  '51': '四川',
  '52': '贵州',
  '53': '云南',
  '54': '西藏',
  '61': '陕西',
  '62': '甘肃',
  '63': '青海',
  '64': '宁夏',
  '65': '新疆',
  '71': '台湾',
  '81': '香港',
  '82': '澳门',
});

export const PROVINCE_PREFIXES: readonly string[] = Object.freeze(Object.keys(PROVINCE_NAMES));

/** True when the first two characters of `regionCode` are a province-level code. */
export function isKnownProvincePrefix(regionCode: string): boolean {
  return Object.hasOwn(PROVINCE_NAMES, regionCode.slice(0, 2));
}

/** Chinese province name for a region code, or undefined when the prefix is unknown. */
export function provinceName(regionCode: string): string | undefined {
  const prefix = regionCode.slice(0, 2);
  return Object.hasOwn(PROVINCE_NAMES, prefix) ? PROVINCE_NAMES[prefix] : undefined;
}
