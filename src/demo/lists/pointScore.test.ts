import { describe, expect, it } from 'vitest';
import type { Discrepancy } from './builder.js';
import { scorePoints, sumPointScores } from './pointScore.js';
import type { CheckPoint } from './pointScore.js';

const p = (x: Partial<CheckPoint> & { kind: string }): CheckPoint => ({ householdId: null, memberId: null, row: null, field: null, ...x });

describe('scoring points against planted discrepancies', () => {
  it('matches by member, by household for household-level points, by row for rows of nobody, and by field when named', () => {
    const planted: Discrepancy[] = [
      { kind: 'dropout', householdId: 'H1', memberId: 'M1', row: 5 },
      { kind: 'dropout', householdId: 'H2', memberId: 'M2', row: null },
      { kind: 'assistance-mismatch', householdId: 'H3', memberId: 'M3', row: 9 },
      { kind: 'missing-in-registry', householdId: 'H4', memberId: null, row: 12 },
      { kind: 'field-mismatch', householdId: 'H5', memberId: null, row: 20, field: 'attribute' },
    ];
    const points = [
      p({ kind: 'dropout', householdId: 'H1', memberId: 'M1', row: 5, field: 'schoolStatus' }),
      p({ kind: 'dropout', householdId: 'H9', memberId: 'M9', row: null }),
      p({ kind: 'assistance-mismatch', householdId: 'H3', row: 9, field: 'attribute' }),
      p({ kind: 'missing-in-registry', row: 12 }),
      p({ kind: 'field-mismatch', householdId: 'H5', row: 20, field: 'status' }),
      p({ kind: 'pension-gap', householdId: 'H6', memberId: 'M6', row: 3 }),
    ];
    const s = Object.fromEntries(scorePoints(planted, points).map((x) => [x.kind, x]));
    expect(s['dropout']).toMatchObject({ planted: 2, points: 2, found: 1, right: 1, precision: 0.5, recall: 0.5 });
    expect(s['assistance-mismatch']).toMatchObject({ found: 1, right: 1 });
    expect(s['missing-in-registry']).toMatchObject({ found: 1, right: 1 });
    expect(s['field-mismatch']).toMatchObject({ found: 0, right: 0, precision: 0, recall: 0 });
    expect(s['pension-gap']).toMatchObject({ planted: 0, points: 1, precision: 0, recall: 1 });
    const total = sumPointScores([...scorePoints(planted, points), ...scorePoints(planted.slice(0, 1), points.slice(0, 1))]);
    expect(total.find((x) => x.kind === 'dropout')).toMatchObject({ planted: 3, points: 3, found: 2, right: 2 });
  });
});
