// 农户 at phone width: one card per household with what a village team looks for in the yard —
// the head, the natural village (组), the class and what is still missing — instead of a table
// that showed two columns. Each card is a link: a tap, or Tab and Enter, opens the household.
import { Empty, Pagination, Spin, Tag } from 'antd';
import type { HouseholdRow } from '../../api/types.js';
import { INDICATOR_LABELS } from '../../../../src/domain/labels.js';
import type { IndicatorCode } from '../../../../src/domain/types.js';
import { Link } from '../../router.js';
import { ClassTag } from '../ClassTag.js';
import { int, yuan } from '../../lib/format.js';

interface Props {
  rows: HouseholdRow[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  emptyText: string;
  classLabel: (r: HouseholdRow) => string | null;
  onPage: (page: number, pageSize: number) => void;
}

export function HouseholdCards({ rows, loading, total, page, pageSize, emptyText, classLabel, onPage }: Props) {
  return (
    <Spin spinning={loading}>
      {rows.length === 0 && !loading ? (
        <Empty description={emptyText} />
      ) : (
        <ul className="hh-cards" data-testid="household-cards">
          {rows.map((r) => (
            <li key={r.id}>
              <Link to={`/households/${encodeURIComponent(r.id)}`} className="hh-card" data-testid="household-card">
                <div className="hh-card-top">
                  <span className="hh-card-head">{r.headName ?? '（无户主）'}</span>
                  <ClassTag code={r.class} label={classLabel(r)} />
                </div>
                <div className="hh-card-place">
                  {[r.villageName, r.group].filter(Boolean).join(' · ') || '—'}
                  {r.size !== null && <span className="muted"> · {int(r.size)} 人</span>}
                  {r.perCapita !== undefined && r.perCapita !== null && <span className="muted"> · 人均 {yuan(r.perCapita)} 元</span>}
                </div>
                <div className="hh-card-missing">
                  {r.failing.length > 0 ? (
                    r.failing.map((c) => (
                      <Tag key={c} color="volcano">
                        {INDICATOR_LABELS.labels[c as IndicatorCode] ?? c}
                      </Tag>
                    ))
                  ) : (
                    <span className="muted">无未达标指标</span>
                  )}
                </div>
                <div className="hh-card-id">{r.id}</div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        simple
        align="center"
        current={page}
        pageSize={pageSize}
        total={total}
        onChange={onPage}
        showTotal={(t) => `共 ${int(t)} 户`}
        style={{ marginTop: 12 }}
      />
    </Spin>
  );
}
