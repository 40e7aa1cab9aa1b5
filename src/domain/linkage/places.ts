/**
 * Place names to codes. Most sector lists name the township and village (“石门乡”“上庄村”)
 * rather than giving the 12-digit code, so without this a row without an ID number loses its
 * strongest evidence after the birth date. Names are compared as written and with the usual
 * suffixes dropped (村/村委会/社区, 乡/镇/街道), since departments write both; a name two
 * places share resolves to nothing rather than to a guess.
 */
export interface PlaceRegion {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

export interface ResolvedPlace {
  villageCode: string | null;
  townshipCode: string | null;
}

const AMBIGUOUS = '';

function villageKey(name: string): string {
  return name.replace(/[\s\u3000]+/gu, '').replace(/(村民委员会|村委会|社区居委会|社区|村)$/u, '');
}

function townshipKey(name: string): string {
  return name.replace(/[\s\u3000]+/gu, '').replace(/(人民政府|街道办事处|街道|镇|乡)$/u, '');
}

function put(map: Map<string, string>, key: string, code: string): void {
  if (key === '') return;
  const old = map.get(key);
  map.set(key, old === undefined || old === code ? code : AMBIGUOUS);
}

export class PlaceNames {
  private readonly townships = new Map<string, string>();
  /** townshipCode + '|' + village key -> village code. */
  private readonly villagesIn = new Map<string, string>();
  private readonly villages = new Map<string, string>();

  constructor(regions: readonly PlaceRegion[]) {
    for (const r of regions) {
      if (r.level === 'township') put(this.townships, townshipKey(r.name), r.code);
    }
    for (const r of regions) {
      if (r.level !== 'village') continue;
      const key = villageKey(r.name);
      put(this.villages, key, r.code);
      if (r.parentCode) put(this.villagesIn, `${r.parentCode}|${key}`, r.code);
    }
  }

  resolve(township: string | null | undefined, village: string | null | undefined): ResolvedPlace {
    const t = township ? this.townships.get(townshipKey(township)) : undefined;
    const townshipCode = t === undefined || t === AMBIGUOUS ? null : t;
    let villageCode: string | null = null;
    if (village) {
      const key = villageKey(village);
      const v = townshipCode ? this.villagesIn.get(`${townshipCode}|${key}`) : township ? undefined : this.villages.get(key);
      villageCode = v === undefined || v === AMBIGUOUS ? null : v;
    }
    return { villageCode, townshipCode: townshipCode ?? (villageCode ? villageCode.slice(0, 9) : null) };
  }
}
