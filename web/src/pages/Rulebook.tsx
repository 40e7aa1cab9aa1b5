// 规则: the active rulebook in plain words — lines, indicators and their thresholds, classes,
// the remediation deadline, village and county thresholds. The county office may switch to
// another rulebook; the county is re-assessed and the page shows who moved between classes.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../api/endpoints.js';
import type { ClassMovement, Rulebook, RulebookSummary } from '../api/types.js';
import { useLoad } from '../lib/useLoad.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { can } from '../../../src/domain/roles.js';
import { useSession } from '../session.js';
import { invalidateRulebook, loadActiveRulebook } from '../lib/rulebook.js';
import { int, percent } from '../lib/format.js';
import { GRADE_LABELS, RENOVATION_LABELS, SCHOOL_STATUS_LABELS, STATUS_LABELS } from '../../../src/domain/labels.js';
import { INCOME_CATALOGUE } from '../lib/income.js';
import { ClassTag } from '../components/ClassTag.js';
import { SwitchPreview } from '../components/supervision/SwitchPreview.js';

const LINE_NAMES: Record<string, string> = { poverty: '扶贫标准（贫困线）', province: '省定标准', monitoring: '监测线', municipal: '市定标准' };
const itemLabel = (code: string) => INCOME_CATALOGUE.find((i) => i.code === code)?.label ?? code;

function conditionText(rb: Rulebook, when: Rulebook['classRules'][number]['when']): string {
  const parts: string[] = [];
  if (when.income) {
    const line = `${LINE_NAMES[when.income.line] ?? when.income.line}${rb.lines[when.income.line] ?? ''}元`;
    const cmp = rb.income.comparison === 'greater-than' ? '超过' : '达到';
    parts.push(when.income.is === 'pass' ? `人均纯收入${cmp}${line}` : `人均纯收入未${cmp}${line}`);
  }
  if (when.indicators === 'all-met') parts.push('各项一票否决指标均达标');
  if (when.indicators === 'remediable') parts.push(`未达标指标均有${rb.tasks.deadline}前完成的整改任务`);
  if (when.indicators === 'any-unmet') parts.push('有一票否决指标未达标');
  return parts.length ? parts.join('，且') : '其余情况';
}

