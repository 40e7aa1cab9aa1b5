// 村退出: villages with incidence before and after this year's exits, the village indicators
// and the pre-exit list. About 300 rows per county: sorted and filtered in the browser.
import { useMemo } from 'react';
import { Card, Segmented, Select, Table, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { api } from '../api/endpoints.js';
import type { VillageRow } from '../api/types.js';
import { useLoad } from '../lib/useLoad.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { int, percent } from '../lib/format.js';
import { setQuery, useLocation } from '../router.js';
import { useRegions } from '../lib/regions.js';
import { useActiveRulebook } from '../lib/rulebook.js';
import { rowOpens } from '../lib/rowOpen.js';

type Show = 'all' | 'poor' | 'pre-exit';

export function VillageStatus({ v }: { v: VillageRow }) {
  if (!v.poorVillage) return <Tag>非贫困村</Tag>;
  if (v.exited) return <Tag color="green">已退出</Tag>;
  if (v.preExit) return <Tag color="blue">预退出</Tag>;
  return <Tag color="red">未达退出条件</Tag>;
}

export default function VillagesPage() {
  const state = useLoad(() => api.villages().then((r) => r.villages), []);
  const regions = useRegions();
  const rulebook = useActiveRulebook();
  const { search } = useLocation();
  const show = (['all', 'poor', 'pre-exit'].includes(search.get('show') ?? '') ? search.get('show') : 'all') as Show;
  const township = search.get('township') ?? undefined;
  const classes = rulebook?.classes ?? [];

  const rows = useMemo(
    () =>
      (state.data ?? []).filter((v) => {
        if (township && v.townshipCode !== township) return false;
        if (show === 'poor') return v.poorVillage;
        if (show === 'pre-exit') return v.preExit;
        return true;
      }),
    [state.data, show, township],
  );

  const townName = (code: string | null) => (code ? (regions?.byCode.get(code)?.name ?? code) : '—');
  const columns: TableProps<VillageRow>['columns'] = [
    {
      title: '乡镇',
      key: 'township',
      width: 100,
      render: (_, v) => v.townshipName ?? townName(v.townshipCode),
      sorter: (a, b) => (a.townshipCode ?? '').localeCompare(b.townshipCode ?? ''),
    },
    { title: '行政村', dataIndex: 'name', key: 'name', width: 110, fixed: 'left' },
    {
      title: '状态',
      key: 'status',
      width: 110,
      render: (_, v) => <VillageStatus v={v} />,
      filters: [{ text: '预退出', value: 'pre' }],
      onFilter: (_, v) => v.preExit,
    },
    {
      title: '农村户籍人口',
      dataIndex: 'ruralPopulation',
      key: 'ruralPopulation',
      align: 'right',
      width: 110,
      render: int,
      responsive: ['lg'],
      sorter: (a, b) => (a.ruralPopulation ?? 0) - (b.ruralPopulation ?? 0),
    },
    {
      title: '未脱贫人口',
      dataIndex: 'remainingPoor',
      key: 'remainingPoor',
      align: 'right',
      width: 100,
      render: int,
      sorter: (a, b) => a.remainingPoor - b.remainingPoor,
    },
    {
      title: '贫困发生率（现）',
      dataIndex: 'incidenceNow',
      key: 'incidenceNow',
      align: 'right',
      width: 130,
      render: (x: number | null) => percent(x),
      sorter: (a, b) => (a.incidenceNow ?? -1) - (b.incidenceNow ?? -1),
    },
    {
      title: '退出后',
      dataIndex: 'incidenceAfter',
      key: 'incidenceAfter',
      align: 'right',
      width: 100,
      render: (x: number | null) => percent(x),
      sorter: (a, b) => (a.incidenceAfter ?? -1) - (b.incidenceAfter ?? -1),
      defaultSortOrder: undefined,
    },
    ...classes.map((c) => ({
      title: c.label,
      key: `c-${c.code}`,
      align: 'right' as const,
      width: 80,
      render: (_: unknown, v: VillageRow) => int(v.households[c.code] ?? 0),
    })),
    {
      title: '村级指标',
      key: 'indicators',
      width: 130,
      render: (_, v) => {
        const unmet = v.indicators.filter((i) => !i.met);
        return unmet.length === 0 ? (
          <Tag color="green">全部达标</Tag>
        ) : (
          <Tooltip title={unmet.map((i) => i.label).join('、')}>
            <Tag color="orange">{unmet.length}项未达标</Tag>
          </Tooltip>
        );
      },
    },
  ];

  return (
    <>
      <PageTitle title="村退出" sub={rulebook ? `退出标准：贫困发生率低于${percent(rulebook.village.maxIncidence, 0)}，村级指标全部达标` : null} />
      <Card>
        <div className="filters">
          <Segmented<Show>
            value={show}
            onChange={(v) => setQuery({ show: v === 'all' ? null : v, township })}
            options={[
              { value: 'all', label: '全部村' },
              { value: 'poor', label: '贫困村' },
              { value: 'pre-exit', label: '预退出村' },
            ]}
          />
          {(regions?.townships.length ?? 0) > 1 && (
            <Select
              allowClear
              placeholder="乡镇"
              value={township}
              style={{ width: 160 }}
              showSearch={{ optionFilterProp: 'label' }}
              options={regions!.townships.map((t) => ({ value: t.code, label: t.name }))}
              onChange={(v?: string) => setQuery({ show: show === 'all' ? null : show, township: v })}
              aria-label="乡镇"
            />
          )}
        </div>
        <LoadState state={state}>
          {() => (
            <Table<VillageRow>
              size="middle"
              rowKey="code"
              className="clickable-rows"
              columns={columns}
              dataSource={rows}
              scroll={{ x: 1100 }}
              pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (t) => `共 ${t} 个村` }}
              onRow={(v) => rowOpens(`/villages/${encodeURIComponent(v.code)}`)}
            />
          )}
        </LoadState>
      </Card>
    </>
  );
}
