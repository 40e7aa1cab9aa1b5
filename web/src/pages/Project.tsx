// One project: facts, villages and households reached, fund sources, tender and targets, status
// history, allocations and disbursements per source, notices with their objections. The actions
// open one small dialog each; a refusal (a disbursement over what is allocated) is shown in the
// dialog as the server words it, and nothing is stored.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { projectApi, type ProjectDetailResponse } from '../api/projects.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProjectForm } from '../components/projects/ProjectForm.js';
import { yuan } from '../lib/format.js';
import { useRegions, type Regions } from '../lib/regions.js';
import { useActiveRulebook } from '../lib/rulebook.js';
import { useLoad } from '../lib/useLoad.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import type { Rulebook } from '../api/types.js';

interface Field {
  name: string;
  label: string;
  kind?: 'text' | 'area' | 'yuan' | 'select' | 'date';
  options?: { value: string; label: string }[];
  initial?: string | number;
}

interface Action {
  title: string;
  fields: Field[];
  run: (v: Record<string, string | number>) => Promise<ProjectDetailResponse>;
}

function ActionDialog({ action, onClose, onDone }: { action: Action; onClose: () => void; onDone: (p: ProjectDetailResponse) => void }) {
  const [form] = Form.useForm<Record<string, string | number>>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onDone(await action.run(v));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={action.title} onCancel={onClose} onOk={() => void ok()} okText="保存" confirmLoading={busy} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form form={form} layout="vertical" initialValues={Object.fromEntries(action.fields.map((f) => [f.name, f.initial]))}>
        {action.fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} rules={[{ required: true, message: `请填写${f.label}` }]}>
            {f.kind === 'yuan' ? (
              <InputNumber min={0.01} precision={2} style={{ width: '100%' }} />
            ) : f.kind === 'select' ? (
              <Select options={f.options} />
            ) : f.kind === 'area' ? (
              <Input.TextArea rows={3} maxLength={500} />
            ) : (
              <Input maxLength={f.kind === 'date' ? 10 : 200} placeholder={f.kind === 'date' ? 'YYYY-MM-DD' : undefined} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

const section = (title: string, body: ReactNode, extra?: ReactNode, testId?: string) => (
  <Card size="small" title={title} extra={extra} style={{ marginTop: 12 }} data-testid={testId}>
    {body}
  </Card>
);

function Detail({
  p,
  rb,
  regions,
  today,
  onChange,
}: {
  p: ProjectDetailResponse;
  rb: Rulebook;
  regions: Regions;
  today: string;
  onChange: (p: ProjectDetailResponse) => void;
}) {
  const [action, setAction] = useState<Action | null>(null);
  const [editing, setEditing] = useState(false);
  const s = rb.projects;
  const source = (c: string) => s.fundSources[c] ?? c;
  const villageName = (c: string) => `${regions.byCode.get(regions.byCode.get(c)?.parentCode ?? '')?.name ?? ''}${regions.byCode.get(c)?.name ?? c}`;
  const sourceOptions = Object.entries(s.fundSources).map(([value, label]) => ({ value, label }));
  const money = (kind: 'allocate' | 'disburse'): Action => ({
    title: kind === 'allocate' ? '资金下达' : '资金拨付',
    fields: [
      {
        name: 'source',
        label: '资金来源',
        kind: 'select',
        options:
          kind === 'allocate'
            ? sourceOptions
            : p.balances.map((b) => ({ value: b.source, label: `${source(b.source)}（可拨付 ${yuan(b.available / 100)} 元）` })),
      },
      { name: 'yuan', label: '金额（元）', kind: 'yuan' },
      { name: 'date', label: kind === 'allocate' ? '下达日期' : '拨付日期', kind: 'date', initial: today },
      { name: 'voucher', label: kind === 'allocate' ? '文号' : '凭证号' },
    ],
    run: (v) => {
      const body = { source: String(v.source), fen: Math.round(Number(v.yuan) * 100), date: String(v.date), voucher: String(v.voucher) };
      return kind === 'allocate' ? projectApi.allocate(p.id, body) : projectApi.disburse(p.id, body);
    },
  });
  const current = s.statuses.find((x) => x.code === p.status);
  const next = (current?.next ?? []).map((c) => ({ value: c, label: s.statuses.find((x) => x.code === c)?.label ?? c }));
  const noticeAction = (kind: 'plan' | 'completion'): Action => ({
    title: kind === 'plan' ? '张贴计划公示' : '张贴完工公示',
    fields: [
      {
        name: 'villageCode',
        label: '张贴的村',
        kind: 'select',
        options: p.villages.map((v) => ({ value: v, label: villageName(v) })),
        initial: p.villages.length === 1 ? p.villages[0] : undefined,
      },
      { name: 'postedOn', label: '张贴日期', kind: 'date', initial: today },
    ],
    run: (v) => projectApi.notice(p.id, { kind, villageCode: String(v.villageCode), postedOn: String(v.postedOn) }),
  });

  return (
    <>
      <PageTitle
        title={`${p.name}`}
        sub={
          <Space wrap>
            <span>{p.id}</span>
            <Tag>{p.typeLabel}</Tag>
            <Tag color="blue" data-testid="project-status">
              {p.statusLabel}
            </Tag>
            {p.warnings.map((w) => (
              <Tag key={w.kind} color="red">
                {w.text}
              </Tag>
            ))}
          </Space>
        }
        extra={<Link to="/projects">返回项目库</Link>}
      />
      <Space wrap style={{ marginBottom: 4 }}>
        {p.canEdit && <Button onClick={() => setEditing(true)}>修改项目</Button>}
        {p.canEdit && next.length > 0 && (
          <Button
            onClick={() =>
              setAction({
                title: '变更项目状态',
                fields: [
                  { name: 'to', label: '改为', kind: 'select', options: next, initial: next[0]?.value },
                  { name: 'date', label: '变更日期', kind: 'date', initial: today },
                ],
                run: (v) => projectApi.status(p.id, { to: String(v.to), date: String(v.date) }),
              })
            }
          >
            变更状态
          </Button>
        )}
        {p.canMoney && <Button onClick={() => setAction(money('allocate'))}>资金下达</Button>}
        {p.canMoney && <Button onClick={() => setAction(money('disburse'))}>资金拨付</Button>}
        {p.canNotice && <Button onClick={() => setAction(noticeAction('plan'))}>张贴计划公示</Button>}
        {p.canNotice && <Button onClick={() => setAction(noticeAction('completion'))}>张贴完工公示</Button>}
        {p.canEdit && (
          <Button
            onClick={() =>
              setAction({
                title: '关联受益户',
                fields: [{ name: 'households', label: '户编号（多个用逗号、空格或换行分隔）', kind: 'area' }],
                run: (v) =>
                  projectApi.link(
                    p.id,
                    String(v.households)
                      .split(/[\s,，、;；]+/u)
                      .filter(Boolean),
                  ),
              })
            }
          >
            关联受益户
          </Button>
        )}
      </Space>

      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label="年度">{p.year}</Descriptions.Item>
        <Descriptions.Item label="建设期限">{p.startDate ? `${p.startDate} 至 ${p.endDate ?? '—'}` : '—'}</Descriptions.Item>
        <Descriptions.Item label="实施地点" span={2}>
          {p.villages.map(villageName).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label="建设内容" span={2}>
          {p.content}
        </Descriptions.Item>
        <Descriptions.Item label="实施单位">{p.implementer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="责任人">{[p.responsibleName, p.responsibleUnit].filter(Boolean).join('，') || '—'}</Descriptions.Item>
        <Descriptions.Item label="负责行业">{p.sector ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="招标">
          {[p.tenderMethod, p.tenderWinner, p.contractFen === null ? null : `合同 ${yuan(p.contractFen / 100)} 元`].filter(Boolean).join('，') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label="质量目标">{p.qualityTarget ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="受益目标">
          {[
            p.benefitHouseholds === null ? null : `${p.benefitHouseholds} 户`,
            p.benefitPeople === null ? null : `${p.benefitPeople} 人`,
            p.incomeGainFen === null ? null : `户均增收 ${yuan(p.incomeGainFen / 100)} 元`,
          ]
            .filter(Boolean)
            .join('，') || '—'}
        </Descriptions.Item>
      </Descriptions>

      {section(
        '资金',
        <Table
          size="small"
          pagination={false}
          rowKey="source"
          scroll={{ x: 560 }}
          dataSource={[...new Set([...Object.keys(p.fundSources), ...p.balances.map((b) => b.source)])].map((c) => {
            const b = p.balances.find((x) => x.source === c);
            return { source: c, planned: p.fundSources[c] ?? 0, allocated: b?.allocated ?? 0, disbursed: b?.disbursed ?? 0, available: b?.available ?? 0 };
          })}
          columns={[
            { title: '资金来源', dataIndex: 'source', render: source },
            { title: '计划（元）', dataIndex: 'planned', align: 'right', render: (v: number) => yuan(v / 100) },
            { title: '已下达（元）', dataIndex: 'allocated', align: 'right', render: (v: number) => yuan(v / 100) },
            { title: '已拨付（元）', dataIndex: 'disbursed', align: 'right', render: (v: number) => yuan(v / 100) },
            { title: '可拨付（元）', dataIndex: 'available', align: 'right', render: (v: number) => yuan(v / 100) },
          ]}
        />,
        <Typography.Text data-testid="money-totals">
          已下达 {yuan(p.allocatedFen / 100)} 元，已拨付 {yuan(p.disbursedFen / 100)} 元
        </Typography.Text>,
      )}
      {section(
        '下达与拨付明细',
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          scroll={{ x: 560 }}
          dataSource={[...p.allocations.map((a) => ({ ...a, kind: '下达' })), ...p.disbursements.map((d) => ({ ...d, kind: '拨付' }))].sort((a, b) =>
            a.date < b.date ? -1 : 1,
          )}
          columns={[
            { title: '日期', dataIndex: 'date', width: 110 },
            { title: '类别', dataIndex: 'kind', width: 60 },
            { title: '资金来源', dataIndex: 'source', render: source },
            { title: '金额（元）', dataIndex: 'fen', align: 'right', render: (v: number) => yuan(v / 100) },
            { title: '文号/凭证号', dataIndex: 'voucher' },
          ]}
        />,
        undefined,
        'money-lines',
      )}
      {section(
        `受益户（${p.households.length} 户）`,
        p.households.length === 0 ? (
          <Typography.Text type="secondary">到村项目，未关联到户</Typography.Text>
        ) : (
          <Space wrap>
            {p.households.map((h) => (
              <Link key={h} to={`/households/${encodeURIComponent(h)}`}>
                {h}
              </Link>
            ))}
          </Space>
        ),
        undefined,
        'project-households',
      )}
      {section(
        '公告公示',
        p.notices.length === 0 ? (
          <Typography.Text type="secondary">尚未张贴公示</Typography.Text>
        ) : (
          <Table
            size="small"
            pagination={false}
            rowKey="id"
            scroll={{ x: 640 }}
            dataSource={p.notices}
            expandable={{
              rowExpandable: (n) => p.objections.some((o) => o.noticeId === n.id),
              expandedRowRender: (n) => (
                <Table
                  size="small"
                  pagination={false}
                  rowKey="id"
                  dataSource={p.objections.filter((o) => o.noticeId === n.id)}
                  columns={[
                    { title: '收到日期', dataIndex: 'receivedOn', width: 110 },
                    { title: '异议内容', dataIndex: 'content' },
                    {
                      title: '处理',
                      key: 'handling',
                      render: (_, o) =>
                        o.handledOn ? (
                          `${o.handledOn}：${o.handling ?? ''}`
                        ) : p.canNotice ? (
                          <Button
                            size="small"
                            onClick={() =>
                              setAction({
                                title: '记录异议处理结果',
                                fields: [
                                  { name: 'handledOn', label: '处理日期', kind: 'date', initial: today },
                                  { name: 'handling', label: '处理结果', kind: 'area' },
                                ],
                                run: (v) => projectApi.handle(p.id, o.id, { handledOn: String(v.handledOn), handling: String(v.handling) }),
                              })
                            }
                          >
                            记录处理
                          </Button>
                        ) : (
                          '未处理'
                        ),
                    },
                  ]}
                />
              ),
            }}
            columns={[
              { title: '公示', dataIndex: 'kind', width: 90, render: (k: string) => (k === 'plan' ? '计划公示' : '完工公示') },
              { title: '村', dataIndex: 'villageCode', render: villageName },
              { title: '张贴日期', dataIndex: 'postedOn', width: 110 },
              { title: '结束', key: 'end', width: 150, render: (_, n) => n.endedOn ?? `进行中（最早 ${n.earliestEnd} 结束）` },
              {
                title: '操作',
                key: 'ops',
                render: (_, n) => (
                  <Space wrap>
                    <Link to={`/projects/${encodeURIComponent(p.id)}/notices/${encodeURIComponent(n.id)}`} data-testid={`print-notice-${n.kind}`}>
                      打印
                    </Link>
                    {p.canNotice && n.endedOn === null && (
                      <Button
                        size="small"
                        onClick={() =>
                          setAction({
                            title: '记录公示期内的异议',
                            fields: [
                              { name: 'receivedOn', label: '收到日期', kind: 'date', initial: today },
                              { name: 'content', label: '异议内容', kind: 'area' },
                            ],
                            run: (v) => projectApi.objection(p.id, n.id, { receivedOn: String(v.receivedOn), content: String(v.content) }),
                          })
                        }
                      >
                        记录异议
                      </Button>
                    )}
                    {p.canNotice && n.endedOn === null && (
                      <Button
                        size="small"
                        onClick={() =>
                          setAction({
                            title: '结束公示',
                            fields: [{ name: 'endedOn', label: `结束日期（不早于 ${n.earliestEnd}）`, kind: 'date', initial: today }],
                            run: (v) => projectApi.endNotice(p.id, n.id, String(v.endedOn)),
                          })
                        }
                      >
                        结束公示
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        ),
        undefined,
        'project-notices',
      )}
      {section(
        '状态变更',
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={p.statusChanges}
          columns={[
            { title: '日期', dataIndex: 'date', width: 110 },
            { title: '由', dataIndex: 'from', render: (c: string | null) => (c === null ? '—' : (s.statuses.find((x) => x.code === c)?.label ?? c)) },
            { title: '改为', dataIndex: 'to', render: (c: string) => s.statuses.find((x) => x.code === c)?.label ?? c },
            { title: '说明', dataIndex: 'note' },
          ]}
        />,
      )}
      {action && (
        <ActionDialog
          action={action}
          onClose={() => setAction(null)}
          onDone={(np) => {
            setAction(null);
            onChange(np);
          }}
        />
      )}
      {editing && (
        <ProjectForm
          open
          project={p}
          rulebook={rb}
          regions={regions}
          onClose={() => setEditing(false)}
          onSaved={(np) => {
            setEditing(false);
            onChange(np);
          }}
        />
      )}
    </>
  );
}

export default function ProjectPage({ id }: { id: string }) {
  const state = useLoad((signal) => projectApi.read(id, signal), [id]);
  const { info } = useSession();
  const rb = useActiveRulebook();
  const regions = useRegions();
  // The demo runs on its own day: dates default to it, as the server checks against it.
  const today = info.demoToday ?? new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  return (
    <LoadState state={state}>{(p) => (rb && regions ? <Detail p={p} rb={rb} regions={regions} today={today} onChange={state.setData} /> : null)}</LoadState>
  );
}
