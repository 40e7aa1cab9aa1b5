/**
 * Name features for matching: the name cleaned, split into surname and given name, its
 * toneless pinyin and its "folded" pinyin in which the sounds local speech confuses are made one.
 *
 * pinyin-pro costs tens of microseconds per call, and a million-row list holds only a few
 * thousand distinct characters, so readings are cached per character and features per distinct
 * name: a name seen again costs one Map lookup.
 */
import { pinyin } from 'pinyin-pro';
import type { LinkageSettings } from './settings.js';

export interface NameFeatures {
  /** Cleaned name: spaces, middle dots and full-width spaces removed. */
  name: string;
  chars: readonly string[];
  surname: string;
  given: string;
  /** Toneless pinyin per character (the surname reading for the surname's characters). */
  syllables: readonly string[];
  /** Syllables joined by spaces (so xi an is not xian): the homophone key. */
  pinyin: string;
  surnamePinyin: string;
  /** Syllables with confusable initials and finals folded, joined. */
  folded: string;
}

const NAME_NOISE = /[\s\u3000\u00a0·•・.．]/gu;
const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's', 'y', 'w'];

const HAS_NOISE = /[\s\u3000\u00a0·•・.．]/u;

export function cleanName(raw: string): string {
  return HAS_NOISE.test(raw) ? raw.replace(NAME_NOISE, '') : raw;
}

export class NameAnalyzer {
  private readonly names = new Map<string, NameFeatures>();
  private readonly readings = new Map<string, string>();
  private readonly surnameReadings = new Map<string, string>();
  private readonly foldedSyllables = new Map<string, string>();
  private readonly compound: ReadonlySet<string>;
  private readonly initialFold: ReadonlyMap<string, string>;
  private readonly finalFold: readonly (readonly [string, string])[];
  /** Character -> id of its look-alike group(s). */
  private readonly lookalikeGroups = new Map<string, number[]>();

  constructor(settings: LinkageSettings) {
    this.compound = new Set(settings.compoundSurnames);
    const initialFold = new Map<string, string>();
    for (const [a, b] of settings.pinyin.confusableInitials) initialFold.set(b, initialFold.get(a) ?? a);
    this.initialFold = initialFold;
    // Longer finals first so 'iang' is not cut as 'ang' after 'ng' rules of other pairs.
    this.finalFold = settings.pinyin.confusableFinals
      .map(([a, b]) => (a.length >= b.length ? ([a, b] as const) : ([b, a] as const)))
      .sort((x, y) => y[0].length - x[0].length);
    settings.lookalikes.forEach((group, gi) => {
      for (const ch of new Set(group)) {
        const list = this.lookalikeGroups.get(ch);
        if (list) list.push(gi);
        else this.lookalikeGroups.set(ch, [gi]);
      }
    });
  }

  /** Distinct names analysed so far (for tests of the cache). */
  get cachedNames(): number {
    return this.names.size;
  }

  features(raw: string): NameFeatures {
    const hit = this.names.get(raw);
    if (hit) return hit;
    const name = cleanName(raw);
    const chars = [...name];
    const surnameLength = chars.length >= 3 && this.compound.has(chars[0]! + chars[1]!) ? 2 : chars.length >= 2 ? 1 : 0;
    const syllables = chars.map((ch, i) => (i < surnameLength ? this.surnameReading(ch) : this.reading(ch)));
    const f: NameFeatures = {
      name,
      chars,
      surname: chars.slice(0, surnameLength).join(''),
      given: chars.slice(surnameLength).join(''),
      syllables,
      pinyin: syllables.join(' '),
      surnamePinyin: syllables.slice(0, surnameLength).join(' '),
      folded: syllables.map((s) => this.fold(s)).join(' '),
    };
    this.names.set(raw, f);
    return f;
  }

  /** Toneless reading of one character; a non-Han character is its own lower-cased reading. */
  reading(ch: string): string {
    let r = this.readings.get(ch);
    if (r === undefined) {
      r = (pinyin(ch, { toneType: 'none', type: 'array', v: true })[0] ?? ch).toLowerCase();
      this.readings.set(ch, r);
    }
    return r;
  }

  /** As a surname: 单 is shan, 曾 is zeng, 解 is xie. */
  surnameReading(ch: string): string {
    let r = this.surnameReadings.get(ch);
    if (r === undefined) {
      r = (pinyin(ch, { toneType: 'none', type: 'array', v: true, surname: 'head' })[0] ?? ch).toLowerCase();
      this.surnameReadings.set(ch, r);
    }
    return r;
  }

  /** A syllable with its confusable initial and final folded: 'zhang' -> 'zan', 'ling' -> 'nin'. */
  fold(syllable: string): string {
    let out = this.foldedSyllables.get(syllable);
    if (out !== undefined) return out;
    let initial = '';
    for (const i of INITIALS) {
      if (syllable.startsWith(i) && syllable.length > i.length) {
        initial = i;
        break;
      }
    }
    let final = syllable.slice(initial.length);
    // Where f and h are confused, hu- is the f sound: 黄 huang ~ 房 fang, 灰 hui ~ 飞 fei.
    if (initial === 'h' && final.length > 1 && final.startsWith('u') && this.initialFold.get('h') === 'f') {
      final = final === 'ui' ? 'ei' : final === 'un' ? 'en' : final.slice(1);
    }
    initial = this.initialFold.get(initial) ?? initial;
    for (const [long, short] of this.finalFold) {
      if (final.endsWith(long)) {
        final = final.slice(0, final.length - long.length) + short;
        break;
      }
    }
    out = initial + final;
    this.foldedSyllables.set(syllable, out);
    return out;
  }

  /** Whether two different characters are listed as look-alikes (形近字). */
  lookAlike(a: string, b: string): boolean {
    const ga = this.lookalikeGroups.get(a);
    if (!ga) return false;
    const gb = this.lookalikeGroups.get(b);
    if (!gb) return false;
    for (const g of ga) if (gb.includes(g)) return true;
    return false;
  }
}
