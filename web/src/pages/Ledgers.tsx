// 台账: the A/B/C ledgers (and households outside the screening), with the columns of the
// exported workbook, and the two export buttons that download the server's files.
import { useEffect, useMemo, useState } from 'react';
import { Button, Card, Select, Space, Table, Tabs } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useRegions } from '../lib/regions.js';
import { api } from '../api/endpoints.js';
import type { LedgerCell, LedgerColumn, LedgerPage } from '../api/types.js';
import { setQuery, useLocation } from '../router.js';
import { useLoad } from '../lib/useLoad.js';
import { classOptions, useActiveRulebook } from '../lib/rulebook.js';
import { PageTitle } from '../components/PageTitle.js';
import { int, yuan } from '../lib/format.js';
import { rowOpens } from '../lib/rowOpen.js';

type Cell = LedgerCell;
type RowRecord = Record<string, Cell> & { __key: string; __household?: string };

function columnKey(_c: LedgerColumn, i: number): string {
  return `c${i}`;
}

function columnTitle(c: LedgerColumn): string {
  return c.header;
}

function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  return String(v);
}

const NUMERIC_KINDS = new Set<string>(['int', 'count', 'money', 'percent']);

/** Column widths by what the column holds, so Chinese headers and reasons do not wrap letter by letter. */
function widthOf(title: string, kind: string): number {
  if (title === '户编号') return 160;
  if (title === '身份证号') return 180;
  if (title === '联系电话') return 125;
  if (title === '序号') return 60;
  if (kind === 'wrap') return 260;
  if (kind === 'money') return 110;
  if (kind === 'int' || kind === 'count') return 80;
  if (kind === 'center' || kind === 'percent') return 90;
  return 100;
}

/** Records keyed by column, whichever shape the server sent. */
function toRecords(page: LedgerPage): { columns: { key: string; title: string; kind: LedgerColumn['kind'] }[]; rows: RowRecord[] } {
  const columns = page.columns.map((c, i) => ({ key: columnKey(c, i), title: columnTitle(c), kind: c.kind }));
  const idIndex = columns.findIndex((c) => c.title === '户编号');
  const rows = page.rows.map((r, n) => {
    const rec: RowRecord = { __key: String(n) };
    columns.forEach((c, i) => {
      rec[c.key] = r[i] ?? null;
    });
    const hid = idIndex >= 0 ? cellText(rec[columns[idIndex]!.key]) : '';
    if (hid) rec.__household = hid;
    rec.__key = hid || String(n);
    return rec;
  });
  return { columns, rows };
}

/** Columns that say whose row it is: kept at the left while the other 20 scroll past. */
const PINNED = new Set(['户编号', '户主', '户主姓名']);
const HIDDEN_KEY = 'tuopin.ledger.hidden';

