import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { makeIdNumber } from '../idNumber.js';
import { RegistryIndex } from './link.js';
import { NameAnalyzer } from './names.js';
import { PlaceNames } from './places.js';
import { parseLinkageSettings } from './settings.js';

const settings = parseLinkageSettings(JSON.parse(readFileSync(new URL('../../../rulebooks/linkage/default.json', import.meta.url), 'utf8')));

const regions = [
  { code: '629901101', name: '城关镇', level: 'township', parentCode: '629901' },
  { code: '629901102', name: '石门乡', level: 'township', parentCode: '629901' },
  { code: '629901101201', name: '上庄村', level: 'village', parentCode: '629901101' },
  { code: '629901102201', name: '上庄村', level: 'village', parentCode: '629901102' },
  { code: '629901102202', name: '红崖村', level: 'village', parentCode: '629901102' },
];

describe('place names', () => {
  const places = new PlaceNames(regions);

  it('resolves a village by township and village name, with or without the usual suffixes', () => {
    expect(places.resolve('石门乡', '上庄村')).toEqual({ villageCode: '629901102201', townshipCode: '629901102' });
    expect(places.resolve('石门', '上庄')).toEqual({ villageCode: '629901102201', townshipCode: '629901102' });
    expect(places.resolve(null, '红崖村委会')).toEqual({ villageCode: '629901102202', townshipCode: '629901102' });
  });

  it('a village name two townships share resolves only with its township', () => {
    expect(places.resolve(null, '上庄村')).toEqual({ villageCode: null, townshipCode: null });
    expect(places.resolve('城关镇', null)).toEqual({ villageCode: null, townshipCode: '629901101' });
  });

  it('an unknown name resolves to nothing rather than a guess', () => {
    expect(places.resolve('不存在乡', '上庄村')).toEqual({ villageCode: null, townshipCode: null });
    expect(places.resolve('石门乡', '下庄村')).toEqual({ villageCode: null, townshipCode: '629901102' });
  });
});

describe('a list row that names its village', () => {
  const member = {
    memberId: 'P1',
    householdId: 'H1',
    name: '禹振邦',
    idNumber: makeIdNumber('629901', '1975-08-09', 11),
    sex: 'M' as const,
    birthDate: '1975-08-09',
    villageCode: '629901102202',
    relation: 'head',
  };
  const row = { name: '禹振邦', idNumber: null, sex: 'M' as const, birthDate: null, villageCode: null, relation: null, township: '石门乡', village: '红崖村' };

  it('counts the village as agreeing when the index knows the place names, and not otherwise', () => {
    const named = new RegistryIndex([member], settings, new NameAnalyzer(settings), new PlaceNames(regions)).link(row);
    const unnamed = new RegistryIndex([member], settings).link(row);
    expect(named.comparisons.find((c) => c.field === 'place')?.level).toBe('same-village');
    expect(unnamed.comparisons.find((c) => c.field === 'place')?.level).toBe('missing');
    expect(named.score!).toBeGreaterThan(unnamed.score!);
  });
});
