// One spot check or three-rate pre-assessment: how it was drawn (seed, design, fingerprint), the
// rates with their intervals (per township and county; for 三率 the three rates and verdicts on the
// bound), and the sample by village with each household's check form.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { spotCheckApi, type AreaResult, type FormView, type SpotCheckDetailResponse } from '../api/spotChecks.js';
import { CheckFormDialog, SurveyDialog } from '../components/spotChecks/FormDialogs.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { dateTime, int, percent } from '../lib/format.js';
import { useLoad } from '../lib/useLoad.js';
import { Link } from '../router.js';
import { designText } from './SpotChecks.js';

type Detail = SpotCheckDetailResponse;
type Rates = NonNullable<Detail['threeRates']>;

function interval(r: { low: number | null; high: number | null }): string {
  return r.low === null || r.high === null ? '—' : `${percent(r.low)}–${percent(r.high)}`;
}

function VerdictTag({ met, text }: { met: boolean | null; text: string }) {
  const icon = met === true ? <CheckCircleOutlined /> : met === false ? <CloseCircleOutlined /> : <QuestionCircleOutlined />;
  return (
    <Tag color={met === true ? 'success' : met === false ? 'error' : 'default'} icon={icon}>
      {text}
    </Tag>
  );
}

function ThreeRateCards({ r }: { r: Rates }) {
  const cards = [
    { key: 'misexit', title: '错退率', v: r.misexit, detail: `核查 ${int(r.misexit.checked)} 人，错退 ${int(r.misexit.errors)} 人` },
    { key: 'omission', title: '漏评率', v: r.omission, detail: `调查 ${int(r.omission.checked)} 人，漏评 ${int(r.omission.errors)} 人` },
    { key: 'approval', title: '群众认可度', v: r.approval, detail: `受访 ${int(r.approval.asked)} 户，认可 ${int(r.approval.approving)} 户` },
  ];
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      {cards.map((c) => (
        <Col key={c.key} xs={24} md={8}>
          <Card data-rate={c.key}>
            <Statistic title={c.title} value={c.v.rate === null ? '—' : percent(c.v.rate)} />
            <div className="muted">
              {c.detail}；区间 {interval(c.v)}
            </div>
            <div style={{ marginTop: 8 }}>
              <VerdictTag met={c.v.verdict.met} text={c.v.verdict.text} />
            </div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function ResultsTable({ d }: { d: Detail }) {
  const rows: AreaResult[] = [...d.results.townships, ...(d.results.townships.length > 1 ? [d.results.county] : [])];
  return (
    <Card title={`核查结果（${Math.round(d.confidence * 100)}% 置信区间，按村分层加权）`} style={{ marginBottom: 16 }}>
      <Table<AreaResult>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 900 }}
        columns={[
          {
            title: '范围',
            dataIndex: 'name',
            key: 'name',
            fixed: 'left',
            width: 110,
            render: (n: string, r) => (r.code === 'county' ? <b>{n}（全县）</b> : n),
          },
          { title: '已核查/样本', key: 'n', render: (_: unknown, r) => `${int(r.checked)} / ${int(r.sampled)}` },
          { title: '类别不准率', key: 'ce', render: (_: unknown, r) => percent(r.classError.rate) },
          { title: '区间', key: 'ci', render: (_: unknown, r) => interval(r.classError) },
          {
            title: '推算错分户数',
            key: 'est',
            render: (_: unknown, r) =>
              r.classError.estimatedErrors === null
                ? '—'
                : `${int(Math.round(r.classError.estimatedErrors))}（${int(Math.round(r.classError.estimatedErrorsLow ?? 0))}–${int(Math.round(r.classError.estimatedErrorsHigh ?? 0))}）`,
          },
          { title: '任一项不符率', key: 'any', render: (_: unknown, r) => `${percent(r.anyError.rate)}（${interval(r.anyError)}）` },
          { title: '认可度', key: 'ap', render: (_: unknown, r) => `${percent(r.approval.rate)}（${interval(r.approval)}）` },
        ]}
      />
    </Card>
  );
}

function formSummary(f: FormView | null): React.ReactNode {
  if (f === null) return <Tag>未核查</Tag>;
  const wrong = !f.classRight || !f.incomeRight || !f.dataAsOnSite || Object.values(f.indicatorsRight).some((v) => !v);
  return (
    <Space size={4} wrap>
      <Tag color={wrong ? 'error' : 'success'}>{wrong ? '发现问题' : '准确'}</Tag>
      {f.approves === false && <Tag color="warning">不认可</Tag>}
      <span className="muted">
        {f.checkedBy} {f.checkedOn}
      </span>
    </Space>
  );
}

function Sample({ d, onChanged }: { d: Detail; onChanged: (d: Detail) => void }) {
  const [open, setOpen] = useState<{ householdId: string; form: FormView | null } | null>(null);
  const [survey, setSurvey] = useState<{ code: string; name: string } | null>(null);
  return (
    <Card title="样本户（按村）">
      {d.villages.map((v) => (
        <section key={v.code} className="spot-village" data-village={v.code} style={{ marginBottom: 20 }}>
          <Typography.Title level={5} style={{ marginBottom: 8 }}>
            {v.townshipName} {v.name} <span className="muted">（{v.code}）</span>
            <Tag style={{ marginLeft: 8 }}>
              抽 {v.sampled.length} / {int(v.households)} 户
            </Tag>
          </Typography.Title>
          <Table
            rowKey="householdId"
            size="small"
            pagination={false}
            dataSource={v.sampled}
            scroll={{ x: 560 }}
            columns={[
              {
                title: '户编号',
                dataIndex: 'householdId',
                key: 'id',
                render: (id: string) => (
                  <Link to={`/households/${encodeURIComponent(id)}`} data-sampled-household={id}>
                    {id}
                  </Link>
                ),
              },
              { title: '人数', dataIndex: 'people', key: 'people', width: 60 },
              { title: '核查', key: 'form', render: (_: unknown, h) => formSummary(h.form) },
              {
                title: '',
                key: 'act',
                width: 110,
                render: (_: unknown, h) =>
                  d.canFill ? (
                    <Button size="small" onClick={() => setOpen({ householdId: h.householdId, form: h.form })}>
                      {h.form === null ? '填写核查表' : '修改核查表'}
                    </Button>
                  ) : null,
              },
            ]}
          />
          {v.unregisteredTarget !== null && (
            <div style={{ marginTop: 8 }}>
              <Space wrap>
                <span>
                  未建档户调查：{v.surveys.length} / {v.unregisteredTarget} 户
                  {v.surveys.length > 0 && `（漏评 ${v.surveys.reduce((n, s) => n + s.eligiblePeople, 0)} 人）`}
                </span>
                {d.canFill && (
                  <Button size="small" onClick={() => setSurvey({ code: v.code, name: v.name })}>
                    登记未建档户
                  </Button>
                )}
              </Space>
            </div>
          )}
        </section>
      ))}
      {open && (
        <CheckFormDialog
          check={d}
          householdId={open.householdId}
          form={open.form}
          onClose={() => setOpen(null)}
          onSaved={(x) => {
            setOpen(null);
            onChanged(x);
          }}
        />
      )}
      {survey && (
        <SurveyDialog
          check={d}
          villageCode={survey.code}
          villageName={survey.name}
          onClose={() => setSurvey(null)}
          onSaved={(x) => {
            setSurvey(null);
            onChanged(x);
          }}
        />
      )}
    </Card>
  );
}

function DetailView({ d, onChanged }: { d: Detail; onChanged: (d: Detail) => void }) {
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="抽查总体">
            {d.populationLabel}（{int(d.populationSize)} 户）
          </Descriptions.Item>
          <Descriptions.Item label="随机种子">
            <Typography.Text copyable data-seed={d.seed}>
              {d.seed}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="抽样方式">{designText(d.design)}</Descriptions.Item>
          <Descriptions.Item label="样本">{int(d.sampleSize)} 户</Descriptions.Item>
          <Descriptions.Item label="总体快照指纹">
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-fingerprint={d.fingerprint}>
              {d.fingerprint}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="规则库">{d.rulebookId}</Descriptions.Item>
          <Descriptions.Item label="抽取">
            {d.createdBy} {dateTime(d.createdAt)}
          </Descriptions.Item>
        </Descriptions>
        {d.kind === 'spot' && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            重抽核对：<code>{`tuopin sample --population ${d.population} --seed ${d.seed} ${designFlags(d.design)} --json`}</code>
          </Typography.Paragraph>
        )}
      </Card>
      {d.threeRates !== null && <ThreeRateCards r={d.threeRates} />}
      {d.checked === 0 ? (
        <Alert style={{ marginBottom: 16 }} type="info" showIcon title="还没有填写核查表：填写后在此显示比率和置信区间。" />
      ) : (
        <ResultsTable d={d} />
      )}
      <Sample d={d} onChanged={onChanged} />
    </>
  );
}

function designFlags(design: unknown): string {
  const x = design as { kind?: string; share?: number; perVillage?: number; minPerVillage?: number };
  const min = x.minPerVillage ? ` --min-per-village ${x.minPerVillage}` : '';
  return x.kind === 'share' ? `--share ${x.share}${min}` : `--per-village ${x.perVillage}${min}`;
}

export default function SpotCheckPage({ id }: { id: string }) {
  const state = useLoad((signal) => spotCheckApi.get(id, signal), [id]);
  const kind = state.data?.kind;
  return (
    <>
      <PageTitle
        title={`${kind === 'three-rate' ? '三率自评估' : '抽查'} ${id}`}
        extra={<Link to={kind === 'three-rate' ? '/three-rates' : '/spot-checks'}>返回列表</Link>}
      />
      <LoadState state={state}>{(d) => <DetailView d={d} onChanged={(x) => state.setData(x)} />}</LoadState>
    </>
  );
}