function readHidden(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(HIDDEN_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

interface TableProps2 {
  cls: string;
  page: number;
  pageSize: number;
  area: { township?: string | undefined; village?: string | undefined };
  hidden: string[];
  onColumns: (titles: string[]) => void;
  onPage: (p: number, s: number) => void;
}

function LedgerTable({ cls, page, pageSize, area, hidden, onColumns, onPage }: TableProps2) {
  const state = useLoad(() => api.ledger(cls, page, pageSize, area), [cls, page, pageSize, area.township, area.village]);
  const shaped = useMemo(() => (state.data ? toRecords(state.data) : null), [state.data]);
  const titles = useMemo(() => (shaped?.columns ?? []).map((c) => c.title), [shaped]);
  useEffect(() => onColumns(titles), [titles]); // eslint-disable-line react-hooks/exhaustive-deps
  const columns: NonNullable<TableProps<RowRecord>['columns']> = (shaped?.columns ?? [])
    .filter((c) => PINNED.has(c.title) || !hidden.includes(c.title))
    .map((c) => ({
      title: c.title,
      dataIndex: c.key,
      key: c.key,
      ...(PINNED.has(c.title) ? { fixed: 'left' as const } : {}),
      align: NUMERIC_KINDS.has(c.kind) ? ('right' as const) : c.kind === 'center' ? ('center' as const) : undefined,
      width: widthOf(c.title, c.kind),
      render: (v: Cell) => (c.kind === 'money' && typeof v === 'number' ? yuan(v) : cellText(v)),
    }));
  const scrollX = columns.reduce((s, c) => s + (typeof c.width === 'number' ? c.width : 100), 0);
  return (
    <Table<RowRecord>
      size="small"
      bordered
      rowKey="__key"
      className="clickable-rows ledger-table"
      loading={state.loading}
      columns={columns}
      dataSource={shaped?.rows ?? []}
      scroll={{ x: scrollX }}
      onRow={(r) => (r.__household ? rowOpens(`/households/${encodeURIComponent(r.__household)}`) : {})}
      pagination={{
        current: page,
        pageSize,
        total: state.data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: (t) => `共 ${int(t)} 户`,
        onChange: onPage,
      }}
      locale={{ emptyText: '该类没有农户' }}
    />
  );
}

export default function LedgersPage() {
  const rulebook = useActiveRulebook();
  const { search } = useLocation();
  const tabs = classOptions(rulebook);
  // Until the rulebook is loaded there is no class to open: the first tab is the rulebook's first class.
  const cls = search.get('class') ?? (rulebook === null ? null : tabs[0]!.value);
  const page = Math.max(1, Number(search.get('page')) || 1);
  const pageSize = [20, 50, 100].includes(Number(search.get('pageSize'))) ? Number(search.get('pageSize')) : 20;
  const [busy, setBusy] = useState<string | null>(null);
  const township = search.get('township') ?? undefined;
  const village = search.get('village') ?? undefined;
  const area = useMemo(() => ({ township, village }), [township, village]);
  const regions = useRegions();
  const [titles, setTitles] = useState<string[]>([]);
  const [hidden, setHidden] = useState<string[]>(readHidden);
  const chooseHidden = (h: string[]) => {
    setHidden(h);
    localStorage.setItem(HIDDEN_KEY, JSON.stringify(h));
  };
  const townshipOptions = (regions?.townships ?? []).map((t) => ({ value: t.code, label: t.name }));
  const villageOptions = (regions?.townships ?? [])
    .filter((t) => township === undefined || t.code === township)
    .flatMap((t) => (t.children ?? []).map((v) => ({ value: v.code, label: township ? v.name : `${t.name} ${v.name}` })));

  const run = async (key: string, f: () => Promise<void>) => {
    setBusy(key);
    try {
      await f();
    } catch {
      /* message already shown */
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle
        title="台账"
        sub="列与导出的台账工作簿一致"
        extra={
          <Space wrap>
            {/* The print stylesheet leaves out the menu, the header and the controls: an A4 list. */}
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              打印本页
            </Button>
            <Button icon={<DownloadOutlined />} loading={busy === 'ledgers'} onClick={() => void run('ledgers', api.exportLedgers)}>
              导出台账工作簿
            </Button>
            <Button icon={<DownloadOutlined />} loading={busy === 'income'} onClick={() => void run('income', api.exportIncomeForms)}>
              导出收入测算表
            </Button>
          </Space>
        }
      />
      <Card>
        <Tabs
          activeKey={cls ?? undefined}
          onChange={(k) => setQuery({ class: k }, { push: true })}
          items={tabs.map((t) => ({ key: t.value, label: t.value === 'out-of-scope' ? t.label : `${t.label}台账` }))}
        />
        <div className="filters no-print">
          {townshipOptions.length > 1 && (
            <Select
              allowClear
              placeholder="乡镇"
              aria-label="乡镇"
              options={townshipOptions}
              value={township}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v?: string) => setQuery({ class: cls, township: v ?? null, village: null, page: null })}
            />
          )}
          {villageOptions.length > 1 && (
            <Select
              allowClear
              placeholder="行政村"
              aria-label="行政村"
              options={villageOptions}
              value={village}
              style={{ width: 170 }}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v?: string) => setQuery({ class: cls, village: v ?? null, page: null })}
            />
          )}
          <Select
            mode="multiple"
            allowClear
            placeholder="隐藏的列（选择要隐藏的列）"
            aria-label="隐藏的列"
            data-testid="ledger-hidden-columns"
            maxTagCount="responsive"
            style={{ minWidth: 240 }}
            options={titles.filter((t) => !PINNED.has(t)).map((t) => ({ value: t, label: t }))}
            value={hidden}
            onChange={chooseHidden}
          />
        </div>
        {cls !== null && (
          <LedgerTable
            key={cls}
            cls={cls}
            page={page}
            pageSize={pageSize}
            area={area}
            hidden={hidden}
            onColumns={setTitles}
            onPage={(p, s) => setQuery({ class: cls, page: p > 1 ? p : null, pageSize: s !== 20 ? s : null })}
          />
        )}
      </Card>
    </>
  );
}