function RulebookView({ rb }: { rb: Rulebook }) {
  const ind = rb.indicators;
  const edu = ind.education.rule;
  const water = ind.water.rule;
  const cmp = rb.income.comparison === 'greater-than' ? '稳定超过' : '达到';
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card title="收入标准" style={{ height: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 150 } }}
            items={[
              ...Object.entries(rb.lines).map(([k, v]) => ({ key: k, label: LINE_NAMES[k] ?? k, children: `${int(v)} 元/人·年` })),
              { key: 'rule', label: '收入指标', children: `人均纯收入须${cmp}${LINE_NAMES[rb.income.line] ?? rb.income.line}` },
              {
                key: 'excluded',
                label: '不计入收入的项目',
                children: rb.income.excludedItems.length ? rb.income.excludedItems.map((c) => <Tag key={c}>{itemLabel(c)}</Tag>) : '无',
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title="“两不愁三保障”及饮水安全指标" style={{ height: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 150 } }}
            items={[
              { key: 'food', label: ind['food-clothing'].label, children: '按农户调查表判定吃穿不愁' },
              {
                key: 'water',
                label: ind.water.label,
                children: `自来水入户或取水往返不超过${water.maxFetchMinutes}分钟；每人每天不少于${water.minLitresPerPersonDay}升；供水保证率不低于${water.minReliabilityPercent}%${water.requireQuality ? '；水质达标' : ''}`,
              },
              {
                key: 'edu',
                label: ind.education.label,
                children: `${edu.minAge}—${edu.maxAge}周岁义务教育阶段适龄儿童少年须在校（${edu.attendingStatuses.map((s) => SCHOOL_STATUS_LABELS.label(s)).join('、')}）${edu.homeSchoolingCounts ? '；重度残疾送教上门视为有保障' : ''}`,
              },
              {
                key: 'med',
                label: ind.medical.label,
                children:
                  [ind.medical.rule.requireBasicMedical ? '参加基本医疗保险' : null, ind.medical.rule.requireCriticalIllness ? '参加大病保险' : null]
                    .filter(Boolean)
                    .join('、') || '—',
              },
              {
                key: 'house',
                label: ind.housing.label,
                children: `${ind.housing.rule.unsafeGrades.map((g) => GRADE_LABELS.label(g)).join('、')}为不安全住房，${ind.housing.rule.safeRenovationStates.map((s) => RENOVATION_LABELS.label(s)).join('、')}后视为安全`,
              },
            ].map((x) => ({ ...x, label: <>{x.label}</> }))}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            一票否决：
            {(['food-clothing', 'water', 'education', 'medical', 'housing'] as const)
              .filter((k) => ind[k].veto)
              .map((k) => ind[k].label)
              .join('、') || '无'}
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title="分类规则" style={{ height: '100%' }}>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => r.class + conditionText(rb, r.when)}
            dataSource={rb.classRules}
            columns={[
              {
                title: '类别',
                key: 'class',
                width: 120,
                render: (_, r) => <ClassTag code={r.class} label={rb.classes.find((c) => c.code === r.class)?.label} />,
              },
              { title: '条件（按顺序，先满足者定类）', key: 'when', render: (_, r) => conditionText(rb, r.when) },
            ]}
          />
          <ul className="reason-list" style={{ marginTop: 12 }}>
            {rb.classes.map((c) => (
              <li key={c.code}>
                <b>{c.label}</b>：{c.description}
                {c.preExit ? '（计入预退出）' : ''}
              </li>
            ))}
          </ul>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            整改期限：{rb.tasks.deadline}。筛查范围：{rb.screening.statuses.map((s) => STATUS_LABELS.label(s)).join('、')}
            {rb.screening.excludeRelocationNotMovedIn ? '；不含易地搬迁未入住户' : ''}
            {rb.screening.excludeGuarantee ? '；不含兜底保障户' : ''}。
          </Typography.Paragraph>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title="贫困村与贫困县退出标准" style={{ height: '100%' }}>
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 150 } }}
            items={[
              { key: 'vi', label: '贫困村：贫困发生率', children: `低于 ${percent(rb.village.maxIncidence, 0)}` },
              {
                key: 'vind',
                label: '贫困村：村级指标',
                children: rb.village.indicators.map((i) => i.label + (i.min !== undefined ? `（不少于${int(i.min)}元）` : '')).join('、'),
              },
              { key: 'ci', label: '贫困县：综合贫困发生率', children: `低于 ${percent(rb.county.maxIncidence, 0)}` },
              { key: 'cv', label: '贫困县：贫困村退出比例', children: `不低于 ${percent(rb.county.minExitedVillageShare, 0)}` },
              { key: 'cm', label: '错退率 / 漏评率', children: `均低于 ${percent(rb.county.maxMisexitRate, 0)} / ${percent(rb.county.maxOmissionRate, 0)}` },
              { key: 'ca', label: '群众认可度', children: `不低于 ${percent(rb.county.minApprovalRate, 0)}` },
              {
                key: 'n',
                label: '公示期',
                children: `农户 ${rb.exit.household.steps.find((s) => s.objections)?.minDays ?? '—'} 天，项目 ${rb.notice.projectDays} 天`,
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function Movements({ movements }: { movements: ClassMovement[] }) {
  if (movements.length === 0) return <Alert type="info" showIcon title="重新评估完成，没有农户改变类别。" />;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(m) => `${m.from}>${m.to}`}
      dataSource={movements}
      columns={[
        { title: '原类别', key: 'from', render: (_, m) => (m.from === null ? <Tag>未评估</Tag> : <ClassTag code={m.from} label={m.fromLabel} />) },
        { title: '新类别', key: 'to', render: (_, m) => <ClassTag code={m.to} label={m.toLabel} /> },
        { title: '户数', dataIndex: 'households', key: 'households', align: 'right', render: int },
        { title: '人数', dataIndex: 'people', key: 'people', align: 'right', render: int },
      ]}
    />
  );
}

export default function RulebookPage() {
  const { user } = useSession();
  const allowed = can(user, 'rulebook.switch');
  const state = useLoad(() => loadActiveRulebook(), []);
  const list = useLoad(() => (allowed ? api.rulebooks().then((r) => r.rulebooks) : Promise.resolve([] as RulebookSummary[])), [allowed]);
  const [choice, setChoice] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ movements: ClassMovement[]; name: string; households: number; unchanged: number } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const apply = async () => {
    if (!choice) return;
    let reason: string;
    try {
      reason = (await form.validateFields()).reason.trim();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const r = await api.setRulebook(choice, reason);
      invalidateRulebook();
      setConfirming(false);
      form.resetFields();
      const name = (list.data ?? []).find((x) => x.id === r.active)?.name ?? r.active;
      setResult({ movements: r.movements, name, households: r.households, unchanged: r.unchanged });
      setChoice(undefined);
      state.reload();
    } catch {
      // shown by the client
    } finally {
      setSaving(false);
    }
  };

  const others = (list.data ?? []).filter((r) => r.id !== state.data?.id);

  return (
    <>
      <PageTitle
        title="规则"
        sub={
          state.data ? (
            <>
              当前规则：<b>{state.data.name}</b>（{state.data.year}年度，测算基准日 {state.data.assessmentDate}）
            </>
          ) : null
        }
        extra={
          allowed &&
          others.length > 0 && (
            <Space wrap>
              <Select
                placeholder="选择其他规则"
                style={{ width: 300 }}
                value={choice}
                onChange={setChoice}
                options={others.map((r) => ({ value: r.id, label: `${r.name}（${r.year}）` }))}
                aria-label="选择规则"
              />
              <Button type="primary" disabled={!choice} onClick={() => setConfirming(true)}>
                启用并重新评估
              </Button>
            </Space>
          )
        }
      />
      {result && (
        <Card
          title={`已启用“${result.name}”，全县 ${int(result.households)} 户已重新评估（${int(result.unchanged)} 户类别未变）`}
          style={{ marginBottom: 16 }}
          extra={
            <Button type="link" onClick={() => setResult(null)}>
              关闭
            </Button>
          }
          data-testid="rulebook-movements"
        >
          <Movements movements={result.movements} />
        </Card>
      )}
      <LoadState state={state}>{(rb) => <RulebookView rb={rb} />}</LoadState>
      <Modal
        title="更换规则"
        open={confirming}
        onCancel={() => setConfirming(false)}
        onOk={() => void apply()}
        okText="确认启用"
        confirmLoading={saving}
        destroyOnHidden
      >
        <Typography.Paragraph>
          启用“{others.find((r) => r.id === choice)?.name}”后，系统将按新规则重新评估全县所有农户，类别可能发生变化。此操作将记入变更记录。
        </Typography.Paragraph>
        {confirming && choice && <SwitchPreview id={choice} />}
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label="更换原因" rules={[{ required: true, whitespace: true, message: '请填写更换原因' }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
