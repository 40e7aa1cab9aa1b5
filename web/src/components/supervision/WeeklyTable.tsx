// The weekly figures of each township (ranked) and the county, with the change on the week before.
import { FIGURE_KEYS, WEEKLY_FIGURE_LABELS } from '../../../../src/domain/supervision.js';
import type { WeeklyResponse } from '../../api/supervision.js';

type Figures = WeeklyResponse['townships'][number]['figures'];

/** Figures where more is worse: their rise shows red. */
const WORSE_UP: ReadonlySet<keyof Figures> = new Set(['tasksLate', 'requestsWaiting']);

function cell(now: Figures, change: Figures | null, k: keyof Figures) {
  const d = change?.[k] ?? null;
  return (
    <>
      {now[k]}
      {d !== null && d !== 0 && <span className={d > 0 !== WORSE_UP.has(k) ? 'wk-up' : 'wk-down'}>{d > 0 ? ` ↑${d}` : ` ↓${-d}`}</span>}
    </>
  );
}

export function WeeklyTable({ report }: { report: WeeklyResponse }) {
  return (
    <div className="wk-scroll">
      <table className="wk-table" data-testid="weekly-table">
        <thead>
          <tr>
            <th>排名</th>
            <th>乡镇</th>
            {FIGURE_KEYS.map((k) => (
              <th key={k}>{WEEKLY_FIGURE_LABELS[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.townships.map((t) => (
            <tr key={t.code}>
              <td>{t.rank}</td>
              <td>{t.name}</td>
              {FIGURE_KEYS.map((k) => (
                <td key={k}>{cell(t.figures, t.change, k)}</td>
              ))}
            </tr>
          ))}
          {report.county && (
            <tr className="wk-total">
              <td />
              <td>全县合计</td>
              {FIGURE_KEYS.map((k) => (
                <td key={k}>{cell(report.county!.figures, report.county!.change, k)}</td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

export const WEEKLY_CSS = `
.wk-scroll { overflow-x: auto; }
.wk-table { width: 100%; border-collapse: collapse; background: #fff; }
.wk-table th, .wk-table td { border: 1px solid #d9d9d9; padding: 6px 8px; text-align: center; white-space: nowrap; font-size: 13px; }
.wk-table th { background: #fafafa; }
.wk-total td { font-weight: 600; background: #f5f5f5; }
.wk-up { color: #389e0d; font-size: 12px; }
.wk-down { color: #cf1322; font-size: 12px; }
`;
