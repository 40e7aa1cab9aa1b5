// 农户: the households in the user's scope. Search, filters, sorting and paging run on the
// server; the URL query holds them all so a filtered view can be bookmarked or shared.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, Grid, Input, Select, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { ClearOutlined, DownloadOutlined } from '@ant-design/icons';
import { can } from '../../../src/domain/roles.js';
import { useSession } from '../session.js';
import { api } from '../api/endpoints.js';
import type { HouseholdQuery, HouseholdRow, Page } from '../api/types.js';
import { ATTRIBUTE_LABELS, CAUSE_LABELS, INDICATOR_LABELS } from '../../../src/domain/labels.js';
import type { Cause, IndicatorCode, PovertyAttribute } from '../../../src/domain/types.js';
import { setQuery, useLocation } from '../router.js';
import { useRegions } from '../lib/regions.js';
import { ClassTag } from '../components/ClassTag.js';
import { classLabelIn, classOptions, useActiveRulebook } from '../lib/rulebook.js';
import { PageTitle } from '../components/PageTitle.js';
import { int, yuan } from '../lib/format.js';
import { rowOpens } from '../lib/rowOpen.js';
import { HouseholdCards } from '../components/household/HouseholdCards.js';

const SORTS = ['id', 'village', 'size', 'perCapita', 'class'] as const;
type SortKey = (typeof SORTS)[number];
const PAGE_SIZES = [20, 50, 100];

const INDICATOR_OPTIONS = INDICATOR_LABELS.codes.map((c) => ({ value: c, label: INDICATOR_LABELS.label(c) }));
const CAUSE_OPTIONS = CAUSE_LABELS.codes.map((c) => ({ value: c, label: CAUSE_LABELS.label(c) }));
const ATTRIBUTE_OPTIONS = ATTRIBUTE_LABELS.codes.map((c) => ({ value: c, label: ATTRIBUTE_LABELS.label(c) }));

function indicatorName(code: string): string {
  return INDICATOR_LABELS.labels[code as IndicatorCode] ?? code;
}

