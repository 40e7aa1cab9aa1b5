// One run of a list: its counts, how the rows matched, and the points it found by kind and by
// township (each figure links to the 疑点 list with that filter).
import { Breadcrumb, Button, Card, Col, Descriptions, Row, Table, Tag } from 'antd';
import { checkApi, type CheckRunDetailResponse } from '../api/checks.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { RunCounts } from '../components/checks/RunCounts.js';
import { dateTime, int } from '../lib/format.js';
import { useLoad } from '../lib/useLoad.js';
import { Link, navigate } from '../router.js';

type KindRow = CheckRunDetailResponse['pointsByKind'][number];
type TownRow = CheckRunDetailResponse['pointsByTownship'][number];

const tally = <T extends { open: number; checked: number; closed: number; total: number }>() => [
  { title: '待核实', dataIndex: 'open', key: 'open', align: 'right' as const, render: (v: number) => (v > 0 ? <Tag color="red">{int(v)}</Tag> : '0') },
  { title: '待审核', dataIndex: 'checked', key: 'checked', align: 'right' as const, render: int },
  { title: '已销号', dataIndex: 'closed', key: 'closed', align: 'right' as const, render: int },
  { title: '合计', dataIndex: 'total', key: 'total', align: 'right' as const, render: (v: number, _r: T) => int(v) },
];

function RunView({ d }: { d: CheckRunDetailResponse }) {
  const r = d.run;
  const o = d.byOutcome;
  const points = (extra: string) => navigate(`/checks/points?runId=${r.id}${extra}`);
  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/checks">名单比对</Link> }, { title: `${r.kindLabel} 第 ${r.version} 版` }]} />
      <PageTitle
        title={`${r.kindLabel}比对结果`}
        sub={`${r.source} · 截至 ${r.asOf}`}
        extra={
          o.possiblePending > 0 && d.canReview ? (
            <Button type="primary" onClick={() => navigate(`/checks/review?runId=${r.id}`)}>
              确认疑似匹配（{o.possiblePending}）
            </Button>
          ) : null
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <RunCounts run={r} />
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          bordered
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'file', label: '文件', children: r.fileName },
            { key: 'by', label: '上传', children: `${r.uploadedBy.name} · ${dateTime(r.uploadedAt)}` },
            { key: 'version', label: '版本', children: `第 ${r.version} 版${r.superseded ? '（已有新版）' : ''}` },
            { key: 'byId', label: '按身份证号匹配', children: `${int(o.byId)} 人` },
            { key: 'byScore', label: '按姓名、出生日期等计分匹配', children: `${int(o.byScore)} 人` },
            {
              key: 'possible',
              label: '疑似匹配',
              children: `${int(o.possible)} 人：待确认 ${int(o.possiblePending)}，已确认 ${int(o.possibleConfirmed)}，已否定 ${int(o.possibleRejected)}`,
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="疑点（按类别）">
            <Table<KindRow>
              size="small"
              rowKey="kind"
              pagination={false}
              className="clickable-rows"
              dataSource={d.pointsByKind}
              locale={{ emptyText: '本次比对没有发现疑点' }}
              onRow={(k) => ({ onClick: () => points(`&kind=${encodeURIComponent(k.kind)}`) })}
              columns={[{ title: '疑点类别', dataIndex: 'label', key: 'label' }, ...tally<KindRow>()]}
              data-testid="run-points-by-kind"
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="疑点（按乡镇）">
            <Table<TownRow>
              size="small"
              rowKey={(t) => t.townshipCode ?? '-'}
              pagination={false}
              className="clickable-rows"
              dataSource={d.pointsByTownship}
              locale={{ emptyText: '本次比对没有发现疑点' }}
              onRow={(t) => ({ onClick: () => points(t.townshipCode ? `&township=${encodeURIComponent(t.townshipCode)}` : '') })}
              columns={[{ title: '乡镇', dataIndex: 'townshipName', key: 'townshipName' }, ...tally<TownRow>()]}
              data-testid="run-points-by-township"
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

export default function CheckRunPage({ id }: { id: number }) {
  const state = useLoad(() => checkApi.run(id), [id]);
  return <LoadState state={state}>{(d) => <RunView d={d} />}</LoadState>;
}
