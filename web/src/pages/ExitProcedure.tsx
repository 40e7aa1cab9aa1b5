// 退出程序（户）: a village's pre-exit households with the step each has reached; select several
// and record one step for all of them (all or nothing), register and handle objections during
// the notice, print or download the notice list.
import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag } from 'antd';
import { ApiError } from '../api/client.js';
import { exitApi, type ExitHouseholdRow, type VillageExitResponse } from '../api/exit.js';
import { ClassTag } from '../components/ClassTag.js';
import { noticeCodes, stepLabel } from '../components/exit/ExitSteps.js';
import type { ProcedureDefView } from '../api/exit.js';
import { ObjectionPhoneForm } from '../components/exit/ObjectionPhoneForm.js';
import { StepForm } from '../components/exit/StepForm.js';
import { LoadState } from '../components/LoadState.js';
import { useLoad } from '../lib/useLoad.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../session.js';

function Progress({ h, def }: { h: ExitHouseholdRow; def: ProcedureDefView }) {
  const p = h.procedure;
  if (p?.status === 'completed') return <Tag color="green">已{stepLabel(def, def.steps.at(-1)?.code ?? '')}</Tag>;
  if (h.noticeEarliestEnd) return <Tag color="gold">公示中（最早 {h.noticeEarliestEnd} 结束）</Tag>;
  const last = p?.steps.at(-1);
  return (
    <Space size={4} wrap>
      {last && (
        <Tag color="blue">
          已{stepLabel(def, last.step)}（{last.date}）
        </Tag>
      )}
      {h.next && <span className="muted">下一步：{stepLabel(def, h.next)}</span>}
      {h.earlier.some((e) => e.status === 'sent-back') && !p && <Tag color="red">曾被退回</Tag>}
    </Space>
  );
}

type Dialog = { kind: 'objection'; h: ExitHouseholdRow } | { kind: 'resolve'; h: ExitHouseholdRow } | null;

