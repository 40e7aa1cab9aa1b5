// 总览: the county (or the user's part of it) at a glance.
import { useMemo } from 'react';
import { Alert, Card, Col, Empty, List, Row, Statistic, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { api } from '../api/endpoints.js';
import type { ClassFigure, Criterion, Dashboard } from '../api/types.js';
import { OUT_OF_SCOPE } from '../components/ClassTag.js';
import { useLoad } from '../lib/useLoad.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import EChart, { type ChartOption } from '../components/EChart.js';
import { dateTime, int, percent } from '../lib/format.js';
import { colourHex } from '../theme.js';
import { classColour } from '../../../src/domain/classes.js';
import { useActiveRulebook } from '../lib/rulebook.js';
import type { Rulebook } from '../api/types.js';
import { navigate } from '../router.js';
import { TaskSummaryCard } from '../components/tasks/TaskSummaryCard.js';
import { StaleNotice } from '../components/StaleNotice.js';
import { ProjectFundsCard } from '../components/projects/ProjectFundsCard.js';

type Township = Dashboard['townships'][number];

/** Classes of the rulebook (the out-of-scope tally is shown apart, as 筛查范围外). */
function rulebookClasses(d: Dashboard): ClassFigure[] {
  return d.classes.filter((c) => c.code !== OUT_OF_SCOPE);
}

function figure(classes: ClassFigure[], code: string): ClassFigure | undefined {
  return classes.find((c) => c.code === code);
}

function townshipChart(townships: Township[], classes: ClassFigure[], rb: Rulebook | null): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: townships.map((t) => t.name), axisLabel: { interval: 0, rotate: townships.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value', name: '户数' },
    series: classes.map((c) => ({
      name: c.label,
      type: 'bar',
      stack: 'class',
      barMaxWidth: 36,
      itemStyle: { color: colourHex(classColour(rb, c.code)) },
      data: townships.map((t) => figure(t.classes, c.code)?.households ?? t.households[c.code] ?? 0),
    })),
  };
}

function indicatorChart(rows: Dashboard['failing']): ChartOption {
  const sorted = [...rows].sort((a, b) => a.households - b.households);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: '户数' },
    yAxis: { type: 'category', data: sorted.map((r) => r.label) },
    series: [
      {
        type: 'bar',
        name: '未达标户数',
        barMaxWidth: 24,
        itemStyle: { color: '#1f4e8c' },
        label: { show: true, position: 'right' },
        data: sorted.map((r) => r.households),
      },
    ],
  };
}

function CriterionIcon({ met }: { met: boolean | null }) {
  if (met === true) return <CheckCircleOutlined style={{ color: '#2f8f4e' }} />;
  if (met === false) return <CloseCircleOutlined style={{ color: '#c0392b' }} />;
  return <QuestionCircleOutlined style={{ color: '#8c8c8c' }} />;
}

function criterionValue(c: Criterion): string {
  if (c.value === null) return '暂无数据';
  return c.value <= 1 && c.threshold <= 1 ? percent(c.value) : int(c.value);
}

function criterionThreshold(c: Criterion): string {
  const t = c.threshold <= 1 ? percent(c.threshold, (c.threshold * 100) % 1 === 0 ? 0 : 2) : int(c.threshold);
  return `${c.comparison.replace('<=', '≤').replace('>=', '≥')} ${t}`;
}

