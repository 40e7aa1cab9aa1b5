import { describe, expect, it } from 'vitest';
import { PlaceNames } from './places.js';

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