function ExitView({ d, reload }: { d: VillageExitResponse; reload: () => void }) {
  const { user } = useSession();
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const def = d.procedures.household;
  const canRecord = def.steps.some((s) => s.role === user.role);
  const notice = noticeCodes(def);
  // Objections are registered and handled by the role that closes the notice.
  const runsNotice = notice !== null && def.steps.find((s) => s.code === notice.end)?.role === user.role;
  // “民主评议 → … → 公示（不少于 7 天）→ …”: the notice is one item, as on the steps.
  const sequence = def.steps
    .filter((s) => s.code !== notice?.end)
    .map((s) => (s.code === notice?.start ? `${s.name}（不少于 ${d.rules.household.noticeDays} 天）` : s.name))
    .join(' → ');
  const nexts = new Set(d.households.filter((h) => selected.includes(h.householdId)).map((h) => h.next));
  const suggested = nexts.size === 1 ? ([...nexts][0] ?? null) : null;

  const submitDialog = async () => {
    const v = await form.validateFields();
    if (dialog === null) return;
    const p = dialog.h.procedure!;
    setDialogError(null);
    try {
      if (dialog.kind === 'objection') await exitApi.objection(p.id, { receivedOn: v.date, content: v.content });
      else {
        const open = p.objections.find((o) => o.resolution === null)!;
        await exitApi.resolve(p.id, open.id, { outcome: v.outcome, date: v.date, note: v.note });
      }
      setDialog(null);
      form.resetFields();
      reload();
    } catch (e) {
      if (e instanceof ApiError) setDialogError(e.message);
      else throw e;
    }
  };

  return (
    <>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/villages">村退出</Link> },
          { title: <Link to={`/villages/${encodeURIComponent(d.village.code)}`}>{d.village.name}</Link> },
          { title: '退出程序' },
        ]}
      />
      <Card
        title={`${d.village.name} ${def.name}`}
        style={{ marginBottom: 16 }}
        extra={
          <Space>
            <Button onClick={() => navigate(`/villages/${encodeURIComponent(d.village.code)}/exit/notice`)}>打印公示名单</Button>
            <Button onClick={() => void exitApi.noticeXlsx(d.village.code)}>下载公示名单（Excel）</Button>
          </Space>
        }
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`步骤依次为：${sequence}`}
          description={`不能跳步，日期不能早于上一步、不能晚于今天；早于今天 ${d.rules.household.backdateDays} 天以上的须注明补录原因。`}
        />
        {canRecord && (
          <div style={{ marginBottom: 16 }}>
            <div className="muted" style={{ marginBottom: 8 }}>
              已选 {selected.length} 户{selected.length === 0 ? '（请在下表中勾选）' : ''}
            </div>
            <StepForm
              definition={def}
              role={user.role}
              suggested={suggested}
              today={d.today}
              backdateDays={d.rules.household.backdateDays}
              disabled={selected.length === 0}
              submitLabel={`为选中的 ${selected.length} 户记录`}
              onSubmit={async (v) => {
                await exitApi.recordSteps(d.village.code, { ...v, householdIds: selected });
                setSelected([]);
                reload();
              }}
            />
          </div>
        )}
        <Table<ExitHouseholdRow>
          size="small"
          rowKey="householdId"
          dataSource={d.households}
          pagination={{ defaultPageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          rowSelection={canRecord ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) } : undefined}
          columns={[
            { title: '户编号', dataIndex: 'householdId', key: 'id', render: (id: string) => <Link to={`/households/${encodeURIComponent(id)}`}>{id}</Link> },
            { title: '户主', dataIndex: 'headName', key: 'head', render: (x: string | null) => x ?? '—' },
            { title: '自然村', dataIndex: 'group', key: 'group', responsive: ['sm'], render: (x: string | null) => x ?? '—' },
            { title: '人口', dataIndex: 'size', key: 'size', align: 'right', responsive: ['sm'] },
            { title: '类别', key: 'class', render: (_, h) => (h.class ? <ClassTag code={h.class} label={h.classLabel ?? h.class} /> : '—') },
            { title: '进度', key: 'progress', render: (_, h) => <Progress h={h} def={def} /> },
            {
              title: '公示异议',
              key: 'objections',
              render: (_, h) => {
                const open = h.procedure?.objections.filter((o) => o.resolution === null) ?? [];
                return (
                  <Space size={4}>
                    {open.length > 0 && <Tag color="red">{open.length} 条待处理</Tag>}
                    {runsNotice && h.noticeEarliestEnd && (
                      <Button
                        size="small"
                        onClick={() => {
                          setDialogError(null);
                          setDialog({ kind: 'objection', h });
                        }}
                      >
                        登记异议
                      </Button>
                    )}
                    {runsNotice && open.length > 0 && (
                      <Button
                        size="small"
                        danger
                        onClick={() => {
                          setDialogError(null);
                          setDialog({ kind: 'resolve', h });
                        }}
                      >
                        处理异议
                      </Button>
                    )}
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <ObjectionPhoneForm townshipCode={d.village.townshipCode} />
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'objection' ? `登记公示异议：${dialog.h.headName ?? ''}户` : `处理公示异议：${dialog?.h.headName ?? ''}户`}
        onCancel={() => setDialog(null)}
        onOk={() => void submitDialog()}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
      >
        {dialog?.kind === 'resolve' && <p>{dialog.h.procedure?.objections.find((o) => o.resolution === null)?.content}</p>}
        <Form form={form} layout="vertical" initialValues={{ date: d.today, outcome: 'dismissed' }} preserve={false}>
          <Form.Item name="date" label={dialog?.kind === 'objection' ? '收到日期' : '处理日期'} rules={[{ required: true }]}>
            <Input type="date" max={d.today} />
          </Form.Item>
          {dialog?.kind === 'objection' ? (
            <Form.Item name="content" label="异议内容" rules={[{ required: true, message: '请填写异议内容' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="outcome" label="核实结果">
                <Radio.Group
                  options={[
                    { value: 'dismissed', label: '不属实（继续公示）' },
                    { value: 'upheld', label: '属实（退回，本次退出程序结束）' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="note" label="核实处理情况" rules={[{ required: true, message: '请填写核实处理情况' }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          )}
        </Form>
        {dialogError && <Alert type="error" showIcon title={dialogError} />}
      </Modal>
    </>
  );
}

export default function ExitProcedurePage({ code }: { code: string }) {
  const state = useLoad(() => exitApi.village(code), [code]);
  return <LoadState state={state}>{(d) => <ExitView d={d} reload={state.reload} />}</LoadState>;
}
