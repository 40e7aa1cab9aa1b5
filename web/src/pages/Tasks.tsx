// 整改任务: the tasks in the user's scope (a sector department: its own sector county-wide), with
// filters held in the URL, bulk assignment for the township and county office, proposals from
// the assessment, and the task ledger download with the same filters.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Switch, Typography, message } from 'antd';
import { BulbOutlined, DownloadOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { INDICATOR_LABELS, TASK_STATUS_LABELS } from '../../../src/domain/labels.js';
import { taskApi, type TaskFilter } from '../api/tasks.js';
import { PageTitle } from '../components/PageTitle.js';
import { TaskTable } from '../components/tasks/TaskTable.js';
import { int } from '../lib/format.js';
import { useRegions } from '../lib/regions.js';
import { useLoad } from '../lib/useLoad.js';
import { setQuery, useLocation } from '../router.js';
import { can, isSectorBound, SECTORS } from '../../../src/domain/roles.js';
import { useSession } from '../session.js';
import { DateField } from '../components/DateField.js';

const STATUS_OPTIONS = TASK_STATUS_LABELS.codes.filter((c) => c !== 'cancelled').map((c) => ({ value: c, label: TASK_STATUS_LABELS.label(c) }));
const SECTOR_OPTIONS = [...SECTORS.filter((s) => ['教育', '医保', '卫健', '住建', '水务'].includes(s)), '乡镇'].map((s) => ({ value: s, label: s }));
const INDICATOR_OPTIONS = INDICATOR_LABELS.codes.filter((c) => c !== 'income').map((c) => ({ value: c, label: INDICATOR_LABELS.label(c) }));

function readFilter(search: URLSearchParams): TaskFilter & { page: number; pageSize: number } {
  const str = (k: string) => search.get(k) || undefined;
  return {
    status: search.get('status')?.split(',').filter(Boolean),
    sector: str('sector'),
    indicator: str('indicator'),
    township: str('township'),
    village: str('village'),
    responsible: str('responsible'),
    overdue: search.get('overdue') === 'true',
    page: Math.max(1, Number(search.get('page')) || 1),
    pageSize: [20, 50, 100].includes(Number(search.get('pageSize'))) ? Number(search.get('pageSize')) : 20,
  };
}

export default function TasksPage() {
  const { search } = useLocation();
  const { user } = useSession();
  const f = useMemo(() => readFilter(search), [search.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const regions = useRegions();
  const state = useLoad((signal) => taskApi.list(f, f.page, f.pageSize, signal), [f]);
  const [selected, setSelected] = useState<string[]>([]);
  const [assigning, setAssigning] = useState(false);
  const [form] = Form.useForm<{ responsible: string; dueDate?: string | null }>();
  const [msg, holder] = message.useMessage();

  const update = (patch: Partial<TaskFilter>) => {
    const n = { ...f, ...patch };
    setQuery({
      status: n.status && n.status.length > 0 ? n.status.join(',') : undefined,
      sector: n.sector,
      indicator: n.indicator,
      township: n.township,
      village: n.village,
      responsible: n.responsible,
      overdue: n.overdue ? 'true' : undefined,
      page: undefined,
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
    if (out.length === 0) for (const [code, n] of regions.byCode) if (n.level === 'village') out.push({ value: code, label: n.name });
    return out;
  }, [regions, f.township]);

  const d = state.data;
  const assign = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    // A refusal (e.g. a date past the deadline) is shown by the API client; the dialog stays open.
    const r = await taskApi.assign({ ids: selected, responsible: v.responsible, ...(v.dueDate ? { dueDate: v.dueDate } : {}) }).catch(() => null);
    if (r === null) return;
    setAssigning(false);
    setSelected([]);
    void msg.success(`已分派 ${r.assigned} 条整改任务`);
    state.reload();
  };
  const propose = async () => {
    const r = await taskApi.propose().catch(() => null);
    if (r === null) return;
    void msg.success(r.proposed === 0 ? '没有需要新增的整改建议' : `已为 ${r.households} 户生成 ${r.proposed} 条整改建议，请确认责任人和完成时限`);
    state.reload();
  };

  return (
    <>
      {holder}
      <PageTitle
        title="整改任务"
        sub={d ? `共 ${int(d.total)} 条${d ? ` · 整改截止 ${d.deadline}` : ''}` : null}
        extra={
          <Space wrap>
            {can(user, 'task.propose') && (
              <Button icon={<BulbOutlined />} onClick={() => void propose()}>
                生成整改建议
              </Button>
            )}
            <Button icon={<DownloadOutlined />} onClick={() => void taskApi.exportLedger(f)}>
              导出任务台账
            </Button>
          </Space>
        }
      />
      {isSectorBound(user.role) && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`显示全县由${user.sector ?? '本部门'}负责的整改任务`} />}
      <Card>
        <div className="filters">
          <Select
            mode="multiple"
            allowClear
            placeholder="状态"
            options={STATUS_OPTIONS}
            value={f.status ?? []}
            style={{ minWidth: 160 }}
            onChange={(v: string[]) => update({ status: v })}
            aria-label="状态"
          />
          {!isSectorBound(user.role) && (
            <Select
              allowClear
              placeholder="责任部门"
              options={SECTOR_OPTIONS}
              value={f.sector}
              onChange={(v?: string) => update({ sector: v })}
              aria-label="责任部门"
            />
          )}
          <Select
            allowClear
            placeholder="指标"
            options={INDICATOR_OPTIONS}
            value={f.indicator}
            onChange={(v?: string) => update({ indicator: v })}
            aria-label="指标"
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
          <Input.Search
            allowClear
            placeholder="责任人（未指定）"
            defaultValue={f.responsible === '-' ? '未指定' : f.responsible}
            key={f.responsible ?? ''}
            style={{ width: 170 }}
            aria-label="责任人"
            data-testid="filter-responsible"
            onSearch={(v) => {
              const t = v.trim();
              update({ responsible: t === '' ? undefined : t === '未指定' ? '-' : t });
            }}
          />
          <Space>
            <Switch checked={f.overdue ?? false} onChange={(v) => update({ overdue: v })} aria-label="只看逾期" />
            <span>只看逾期</span>
          </Space>
          {can(user, 'task.assign') && (
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
        </div>
        <TaskTable
          items={d?.items ?? []}
          today={d?.today ?? ''}
          deadline={d?.deadline ?? ''}
          loading={state.loading}
          selection={can(user, 'task.assign') ? { keys: selected, onChange: setSelected } : undefined}
          pagination={{
            current: f.page,
            pageSize: f.pageSize,
            total: d?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100],
            showTotal: (t) => `共 ${int(t)} 条`,
            onChange: (page, pageSize) => setQuery({ page: page > 1 ? page : undefined, pageSize: pageSize !== 20 ? pageSize : undefined }),
          }}
          onChanged={() => state.reload()}
        />
      </Card>
      <Modal
        open={assigning}
        title={`批量分派 ${selected.length} 条整改任务`}
        okText="确认分派"
        cancelText="取消"
        onOk={() => void assign()}
        onCancel={() => setAssigning(false)}
      >
        <Typography.Paragraph type="secondary">
          “建议”状态的任务分派后即确认立项。完成时限不填则各任务保留原来的时限；填了则全部改为该日期（不能晚于 {d?.deadline}）。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" name="bulk-assign">
          <Form.Item name="responsible" label="责任人" rules={[{ required: true, message: '请填写责任人' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="dueDate" label="新的完成时限（可不填）">
            <DateField max={d?.deadline} placeholder="保留各任务原时限" data-testid="bulk-due" style={{ width: 200 }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
