// The 疑点 rows, shared by the 疑点核实 page and the household page's 疑点 tab. A click on a row
// opens the point (?point=ID keeps it in the URL, so a link can open it too).
import { Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import type { PointView } from '../../api/checks.js';
import { Link, setQuery, useLocation } from '../../router.js';

export const POINT_STATUS_COLORS: Record<string, string> = { open: 'red', checked: 'gold', closed: 'default' };

interface Props {
  items: PointView[];
  loading?: boolean;
  showHousehold?: boolean;
  selection?: { keys: number[]; onChange: (keys: number[]) => void };
  pagination?: TableProps<PointView>['pagination'];
}

/** Opens a point in the drawer, keeping the page's other query parameters. */
export function useOpenPoint(): (id: number | null) => void {
  const { search } = useLocation();
  return (id) => setQuery({ ...Object.fromEntries(search.entries()), point: id ?? undefined }, { push: id !== null });
}

export function PointTable({ items, loading, showHousehold = true, selection, pagination }: Props) {
  const open = useOpenPoint();
  const columns: TableProps<PointView>['columns'] = [
    {
      title: '疑点',
      key: 'kind',
      width: 150,
      render: (_, p) => (
        <>
          <a
            href={`?point=${p.id}`}
            onClick={(e) => {
              e.preventDefault();
              open(p.id);
            }}
          >
            {p.kindLabel}
          </a>
          <div className="muted">
            {p.source}
            {p.row !== null ? ` 第 ${p.row} 行` : ''}
          </div>
        </>
      ),
    },
    ...(showHousehold
      ? [
          {
            title: '农户 / 成员',
            key: 'household',
            width: 170,
            render: (_: unknown, p: PointView) => (
              <>
                {p.householdId ? (
                  <Link to={`/households/${encodeURIComponent(p.householdId)}?tab=points`}>{p.headName ?? p.householdId}户</Link>
                ) : (
                  '（花名册无此人）'
                )}
                {p.memberName ? ` · ${p.memberName}` : ''}
                <div className="muted">
                  {p.townshipName} {p.villageName}
                </div>
              </>
            ),
          },
        ]
      : [{ title: '成员', key: 'member', width: 90, render: (_: unknown, p: PointView) => p.memberName ?? '—' }]),
    {
      title: '差异',
      key: 'diff',
      render: (_, p) => (
        <>
          {p.fieldLabel ? `${p.fieldLabel}：` : ''}
          花名册 <b>{p.ours ?? '—'}</b> / 名单 <b>{p.theirs ?? '—'}</b>
          <div className="muted">{p.ruleText}</div>
        </>
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 110,
      render: (_, p) => (
        <>
          <Tag color={POINT_STATUS_COLORS[p.status]}>{p.statusLabel}</Tag>
          {p.findingLabel && <div className="muted">{p.findingLabel}</div>}
        </>
      ),
    },
    { title: '已开', key: 'age', width: 70, align: 'right', render: (_, p) => `${p.ageDays} 天` },
    {
      title: '核实责任人',
      key: 'assignee',
      width: 110,
      render: (_, p) => (
        <>
          {p.assignee ?? '—'}
          {p.dueDate && <div className="muted">限 {p.dueDate}</div>}
        </>
      ),
    },
  ];
  return (
    <Table<PointView>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={items}
      columns={columns}
      scroll={{ x: 860 }}
      pagination={pagination ?? false}
      locale={{ emptyText: '没有疑点' }}
      rowSelection={
        selection
          ? {
              selectedRowKeys: selection.keys,
              onChange: (keys) => selection.onChange(keys as number[]),
              getCheckboxProps: (p) => ({ disabled: !p.steps.includes('assign') }),
            }
          : undefined
      }
      data-testid="point-table"
    />
  );
}
