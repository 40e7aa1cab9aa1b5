// 一户一策 on the household page: causes and goals, the assistance measures as a table, and the
// forms that add, edit and remove them. The server decides who may edit (canEdit) and what a
// sector department reads; this panel only shows what it gets.
import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DateField } from '../DateField.js';
import { DeleteOutlined, EditOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import type { TableProps } from 'antd';
import { api } from '../../api/endpoints.js';
import type { MeasureView, PlanResponse } from '../../../../src/contract/api.js';
import { CAUSE_LABELS } from '../../../../src/domain/labels.js';
import { formatFunds, MEASURE_CATEGORY_LABELS, MEASURE_STATUS_LABELS, type MeasureCategory, type MeasureStatus } from '../../../../src/domain/plan.js';
import { toFen } from '../../../../src/domain/income.js';
import type { Cause } from '../../../../src/domain/types.js';
import { useLoad } from '../../lib/useLoad.js';
import { LoadState } from '../LoadState.js';

const STATUS_COLORS: Record<MeasureStatus, string> = { planned: 'default', 'in-progress': 'processing', done: 'success' };

interface MeasureForm {
  category: MeasureCategory;
  content: string;
  responsibleName: string;
  responsibleUnit?: string;
  fundsYuan: number;
  startDate: string;
  endDate: string;
  status: MeasureStatus;
  note?: string;
  reason?: string;
}

const options = <C extends string>(m: { codes: readonly C[]; label(c: C): string }) => m.codes.map((c) => ({ value: c, label: m.label(c) }));

/** Opens the printable handbook (户册) in a new tab: it is a page of its own, without the menu. */
export function HandbookButton({ householdId }: { householdId: string }) {
  return (
    <Button icon={<PrinterOutlined />} onClick={() => window.open(`/households/${encodeURIComponent(householdId)}/handbook`, '_blank')}>
      打印户册
    </Button>
  );
}

function MeasureModal({
  householdId,
  editing,
  open,
  onClose,
  onSaved,
}: {
  householdId: string;
  editing: MeasureView | null;
  open: boolean;
  onClose: () => void;
  onSaved: (p: PlanResponse) => void;
}) {
  const [form] = Form.useForm<MeasureForm>();
  const [saving, setSaving] = useState(false);
  const initial: Partial<MeasureForm> = editing
    ? { ...editing, responsibleUnit: editing.responsibleUnit ?? '', note: editing.note ?? '', fundsYuan: editing.fundsFen / 100 }
    : { status: 'planned', fundsYuan: 0 };

  const submit = async () => {
    let v: MeasureForm;
    try {
      v = await form.validateFields();
    } catch {
      return; // The form shows what to correct under each field.
    }
    const body = {
      measure: {
        category: v.category,
        content: v.content,
        responsibleName: v.responsibleName,
        responsibleUnit: v.responsibleUnit ?? null,
        fundsFen: toFen(v.fundsYuan ?? 0),
        startDate: v.startDate,
        endDate: v.endDate,
        status: v.status,
        note: v.note ?? null,
      },
      reason: v.reason ?? null,
    };
    setSaving(true);
    try {
      const out = editing ? await api.updateMeasure(householdId, editing.id, body) : await api.addMeasure(householdId, body);
      onSaved(out.plan);
      onClose();
    } catch {
      // The client already showed the server's message; the form stays open to be corrected.
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={editing ? '修改帮扶措施' : '新增帮扶措施'}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Space.Compact block>
          <Form.Item name="category" label="措施类别" rules={[{ required: true, message: '请选择措施类别' }]} style={{ width: '40%' }}>
            <Select options={options(MEASURE_CATEGORY_LABELS)} placeholder="选择类别" aria-label="措施类别" />
          </Form.Item>
          <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]} style={{ width: '30%' }}>
            <Select options={options(MEASURE_STATUS_LABELS)} aria-label="状态" />
          </Form.Item>
          <Form.Item name="fundsYuan" label="到户资金（元）" rules={[{ required: true, message: '请填写资金，没有填 0' }]} style={{ width: '30%' }}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} aria-label="到户资金（元）" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="content" label="措施内容" rules={[{ required: true, whitespace: true, message: '请填写措施内容' }]}>
          <Input maxLength={200} placeholder="如：养殖肉牛2头" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="responsibleUnit" label="责任单位" style={{ width: '55%' }}>
            <Input maxLength={60} placeholder="如：县农业农村局" />
          </Form.Item>
          <Form.Item name="responsibleName" label="责任人" rules={[{ required: true, whitespace: true, message: '请填写责任人' }]} style={{ width: '45%' }}>
            <Input maxLength={40} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="startDate" label="开始日期" rules={[{ required: true, message: '请填写开始日期' }]} style={{ width: '50%' }}>
            <DateField style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="endDate"
            label="结束日期"
            dependencies={['startDate']}
            style={{ width: '50%' }}
            rules={[
              { required: true, message: '请填写结束日期' },
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) => {
                  const start = getFieldValue('startDate') as string | undefined;
                  return !value || !start || value >= start ? Promise.resolve() : Promise.reject(new Error('结束日期不能早于开始日期'));
                },
              }),
            ]}
          >
            <DateField style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
        {editing && (
          <Form.Item name="reason" label="修改原因（记入变更记录）">
            <Input maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function HeaderModal({
  householdId,
  plan,
  open,
  onClose,
  onSaved,
}: {
  householdId: string;
  plan: PlanResponse;
  open: boolean;
  onClose: () => void;
  onSaved: (p: PlanResponse) => void;
}) {
  const [form] = Form.useForm<{ mainCause: Cause | null; otherCauses: Cause[]; goals: string; reason: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    let v;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      onSaved(
        await api.savePlanHeader(householdId, {
          mainCause: v.mainCause ?? null,
          otherCauses: v.otherCauses ?? [],
          goals: v.goals ?? null,
          reason: v.reason ?? null,
        }),
      );
      onClose();
    } catch {
      // Shown by the client; keep the form open.
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal title="修改致贫原因与帮扶目标" open={open} onCancel={onClose} onOk={() => void submit()} okText="保存" confirmLoading={saving} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ mainCause: plan.mainCause ?? null, otherCauses: plan.otherCauses ?? [], goals: plan.goals ?? '' }}
      >
        <Form.Item name="mainCause" label="主要致贫原因">
          <Select allowClear options={options(CAUSE_LABELS)} />
        </Form.Item>
        <Form.Item name="otherCauses" label="其他致贫原因">
          <Select mode="multiple" allowClear options={options(CAUSE_LABELS)} />
        </Form.Item>
        <Form.Item name="goals" label="帮扶目标">
          <Input.TextArea rows={3} maxLength={500} placeholder="如：2018年底人均纯收入稳定超过4000元，住房安全有保障" />
        </Form.Item>
        <Form.Item name="reason" label="修改原因（记入变更记录）">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PlanView({ householdId, initial }: { householdId: string; initial: PlanResponse }) {
  const { modal } = AntApp.useApp();
  const [plan, setPlan] = useState(initial);
  const [editing, setEditing] = useState<MeasureView | null>(null);
  const [measureOpen, setMeasureOpen] = useState(false);
  const [headerOpen, setHeaderOpen] = useState(false);
  const total = plan.measures.reduce((s, m) => s + m.fundsFen, 0);

  const remove = (m: MeasureView) => {
    let reason = '';
    modal.confirm({
      title: `删除帮扶措施“${m.content}”？`,
      content: (
        <Input
          placeholder="删除原因（必填，记入变更记录）"
          aria-label="删除原因"
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        const out = await api.removeMeasure(householdId, m.id, reason);
        setPlan(out.plan);
      },
    });
  };

  const columns: TableProps<MeasureView>['columns'] = [
    { title: '类别', dataIndex: 'category', key: 'category', width: 100, render: (v: MeasureCategory) => MEASURE_CATEGORY_LABELS.label(v) },
    { title: '措施内容', dataIndex: 'content', key: 'content' },
    { title: '责任单位 / 责任人', key: 'who', width: 180, render: (_, m) => [m.responsibleUnit, m.responsibleName].filter(Boolean).join(' ') },
    { title: '到户资金', dataIndex: 'fundsFen', key: 'funds', width: 120, align: 'right', render: (v: number) => formatFunds(v) },
    { title: '起止日期', key: 'dates', width: 200, render: (_, m) => `${m.startDate} 至 ${m.endDate}` },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (v: MeasureStatus) => <Tag color={STATUS_COLORS[v]}>{MEASURE_STATUS_LABELS.label(v)}</Tag>,
    },
    { title: '备注', dataIndex: 'note', key: 'note', render: (v: string | null) => v ?? '' },
    ...(plan.canEdit
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 130,
            render: (_: unknown, m: MeasureView) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => {
                    setEditing(m);
                    setMeasureOpen(true);
                  }}
                >
                  修改
                </Button>
                <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(m)}>
                  删除
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const causes = plan.mainCause !== undefined || plan.otherCauses !== undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card
        size="small"
        title="致贫原因与帮扶目标"
        data-testid="plan-header"
        extra={
          plan.canEdit && (
            <Button size="small" icon={<EditOutlined />} onClick={() => setHeaderOpen(true)}>
              修改
            </Button>
          )
        }
      >
        <Descriptions
          size="small"
          column={1}
          items={[
            ...(causes
              ? [
                  { key: 'main', label: '主要致贫原因', children: plan.mainCause ? CAUSE_LABELS.label(plan.mainCause) : '—' },
                  {
                    key: 'others',
                    label: '其他致贫原因',
                    children: plan.otherCauses?.length ? plan.otherCauses.map((c) => CAUSE_LABELS.label(c)).join('、') : '—',
                  },
                ]
              : []),
            ...(plan.goals !== undefined ? [{ key: 'goals', label: '帮扶目标', children: plan.goals ?? '未填写' }] : []),
          ]}
        />
        {!plan.saved && causes && <Typography.Text type="secondary">致贫原因取自户档案，尚未单独保存。</Typography.Text>}
      </Card>
      <Card
        size="small"
        title={`帮扶措施（${plan.measures.length}项，到户资金合计 ${formatFunds(total)}）`}
        extra={
          plan.canEdit && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setMeasureOpen(true);
              }}
            >
              新增措施
            </Button>
          )
        }
      >
        {plan.measures.length === 0 ? (
          <Empty description="还没有帮扶措施" />
        ) : (
          <Table<MeasureView>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={plan.measures}
            pagination={false}
            scroll={{ x: 1000 }}
            data-testid="measures"
          />
        )}
      </Card>
      <MeasureModal householdId={householdId} editing={editing} open={measureOpen} onClose={() => setMeasureOpen(false)} onSaved={setPlan} />
      {headerOpen && <HeaderModal householdId={householdId} plan={plan} open={headerOpen} onClose={() => setHeaderOpen(false)} onSaved={setPlan} />}
    </Space>
  );
}

export function PlanPanel({ householdId }: { householdId: string }) {
  const state = useLoad(() => api.plan(householdId), [householdId]);
  return <LoadState state={state}>{(p) => <PlanView key={householdId} householdId={householdId} initial={p} />}</LoadState>;
}