function DashboardView({ d }: { d: Dashboard }) {
  const classes = rulebookClasses(d);
  const outside = figure(d.classes, OUT_OF_SCOPE);
  const rulebook = useActiveRulebook();
  const tChart = useMemo(() => townshipChart(d.townships, classes, rulebook), [d, classes, rulebook]);
  const iChart = useMemo(() => indicatorChart(d.failing), [d]);

  if (!d.run) {
    return <Empty description="还没有评估结果。请先导入花名册，系统将自动评估。" />;
  }
  const preExit = classes.filter((c) => c.preExit);
  const county = d.county;

  const townshipColumns = [
    { title: '乡镇', dataIndex: 'name', key: 'name', fixed: 'left' as const, width: 100 },
    ...classes.map((c) => ({
      title: c.label,
      key: c.code,
      align: 'right' as const,
      render: (_: unknown, t: Township) => {
        const f = figure(t.classes, c.code);
        return `${int(f?.households ?? 0)}户 / ${int(f?.people ?? 0)}人`;
      },
    })),
    { title: '未脱贫人口', dataIndex: 'remainingPoor', key: 'remainingPoor', align: 'right' as const, render: int },
    { title: '贫困发生率（现）', dataIndex: 'incidenceNow', key: 'now', align: 'right' as const, render: (v: number | null) => percent(v) },
    { title: '退出后', dataIndex: 'incidenceAfter', key: 'after', align: 'right' as const, render: (v: number | null) => percent(v) },
    { title: '预退出村 / 村数', key: 'villages', align: 'right' as const, render: (_: unknown, t: Township) => `${t.preExitVillages} / ${t.villages}` },
  ];

  return (
    <>
      <StaleNotice state={d.assessmentState} />
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={4}>
          <Card className="stat-card">
            <Statistic title="建档立卡人口" value={d.registeredPoor} suffix="人" />
            <div className="stat-sub">
              {int(d.registeredHouseholds)} 户，未脱贫 {int(d.remainingPoor)} 人
            </div>
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card className="stat-card">
            <Statistic title="筛查范围" value={d.inScopeHouseholds} suffix="户" />
            <div className="stat-sub">
              {int(d.inScopePeople)} 人{outside ? `；范围外 ${int(outside.households)} 户` : ''}
            </div>
          </Card>
        </Col>
        {classes.map((c) => (
          <Col xs={8} md={8} xl={3} key={c.code}>
            <Card className="stat-card" data-testid={`class-card-${c.code}`}>
              <Statistic title={`${c.label}户数`} value={c.households} suffix="户" styles={{ content: { color: colourHex(classColour(rulebook, c.code)) } }} />
              <div className="stat-sub">{int(c.people)} 人</div>
            </Card>
          </Col>
        ))}
        <Col xs={12} md={8} xl={3}>
          <Card className="stat-card">
            <Statistic title="预退出村" value={d.preExitVillages} suffix={`/ ${d.poorVillages}`} />
            <div className="stat-sub">
              贫困村 {int(d.poorVillages)} 个，行政村 {int(d.villages)} 个
            </div>
          </Card>
        </Col>
        <Col xs={12} md={8} xl={4}>
          <Card className="stat-card">
            <Statistic title="贫困发生率" value={percent(d.incidenceNow)} />
            <div className="stat-sub" data-testid="incidence-after">
              退出后 <b>{percent(d.incidenceAfter)}</b>（预退出 {int(preExit.reduce((s, c) => s + c.households, 0))} 户{' '}
              {int(preExit.reduce((s, c) => s + c.people, 0))} 人）
            </div>
          </Card>
        </Col>
      </Row>

      {county && county.ready === false && county.blockers.length > 0 && (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          title={`${county.name}暂不具备脱贫摘帽条件`}
          description={
            <ul className="reason-list">
              {county.blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          }
        />
      )}
      {county && county.ready === true && <Alert style={{ marginTop: 16 }} type="success" showIcon title="按当前数据，全县已达到脱贫摘帽的各项可测算条件" />}

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card title="各乡镇分类户数">{d.townships.length > 0 ? <EChart option={tChart} height={340} label="各乡镇分类户数堆积柱状图" /> : <Empty />}</Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="最常见的未达标指标">
            {d.failing.length > 0 ? <EChart option={iChart} height={340} label="未达标指标户数柱状图" /> : <Empty description="没有未达标指标" />}
          </Card>
        </Col>
      </Row>

      <TaskSummaryCard />

      <ProjectFundsCard />

      <Card title="分乡镇情况" style={{ marginTop: 16 }}>
        <Table<Township>
          size="middle"
          rowKey="code"
          columns={townshipColumns}
          dataSource={d.townships}
          pagination={false}
          scroll={{ x: 900 }}
          className="clickable-rows"
          onRow={(t) => ({ onClick: () => navigate(`/households?township=${encodeURIComponent(t.code)}`) })}
        />
      </Card>

      {county && (
        <Card title="全县退出条件" style={{ marginTop: 16 }}>
          <List
            dataSource={county.criteria}
            renderItem={(c) => (
              <List.Item>
                <List.Item.Meta avatar={<CriterionIcon met={c.met} />} title={c.label} description={c.note ?? undefined} />
                <div style={{ textAlign: 'right' }}>
                  <div>{criterionValue(c)}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    要求 {criterionThreshold(c)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}

export default function DashboardPage() {
  const state = useLoad(() => api.dashboard(), []);
  return (
    <>
      <PageTitle
        title="总览"
        sub={
          state.data?.run ? (
            <>
              {state.data.county?.name ? `${state.data.county.name} · ` : ''}规则：{state.data.run.rulebookName}
            </>
          ) : null
        }
        extra={
          state.data?.run ? (
            <Tag color="blue">
              测算基准日 {state.data.run.referenceDate} · 评估于 {dateTime(state.data.run.at)}
            </Tag>
          ) : null
        }
      />
      <LoadState state={state}>{(d) => <DashboardView d={d} />}</LoadState>
    </>
  );
}
