// 疑点核实: the points in the user's scope with filters held in the URL (kind, source list,
// township, village, status, how long open), bulk assignment of a checker, the 疑点台账
// download with the same filters, and the drawer for one point.
import { useMemo, useState } from 'react';
import { Button, Card, Form, Input, Modal, Select, Space, Typography, message } from 'antd';
import { DownloadOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { checkApi, loadCheckKinds, type PointFilter } from '../api/checks.js';
import { PageTitle } from '../components/PageTitle.js';
import { PointDrawer } from '../components/checks/PointDrawer.js';
import { PointTable } from '../components/checks/PointTable.js';
import { int } from '../lib/format.js';
import { useRegions } from '../lib/regions.js';
import { useLoad } from '../lib/useLoad.js';
import { Link, setQuery, useLocation } from '../router.js';

/** How long a point has been open: the choices of the 时长 filter. */
const AGE_OPTIONS = [
  { value: '0-7', label: '7 天以内' },
  { value: '8-30', label: '8～30 天' },
  { value: '31-', label: '30 天以上' },
];

type Filter = PointFilter & { page: number; pageSize: number; age?: string };

function readFilter(search: URLSearchParams): Filter {
  const str = (k: string) => search.get(k) || undefined;
  const age = str('age');
  const [min, max] = (age ?? '').split('-');
  return {
    kind: search.get('kind')?.split(',').filter(Boolean),
    listKind: str('listKind'),
    runId: Number(search.get('runId')) || undefined,
    township: str('township'),
    village: str('village'),
    // Open ones by default: what is left to do.
    status: (search.get('status') ?? 'open,checked').split(',').filter(Boolean),
    age,
    minAgeDays: min ? Number(min) : undefined,
    maxAgeDays: max ? Number(max) : undefined,
    page: Math.max(1, Number(search.get('page')) || 1),
    pageSize: [20, 50, 100].includes(Number(search.get('pageSize'))) ? Number(search.get('pageSize')) : 20,
  };
}

export default function PointsPage() {
  const { search } = useLocation();
  const f = useMemo(() => readFilter(search), [search.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const regions = useRegions();
  const kinds = useLoad(() => loadCheckKinds(), []);
  // 'all' in the URL: every status (the default is the open ones).
  const statusValue = f.status?.includes('all') ? [] : (f.status ?? []);
  const filter: PointFilter = { ...f, status: statusValue };
  const state = useLoad(
    (signal) => checkApi.points(filter, f.page, f.pageSize, signal),
    [f.kind?.join(), f.listKind, f.runId, f.township, f.village, f.status?.join(), f.age, f.page, f.pageSize],
  );
  const [selected, setSelected] = useState<number[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [form] = Form.useForm<{ assignee: string; dueDate?: string }>();
  const [msg, holder] = message.useMessage();

  const update = (patch: Partial<Filter>) => {
    const n = { ...f, ...patch };
    const status = n.status?.join(',') ?? '';
    setQuery({
      kind: n.kind?.join(','),
      listKind: n.listKind,
      runId: n.runId,
      township: n.township,
      village: n.village,
      status: status === 'open,checked' ? undefined : status || 'all',
      age: n.age,
      pageSize: f.pageSize !== 20 ? f.pageSize : undefined,
    });
    setSelected([]);
  };
  const townshipOptions = (regions?.townships ?? []).map((t) => ({ value: t.code, label: t.name }));
  const villageOptions = useMemo(() => {
    if (!regions) return [];
    const towns = f.township ? regions.townships.filter((t) => t.code === f.township) : regions.townships;
    const out: { value: string; label: string }[] = [];
    for (const t of towns) for (const v of t.children ?? []) out.push({ value: v.code, label: f.township ? v.name : `${t.name} ${v.name}` });
    return out;
  }, [regions, f.township]);

  const d = state.data;
  const k = kinds.data;
  const assignable = d?.items.some((p) => p.steps.includes('assign')) ?? false;
  const assign = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    const r = await checkApi.assign({ ids: selected, assignee: v.assignee, dueDate: v.dueDate || null }).catch(() => null);
    if (r === null) return;
    setAssigning(false);
    setSelected([]);
    void msg.success(`已分派 ${r.assigned} 条疑点`);
    state.reload();
  };

  return (
    <>
      {holder}
      <PageTitle
        title="疑点核实"
        sub={d ? `共 ${int(d.total)} 条` : null}
        extra={
          <Space wrap>
            <Link to="/checks">名单比对</Link>
            <Button icon={<DownloadOutlined />} onClick={() => void checkApi.exportPoints(filter)}>
              导出疑点台账
            </Button>
          </Space>
        }
      />
      <Card>
        <div className="filters">
          <Select
            mode="multiple"
            allowClear
            placeholder="疑点类别"
            options={(k?.pointKinds ?? []).map((x) => ({ value: x.code, label: x.label }))}
            value={f.kind ?? []}
            style={{ minWidth: 160 }}
            onChange={(v: string[]) => update({ kind: v })}
            aria-label="疑点类别"
          />
          <Select
            allowClear
            placeholder="来源名单"
            options={(k?.listKinds ?? []).map((x) => ({ value: x.code, label: x.label }))}
            value={f.listKind}
            onChange={(v?: string) => update({ listKind: v })}
            style={{ minWidth: 130 }}
            aria-label="来源名单"
          />
          {townshipOptions.length > 1 && (
            <Select
              allowClear
              placeholder="乡镇"
              options={townshipOptions}
              value={f.township}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(v?: string) => update({ township: v, village: undefined })}
              aria-label="乡镇"
            />
          )}
          <Select
            allowClear
            placeholder="行政村"
            options={villageOptions}
            value={f.village}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 170 }}
            onChange={(v?: string) => update({ village: v })}
            aria-label="行政村"
          />
          <Select
            mode="multiple"
            allowClear
            placeholder="状态（全部）"
            options={(k?.statuses ?? []).map((x) => ({ value: x.code, label: x.label }))}
            value={statusValue}
            style={{ minWidth: 150 }}
            onChange={(v: string[]) => update({ status: v })}
            aria-label="状态"
          />
          <Select allowClear placeholder="已开时长" options={AGE_OPTIONS} value={f.age} onChange={(v?: string) => update({ age: v })} aria-label="已开时长" />
          {assignable && (
            <Button
              icon={<UserSwitchOutlined />}
              disabled={selected.length === 0}
              onClick={() => {
                form.resetFields();
                setAssigning(true);
              }}
            >
              批量分派{selected.length > 0 ? `（${selected.length}）` : ''}
            </Button>
          )}
          {f.runId && (
            <Button type="link" onClick={() => update({ runId: undefined })}>
              仅第 {f.runId} 次比对 ✕
            </Button>
          )}
        </div>
        <PointTable
          items={d?.items ?? []}
          loading={state.loading}
          selection={assignable ? { keys: selected, onChange: setSelected } : undefined}
          pagination={{
            current: f.page,
            pageSize: f.pageSize,
            total: d?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (t) => `共 ${int(t)} 条`,
            onChange: (page, pageSize) =>
              setQuery({ ...Object.fromEntries(search.entries()), page: page > 1 ? page : undefined, pageSize: pageSize !== 20 ? pageSize : undefined }),
          }}
        />
      </Card>
      <PointDrawer today={d?.today ?? ''} onChanged={() => state.reload()} />
      <Modal
        open={assigning}
        title={`批量分派 ${selected.length} 条疑点`}
        okText="确认分派"
        cancelText="取消"
        onOk={() => void assign()}
        onCancel={() => setAssigning(false)}
      >
        <Typography.Paragraph type="secondary">责任人负责入户核实并录入核实结果。</Typography.Paragraph>
        <Form form={form} layout="vertical" name="point-assign">
          <Form.Item name="assignee" label="核实责任人" rules={[{ required: true, message: '请填写核实责任人' }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="dueDate" label="核实时限" rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式：YYYY-MM-DD' }]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