/** The list query as the URL holds it. */
function readQuery(search: URLSearchParams): Required<Pick<HouseholdQuery, 'page' | 'pageSize'>> & HouseholdQuery {
  const str = (k: string) => search.get(k) || undefined;
  const sort = str('sort');
  const pageSize = Number(search.get('pageSize'));
  return {
    q: str('q'),
    township: str('township'),
    village: str('village'),
    class: str('class'),
    indicator: str('indicator'),
    cause: str('cause'),
    attribute: str('attribute'),
    sort: SORTS.includes(sort as SortKey) ? (sort as SortKey) : undefined,
    order: search.get('order') === 'desc' ? 'desc' : search.get('order') === 'asc' ? 'asc' : undefined,
    page: Math.max(1, Number(search.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 20,
  };
}

function writeQuery(q: HouseholdQuery): void {
  setQuery({
    q: q.q,
    township: q.township,
    village: q.village,
    class: q.class,
    indicator: q.indicator,
    cause: q.cause,
    attribute: q.attribute,
    sort: q.sort,
    order: q.sort ? q.order : undefined,
    page: q.page && q.page > 1 ? q.page : undefined,
    pageSize: q.pageSize && q.pageSize !== 20 ? q.pageSize : undefined,
  });
}

export default function HouseholdsPage() {
  const { search } = useLocation();
  const query = useMemo(() => readQuery(search), [search.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const regions = useRegions();
  const rulebook = useActiveRulebook();
  const [data, setData] = useState<Page<HouseholdRow> | null>(null);
  const [loading, setLoading] = useState(false);
  const [text, setText] = useState(query.q ?? '');
  const typing = useRef<number | undefined>(undefined);
  const { user } = useSession();
  const [exporting, setExporting] = useState(false);
  // The whole filtered list, not the page on screen; the file is named for the scope by the server.
  const exportList = async () => {
    setExporting(true);
    await api.exportHouseholds({ ...query, page: undefined, pageSize: undefined } as HouseholdQuery).catch(() => null);
    setExporting(false);
  };
  // A phone gets cards: a table there showed two columns of ten.
  const phone = Grid.useBreakpoint().md === false;

  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    api.households(query, ctl.signal).then(
      (p) => {
        if (!ctl.signal.aborted) {
          setData(p);
          setLoading(false);
        }
      },
      () => {
        if (!ctl.signal.aborted) setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [query]);

  // Keep the box in step when the URL changes from outside (back button, a link).
  useEffect(() => {
    setText(query.q ?? '');
  }, [query.q]);

  const update = (patch: Partial<HouseholdQuery>) => writeQuery({ ...query, page: 1, ...patch });

  const onType = (v: string) => {
    setText(v);
    window.clearTimeout(typing.current);
    typing.current = window.setTimeout(() => update({ q: v.trim() || undefined }), 400);
  };

  const townshipOptions = (regions?.townships ?? []).map((t) => ({ value: t.code, label: t.name }));
  const villageOptions = useMemo(() => {
    if (!regions) return [];
    const towns = query.township ? regions.townships.filter((t) => t.code === query.township) : regions.townships;
    const out: { value: string; label: string }[] = [];
    for (const t of towns) for (const v of t.children ?? []) out.push({ value: v.code, label: query.township ? v.name : `${t.name} ${v.name}` });
    // A village user has no township node above their village.
    if (out.length === 0) for (const [code, n] of regions.byCode) if (n.level === 'village') out.push({ value: code, label: n.name });
    return out;
  }, [regions, query.township]);

  const sortOrder = (key: SortKey) => (query.sort === key ? (query.order === 'desc' ? 'descend' : 'ascend') : null);
  const regionName = (code: string | null | undefined) => (code ? (regions?.byCode.get(code)?.name ?? code) : '—');

  const columns: TableProps<HouseholdRow>['columns'] = [
    {
      title: '户编号',
      dataIndex: 'id',
      key: 'id',
      sorter: true,
      sortOrder: sortOrder('id'),
      width: 170,
      render: (v: string) => (
        <Typography.Text copyable={false} style={{ fontFamily: 'monospace' }}>
          {v}
        </Typography.Text>
      ),
    },
    { title: '户主', dataIndex: 'headName', key: 'headName', width: 90, render: (v: string | null) => v ?? '—' },
    { title: '乡镇', key: 'township', width: 100, responsive: ['lg'], render: (_, r) => r.townshipName ?? regionName(r.townshipCode) },
    {
      title: '行政村',
      key: 'village',
      sorter: true,
      sortOrder: sortOrder('village'),
      width: 110,
      render: (_, r) => r.villageName ?? regionName(r.villageCode),
    },
    {
      title: '人口',
      dataIndex: 'size',
      key: 'size',
      sorter: true,
      sortOrder: sortOrder('size'),
      align: 'right',
      width: 70,
      render: (v: number | null) => int(v),
    },
    {
      title: '贫困户属性',
      dataIndex: 'attribute',
      key: 'attribute',
      width: 120,
      responsive: ['xl'],
      render: (v: string) => ATTRIBUTE_LABELS.labels[v as PovertyAttribute] ?? v,
    },
    {
      title: '主要致贫原因',
      dataIndex: 'mainCause',
      key: 'mainCause',
      width: 110,
      responsive: ['lg'],
      render: (v: string | null) => (v ? (CAUSE_LABELS.labels[v as Cause] ?? v) : '—'),
    },
    {
      title: '人均纯收入（元）',
      dataIndex: 'perCapita',
      key: 'perCapita',
      sorter: true,
      sortOrder: sortOrder('perCapita'),
      align: 'right',
      width: 130,
      render: (v: number | null) => yuan(v),
    },
    {
      title: '类别',
      dataIndex: 'class',
      key: 'class',
      sorter: true,
      sortOrder: sortOrder('class'),
      width: 110,
      render: (_, r) => <ClassTag code={r.class} label={r.classLabel ?? (r.class ? classLabelIn(rulebook, r.class) : null)} />,
    },
    {
      title: '未达标指标',
      dataIndex: 'failing',
      key: 'failing',
      render: (v: string[] | undefined) =>
        v && v.length > 0 ? (
          v.map((c) => (
            <Tag key={c} color="volcano" style={{ marginBottom: 2 }}>
              {indicatorName(c)}
            </Tag>
          ))
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];

  const onChange: TableProps<HouseholdRow>['onChange'] = (pagination, _filters, sorter, extra) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = s?.order ? (s.columnKey as SortKey) : undefined;
    const order = s?.order === 'descend' ? 'desc' : s?.order === 'ascend' ? 'asc' : undefined;
    if (extra.action === 'sort') update({ sort: key, order });
    else writeQuery({ ...query, page: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 });
  };

  const anyFilter = Boolean(query.q || query.township || query.village || query.class || query.indicator || query.cause || query.attribute);

  return (
    <>
      <PageTitle
        title="农户"
        sub={data ? `共 ${int(data.total)} 户` : null}
        extra={
          can(user, 'ledger.export') && (
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportList()}>
              {exporting ? '正在生成名单…' : '导出名单'}
            </Button>
          )
        }
      />
      <Card>
        <div className="filters">
          <Input.Search
            allowClear
            placeholder="姓名 / 身份证号 / 户编号"
            value={text}
            style={{ width: phone ? '100%' : 260 }}
            onChange={(e) => onType(e.target.value)}
            onSearch={(v) => {
              window.clearTimeout(typing.current);
              update({ q: v.trim() || undefined });
            }}
            aria-label="搜索农户"
          />
          {townshipOptions.length > 1 && (
            <Select
              allowClear
              placeholder="乡镇"
              options={townshipOptions}
              value={query.township}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v?: string) => update({ township: v, village: undefined })}
              aria-label="乡镇"
            />
          )}
          <Select
            allowClear
            placeholder="行政村"
            options={villageOptions}
            value={query.village}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={(v?: string) => update({ village: v })}
            style={{ width: 170 }}
            aria-label="行政村"
          />
          <Select
            allowClear
            placeholder="类别"
            options={classOptions(rulebook)}
            value={query.class}
            onChange={(v?: string) => update({ class: v })}
            aria-label="类别"
          />
          <Select
            allowClear
            placeholder="未达标指标"
            options={INDICATOR_OPTIONS}
            value={query.indicator}
            onChange={(v?: string) => update({ indicator: v })}
            aria-label="未达标指标"
          />
          <Select
            allowClear
            placeholder="主要致贫原因"
            options={CAUSE_OPTIONS}
            value={query.cause}
            onChange={(v?: string) => update({ cause: v })}
            aria-label="主要致贫原因"
          />
          <Select
            allowClear
            placeholder="贫困户属性"
            options={ATTRIBUTE_OPTIONS}
            value={query.attribute}
            onChange={(v?: string) => update({ attribute: v })}
            aria-label="贫困户属性"
          />
          {anyFilter && (
            <Tooltip title="清除搜索和筛选">
              <Button
                icon={<ClearOutlined />}
                onClick={() => {
                  setText('');
                  writeQuery({ page: 1, pageSize: query.pageSize });
                }}
              >
                清除
              </Button>
            </Tooltip>
          )}
        </div>
        {phone ? (
          <HouseholdCards
            rows={data?.items ?? []}
            loading={loading}
            total={data?.total ?? 0}
            page={query.page}
            pageSize={query.pageSize}
            emptyText={anyFilter ? '没有符合条件的农户' : '暂无农户数据'}
            classLabel={(r) => r.classLabel ?? (r.class ? classLabelIn(rulebook, r.class) : null)}
            onPage={(page, pageSize) => writeQuery({ ...query, page, pageSize })}
          />
        ) : (
          <Table<HouseholdRow>
            rowKey="id"
            size="middle"
            className="clickable-rows"
            loading={loading}
            columns={columns}
            dataSource={data?.items ?? []}
            onChange={onChange}
            scroll={{ x: 900 }}
            onRow={(r) => rowOpens(`/households/${encodeURIComponent(r.id)}`, `${r.headName ?? ''} ${r.id}`)}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              showTotal: (t) => `共 ${int(t)} 户`,
            }}
            locale={{ emptyText: anyFilter ? '没有符合条件的农户' : '暂无农户数据' }}
          />
        )}
      </Card>
    </>
  );
}
