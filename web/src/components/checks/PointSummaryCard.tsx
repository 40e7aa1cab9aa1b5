// 总览's 数据比对 card: points in the user's scope by status, kind and township, how many are
// overdue, and the latest runs.
import { Card, Col, Empty, List, Row, Statistic, Table, Tag } from 'antd';
import { checkApi, type PointSummaryResponse } from '../../api/checks.js';
import { dateTime, int } from '../../lib/format.js';
import { useLoad } from '../../lib/useLoad.js';
import { Link, navigate } from '../../router.js';

type KindRow = PointSummaryResponse['byKind'][number];
type TownRow = PointSummaryResponse['byTownship'][number];

export function PointSummaryCard() {
  const { data } = useLoad(() => checkApi.summary(), []);
  if (data === null) return null;
  const total = data.open + data.checked + data.closed;
  return (
    <Card title="数据比对疑点" style={{ marginTop: 16 }} data-testid="point-summary" extra={<Link to="/checks/points">全部疑点</Link>}>
      {total === 0 && data.lastRuns.length === 0 ? (
        <Empty description="还没有比对名单" />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Row gutter={[12, 12]}>
              <Col span={12}>
                <Statistic title="待核实" value={data.open} suffix="条" />
              </Col>
              <Col span={12}>
                <Statistic title="待审核" value={data.checked} suffix="条" />
              </Col>
              <Col span={12}>
                <Statistic title="已销号" value={data.closed} suffix="条" />
              </Col>
              <Col span={12}>
                <Statistic title="超期未核实" value={data.overdue} suffix="条" styles={{ content: { color: data.overdue > 0 ? '#cf1322' : undefined } }} />
              </Col>
            </Row>
            <Table<TownRow>
              style={{ marginTop: 12 }}
              size="small"
              rowKey={(t) => t.townshipCode ?? '-'}
              pagination={false}
              dataSource={data.byTownship}
              className="clickable-rows"
              onRow={(t) => ({ onClick: () => navigate(`/checks/points${t.townshipCode ? `?township=${encodeURIComponent(t.townshipCode)}` : ''}`) })}
              columns={[
                { title: '乡镇', dataIndex: 'townshipName', key: 'townshipName' },
                { title: '待核实', dataIndex: 'open', key: 'open', align: 'right', render: (v: number) => (v > 0 ? <Tag color="red">{int(v)}</Tag> : '0') },
                { title: '待审核', dataIndex: 'checked', key: 'checked', align: 'right', render: int },
                { title: '合计', dataIndex: 'total', key: 'total', align: 'right', render: int },
              ]}
            />
          </Col>
          <Col xs={24} lg={14}>
            <Table<KindRow>
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={data.byKind}
              className="clickable-rows"
              onRow={(k) => ({ onClick: () => navigate(`/checks/points?kind=${encodeURIComponent(k.kind)}`) })}
              columns={[
                { title: '疑点类别', dataIndex: 'label', key: 'label' },
                { title: '待核实', dataIndex: 'open', key: 'open', align: 'right', render: int },
                { title: '合计', dataIndex: 'total', key: 'total', align: 'right', render: int },
              ]}
            />
            <List
              size="small"
              header="最近比对"
              dataSource={data.lastRuns}
              locale={{ emptyText: '暂无' }}
              renderItem={(r) => (
                <List.Item>
                  <Link to={`/checks/runs/${r.id}`}>
                    {r.kindLabel}（{r.source}）
                  </Link>
                  <span className="muted">
                    {dateTime(r.uploadedAt)} · 疑点 {int(r.pointsOpened)}
                  </span>
                </List.Item>
              )}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}
