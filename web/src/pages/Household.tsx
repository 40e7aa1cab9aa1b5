// 户详情: one household — facts, members, the income form, each indicator with its reasons,
// the remediation tasks and the change history.
import { useState } from 'react';
import { Alert, Breadcrumb, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { TableProps } from 'antd';
import { api } from '../api/endpoints.js';
import type { Assessment, HouseholdDetail, MemberView } from '../api/types.js';

type IndicatorCheck = Assessment['indicators'][number];
import {
  ATTRIBUTE_LABELS,
  CAUSE_LABELS,
  GRADE_LABELS,
  HEALTH_LABELS,
  LABOUR_LABELS,
  RELATION_LABELS,
  RELOCATION_LABELS,
  RENOVATION_LABELS,
  SCHOOL_STATUS_LABELS,
  SEX_LABELS,
  STANDARD_LABELS,
  STATUS_LABELS,
  TASK_STATUS_LABELS,
  type LabelMap,
} from '../../../src/domain/labels.js';
import { useLoad } from '../lib/useLoad.js';
import { LoadState } from '../components/LoadState.js';
import { ClassTag } from '../components/ClassTag.js';
import { IncomeEditor } from '../components/IncomeEditor.js';
import { HandbookButton, PlanPanel } from '../components/household/PlanPanel.js';
import { ExitPanel } from '../components/household/ExitPanel.js';
import { TasksPanel } from '../components/household/TasksPanel.js';
import { HouseholdProjects } from '../components/projects/HouseholdProjects.js';
import { PendingBanner } from '../components/household/PendingBanner.js';
import { StaleNotice } from '../components/StaleNotice.js';
import { MemberActions } from '../components/household/MemberDialogs.js';
import { HouseholdCorrect } from '../components/household/HouseholdCorrect.js';
import { notifyChangeRequests } from '../lib/changeRequests.js';
import { Link, setQuery, useLocation } from '../router.js';
import { can, isSectorBound } from '../../../src/domain/roles.js';
import { useSession } from '../session.js';
import { classLabelIn, useActiveRulebook } from '../lib/rulebook.js';
import { dateTime } from '../lib/format.js';
import { useRegions } from '../lib/regions.js';

function lbl<C extends string>(map: LabelMap<C>, v: string | null | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  return map.labels[v as C] ?? v;
}

function yesNo(v: boolean | null | undefined): string {
  return v === true ? '是' : v === false ? '否' : '—';
}

function val(v: string | number | null | undefined, unit = ''): string {
  return v === null || v === undefined || v === '' ? '—' : `${v}${unit}`;
}

function Facts({ d }: { d: HouseholdDetail }) {
  const h = d.household;
  const items = [
    { key: 'attribute', label: '贫困户属性', children: lbl(ATTRIBUTE_LABELS, h.attribute) },
    { key: 'standard', label: '识别标准', children: lbl(STANDARD_LABELS, h.standard) },
    { key: 'identifiedYear', label: '识别年度', children: val(h.identifiedYear) },
    { key: 'status', label: '脱贫状态', children: lbl(STATUS_LABELS, h.status) + (h.exitYear ? `（${h.exitYear}年）` : '') },
    { key: 'mainCause', label: '主要致贫原因', children: lbl(CAUSE_LABELS, h.mainCause) },
    { key: 'otherCauses', label: '其他致贫原因', children: h.otherCauses?.length ? h.otherCauses.map((c) => lbl(CAUSE_LABELS, c)).join('、') : '—' },
    { key: 'relocation', label: '易地扶贫搬迁', children: lbl(RELOCATION_LABELS, h.relocation) },
    { key: 'guarantee', label: '兜底保障', children: yesNo(h.guarantee) },
    { key: 'food', label: '吃穿不愁', children: yesNo(h.foodClothingOk) + (h.foodClothingNote ? `（${h.foodClothingNote}）` : '') },
    {
      key: 'house',
      label: '住房',
      children: h.housing
        ? `${lbl(GRADE_LABELS, h.housing.grade)} · ${lbl(RENOVATION_LABELS, h.housing.renovation)}${h.housing.area !== null ? ` · ${h.housing.area}㎡` : ''}`
        : '—',
    },
    {
      key: 'water',
      label: '饮水',
      children: h.water
        ? [
            `安全饮水：${yesNo(h.water.secured)}`,
            `自来水：${yesNo(h.water.piped)}`,
            h.water.fetchMinutes !== null ? `取水往返${h.water.fetchMinutes}分钟` : null,
            h.water.litresPerPersonDay !== null ? `每人每天${h.water.litresPerPersonDay}升` : null,
          ]
            .filter(Boolean)
            .join('；')
        : '—',
    },
    { key: 'land', label: '耕地 / 林地', children: `${val(h.cultivatedLand, '亩')} / ${val(h.forestLand, '亩')}` },
    { key: 'road', label: '距硬化路', children: val(h.roadDistanceKm, '公里') },
    { key: 'toilet', label: '卫生厕所', children: yesNo(h.sanitaryToilet) },
    { key: 'phone', label: '联系电话', children: val(h.phone) },
    { key: 'bank', label: '银行账号', children: val(h.bankAccount) },
    { key: 'cadre', label: '帮扶责任人', children: h.cadre ? [h.cadre.name, h.cadre.unit, h.cadre.phone].filter(Boolean).join(' · ') || '—' : '—' },
    { key: 'team', label: '驻村工作队', children: val(h.workTeam) },
  ];
  return <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />;
}

function Members({ members }: { members: MemberView[] }) {
  const columns: TableProps<MemberView>['columns'] = [
    { title: '姓名', dataIndex: 'name', key: 'name', fixed: 'left', width: 80 },
    { title: '与户主关系', dataIndex: 'relation', key: 'relation', width: 90, render: (v) => lbl(RELATION_LABELS, v) },
    { title: '性别', dataIndex: 'sex', key: 'sex', width: 56, render: (v) => lbl(SEX_LABELS, v) },
    { title: '身份证号', dataIndex: 'idNumber', key: 'idNumber', width: 180, render: (v) => <span style={{ fontFamily: 'monospace' }}>{val(v)}</span> },
    { title: '出生日期', dataIndex: 'birthDate', key: 'birthDate', width: 105, render: (v) => val(v) },
    { title: '文化程度', dataIndex: 'education', key: 'education', width: 90, render: (v) => val(v) },
    { title: '在校情况', dataIndex: 'schoolStatus', key: 'schoolStatus', width: 90, render: (v) => lbl(SCHOOL_STATUS_LABELS, v) },
    {
      title: '健康状况',
      dataIndex: 'health',
      key: 'health',
      width: 100,
      render: (v, m) => lbl(HEALTH_LABELS, v) + (m.disabilityGrade ? `（${m.disabilityGrade}级）` : ''),
    },
    { title: '劳动能力', dataIndex: 'labour', key: 'labour', width: 100, render: (v) => lbl(LABOUR_LABELS, v) },
    {
      title: '务工',
      key: 'migrant',
      width: 120,
      render: (_, m) =>
        m.migrantPlace ? `${m.migrantPlace}${m.migrantMonths !== null && m.migrantMonths !== undefined ? ` ${m.migrantMonths}个月` : ''}` : '—',
    },
    { title: '基本医保', dataIndex: 'basicMedical', key: 'basicMedical', width: 80, render: yesNo },
    { title: '大病保险', dataIndex: 'criticalIllness', key: 'criticalIllness', width: 80, render: yesNo },
    { title: '养老保险', dataIndex: 'pension', key: 'pension', width: 80, render: yesNo },
    { title: '联系电话', dataIndex: 'phone', key: 'phone', width: 120, render: (v) => val(v) },
  ];
  return <Table<MemberView> size="small" rowKey="id" columns={columns} dataSource={members} pagination={false} scroll={{ x: 1300 }} />;
}

function IndicatorCard({ c }: { c: IndicatorCheck }) {
  return (
    <List.Item>
      <List.Item.Meta
        avatar={c.met ? <CheckCircleFilled style={{ color: '#2f8f4e', fontSize: 18 }} /> : <CloseCircleFilled style={{ color: '#c0392b', fontSize: 18 }} />}
        title={
          <Space wrap>
            <span>{c.label}</span>
            {c.met ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>}
            {c.veto && <Tag>一票否决</Tag>}
            {c.metByVerifiedTask && <Tag color="blue">整改已验收</Tag>}
            {!c.met && c.remediable && <Tag color="gold">年内可整改</Tag>}
          </Space>
        }
        description={
          <>
            {c.reasons.length > 0 && (
              <ul className="reason-list">
                {c.reasons.map((r, i) => (
                  <li key={i}>
                    {r.memberName && <Typography.Text strong>{r.memberName}：</Typography.Text>}
                    {r.text}
                    {r.rule && <Typography.Text type="secondary">（规则：{r.rule}）</Typography.Text>}
                  </li>
                ))}
              </ul>
            )}
            {c.remediation.length > 0 && (
              <ul className="reason-list">
                {c.remediation.map((t) => (
                  <li key={t.taskId}>
                    整改任务 {t.taskId}（{lbl(TASK_STATUS_LABELS, t.status)}，期限 {t.dueDate}）
                    {!t.qualifies && <Typography.Text type="warning">不能作为年内整改计入：{t.why}</Typography.Text>}
                  </li>
                ))}
              </ul>
            )}
          </>
        }
      />
    </List.Item>
  );
}

function History({ d }: { d: HouseholdDetail }) {
  if (d.history.length === 0) return <Empty description="没有变更记录" />;
  return (
    <Timeline
      items={d.history.map((e) => ({
        key: e.seq,
        content: (
          <>
            <div>
              <Typography.Text type="secondary">
                {dateTime(e.at)} · {e.actor}
              </Typography.Text>
            </div>
            <div>{e.text}</div>
            {e.reason && (
              <div>
                <Typography.Text type="secondary">原因：{e.reason}</Typography.Text>
              </div>
            )}
          </>
        ),
      }))}
    />
  );
}

function HouseholdView({ d, reload }: { d: HouseholdDetail; reload: () => void }) {
  const { user } = useSession();
  const rulebook = useActiveRulebook();
  const regions = useRegions();
  const { search } = useLocation();
  const [tab, setTab] = useState(search.get('tab') ?? (d.income ? 'income' : 'indicators'));
  const a = d.assessment;
  const head = d.members.find((m) => m.relation === 'head');
  const size = a?.size ?? d.members.length;
  const villageName = d.villageName ?? regions?.byCode.get(d.household.villageCode)?.name ?? d.household.villageCode;
  const townshipCode = regions?.byCode.get(d.household.villageCode)?.parentCode ?? null;
  const townshipName = d.townshipName ?? (townshipCode ? regions?.byCode.get(townshipCode)?.name : null);
  const editable = can(user, 'income.edit') && d.canEditIncome;
  const unmet = a?.indicators.filter((c) => !c.met) ?? [];

  const tabs = [
    {
      key: 'income',
      label: '收入测算',
      children: d.income ? (
        <IncomeEditor
          householdId={d.household.id}
          form={d.income}
          size={size}
          assessment={a}
          editable={editable}
          onSaved={() => {
            reload();
            notifyChangeRequests();
          }}
        />
      ) : null,
    },
    {
      key: 'indicators',
      label: `指标核验${unmet.length ? `（${unmet.length}项未达标）` : ''}`,
      children: a ? (
        <Card>
          {a.income && <Alert style={{ marginBottom: 12 }} type={a.income.pass ? 'success' : 'error'} showIcon title={`收入：${a.income.arithmetic}`} />}
          <List dataSource={a.indicators} renderItem={(c) => <IndicatorCard c={c} />} />
        </Card>
      ) : (
        <Empty description="该户尚未评估" />
      ),
    },
    {
      key: 'members',
      label: `家庭成员（${d.members.length}人）`,
      children: (
        <Card>
          {can(user, 'member.edit') && (
            <MemberActions
              householdId={d.household.id}
              members={d.members}
              onDone={() => {
                reload();
                notifyChangeRequests();
              }}
            />
          )}
          <Members members={d.members} />
        </Card>
      ),
    },
    {
      key: 'facts',
      label: '基本情况',
      children: (
        <Card>
          {can(user, 'household.edit') && (
            <HouseholdCorrect
              d={d}
              onDone={() => {
                reload();
                notifyChangeRequests();
              }}
            />
          )}
          <Facts d={d} />
        </Card>
      ),
    },
    {
      key: 'tasks',
      label: `整改任务（${d.tasks.length}）`,
      children: (
        <Card>
          <TasksPanel householdId={d.household.id} onChanged={reload} />
        </Card>
      ),
    },
    { key: 'plan', label: '一户一策', children: <PlanPanel householdId={d.household.id} /> },
    {
      key: 'history',
      label: '变更记录',
      children: (
        <Card>
          <History d={d} />
        </Card>
      ),
    },
  ];

  // Sector users see their own indicators only, so “everything met” would overstate what they know.
  const partial = isSectorBound(user.role);
  const visibleTabs = tabs.filter((t) => t.key !== 'income' || d.income);

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/households">农户</Link> }, { title: d.household.id }]} />
      <StaleNotice state={d.assessmentState} />
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={[16, 12]} align="middle">
          <Col flex="auto">
            <Space wrap size={[12, 4]} align="center">
              <Typography.Title level={4} style={{ margin: 0 }}>
                {a?.headName ?? head?.name ?? '（无户主）'}户
              </Typography.Title>
              {a && <ClassTag code={a.class} label={a.classLabel || classLabelIn(rulebook, a.class)} />}
              {a?.preExit && <Tag color="blue">预脱贫</Tag>}
            </Space>
            <div className="muted" style={{ marginTop: 4 }}>
              户编号 <span style={{ fontFamily: 'monospace' }}>{d.household.id}</span> · {townshipName ? `${townshipName} ` : ''}
              <Link to={`/villages/${encodeURIComponent(d.household.villageCode)}`}>{villageName}</Link>
              {d.household.group ? ` ${d.household.group}` : ''} · {size}人 · {lbl(ATTRIBUTE_LABELS, d.household.attribute)}
            </div>
          </Col>
          {can(user, 'handbook.view') && (
            <Col>
              <HandbookButton householdId={d.household.id} />
            </Col>
          )}
        </Row>
        {a && !a.inScope && a.scopeReason && <Alert style={{ marginTop: 12 }} type="info" showIcon title={`不在本年度筛查范围：${a.scopeReason}`} />}
        {a && a.inScope && a.summary.length > 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type={a.preExit ? 'warning' : 'error'}
            showIcon
            title={partial ? '本部门指标尚未达标' : '尚未达标'}
            description={
              <ul className="reason-list">
                {a.summary.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            }
          />
        )}
        <PendingBanner householdId={d.household.id} version={d} onChanged={reload} />
        {a && a.inScope && a.summary.length === 0 && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            title={partial ? `本部门负责的指标均已达标（${user.sector ?? ''}）` : '收入和各项指标均已达标'}
          />
        )}
      </Card>
      <Tabs
        activeKey={visibleTabs.some((t) => t.key === tab) ? tab : visibleTabs[0]?.key}
        onChange={(k) => {
          setTab(k);
          setQuery({ tab: k === 'income' ? null : k });
        }}
        items={visibleTabs}
      />
      <ExitPanel householdId={d.household.id} />
      <HouseholdProjects householdId={d.household.id} />
    </>
  );
}

export default function HouseholdPage({ id }: { id: string }) {
  const state = useLoad(() => api.household(id), [id]);
  return <LoadState state={state}>{(d) => <HouseholdView d={d} reload={state.reload} />}</LoadState>;
}
