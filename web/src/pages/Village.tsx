// 村详情: one village's exit figures, indicators and what holds it back.
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, List, Row, Statistic, Table, Tabs } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { api } from '../api/endpoints.js';
import type { HouseholdRow, VillageDetail } from '../api/types.js';
import { INDICATOR_LABELS } from '../../../src/domain/labels.js';
import type { IndicatorCode } from '../../../src/domain/types.js';
import { useLoad } from '../lib/useLoad.js';
import { LoadState } from '../components/LoadState.js';
import { Link, navigate } from '../router.js';
import { int, percent, yuan } from '../lib/format.js';
import { useActiveRulebook } from '../lib/rulebook.js';
import { useRegions } from '../lib/regions.js';
import { VillageStatus } from './Villages.js';
import { ClassTag } from '../components/ClassTag.js';
import { VillageExitPanel } from '../components/exit/VillageExitPanel.js';
import { rowOpens } from '../lib/rowOpen.js';

function indicatorValue(v: boolean | number | null): string {
  if (v === null) return '未填报';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return `${int(v)}元`;
}

function VillageView({ d }: { d: VillageDetail }) {
  const v = d.village;
  const rulebook = useActiveRulebook();
  const regions = useRegions();
  const classes = rulebook?.classes ?? [];
  const townshipName = v.townshipName ?? (v.townshipCode ? regions?.byCode.get(v.townshipCode)?.name : null) ?? '';
  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/villages">村退出</Link> }, { title: `${townshipName} ${v.name}` }]} />
      <Card
        style={{ marginBottom: 16 }}
        title={
          <>
            {townshipName} {v.name} <VillageStatus v={v} />
          </>
        }
        extra={<Button onClick={() => navigate(`/households?village=${encodeURIComponent(v.code)}`)}>查看本村农户</Button>}
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title="农村户籍人口" value={v.ruralPopulation ?? '—'} suffix="人" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="未脱贫人口" value={v.remainingPoor} suffix="人" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="贫困发生率（现）" value={percent(v.incidenceNow)} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title="退出后贫困发生率"
              value={percent(v.incidenceAfter)}
              styles={{ content: { color: v.incidenceAfter !== null && rulebook && v.incidenceAfter < rulebook.village.maxIncidence ? '#2f8f4e' : '#c0392b' } }}
            />
          </Col>
        </Row>
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          bordered
          column={{ xs: 1, md: classes.length }}
          items={classes.map((c) => ({
            key: c.code,
            label: <ClassTag code={c.code} label={c.label} />,
            children: `${int(v.households[c.code] ?? 0)}户 ${int(v.people[c.code] ?? 0)}人`,
          }))}
        />
        {v.reasons.length > 0 && (
          <Alert
            style={{ marginTop: 16 }}
            type={v.preExit || v.exited || !v.poorVillage ? 'info' : 'warning'}
            showIcon
            title={!v.poorVillage ? '说明' : v.preExit ? '预退出说明' : v.exited ? '已退出' : '暂不具备退出条件'}
            description={
              <ul className="reason-list">
                {v.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            }
          />
        )}
      </Card>
      <VillageExitPanel code={v.code} />
      <Card title="村级退出指标" style={{ marginBottom: 16 }}>
        <List
          dataSource={v.indicators}
          renderItem={(i) => (
            <List.Item>
              <List.Item.Meta
                avatar={i.met ? <CheckCircleFilled style={{ color: '#2f8f4e' }} /> : <CloseCircleFilled style={{ color: '#c0392b' }} />}
                title={i.label}
              />
              <span>{indicatorValue(i.value)}</span>
            </List.Item>
          )}
        />
      </Card>
      {d.classes.length > 0 && (
        <Card title="本村农户">
          <Tabs
            items={d.classes.map((c) => ({
              key: c.code || 'none',
              label: `${c.label}（${c.households.length}户）`,
              children: (
                <Table<HouseholdRow>
                  size="small"
                  rowKey="id"
                  className="clickable-rows"
                  dataSource={c.households}
                  pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
                  onRow={(h) => rowOpens(`/households/${encodeURIComponent(h.id)}`)}
                  columns={[
                    { title: '户编号', dataIndex: 'id', key: 'id' },
                    { title: '户主', dataIndex: 'headName', key: 'headName', render: (x: string | null) => x ?? '—' },
                    { title: '人口', dataIndex: 'size', key: 'size', align: 'right', render: (x: number | null) => int(x) },
                    { title: '人均纯收入（元）', dataIndex: 'perCapita', key: 'perCapita', align: 'right', render: (x: number | null) => yuan(x) },
                    {
                      title: '未达标',
                      dataIndex: 'failing',
                      key: 'failing',
                      render: (f: string[]) => f.map((x) => INDICATOR_LABELS.labels[x as IndicatorCode] ?? x).join('、') || '—',
                    },
                  ]}
                />
              ),
            }))}
          />
        </Card>
      )}
    </>
  );
}

export default function VillagePage({ code }: { code: string }) {
  const state = useLoad(() => api.village(code), [code]);
  return <LoadState state={state}>{(d) => <VillageView d={d} />}</LoadState>;
}
