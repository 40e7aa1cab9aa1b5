// 总览's 补短板 card: tasks by status and by sector, how many are late, and the households that
// moved from B to A after their last task was verified.
import { Card, Col, Empty, List, Row, Statistic, Table, Tag } from 'antd';
import { TASK_STATUS_LABELS } from '../../../../src/domain/labels.js';
import type { TaskStatus } from '../../../../src/domain/types.js';
import { taskApi, type TaskSummaryResponse } from '../../api/tasks.js';
import { dateTime, int } from '../../lib/format.js';
import { useLoad } from '../../lib/useLoad.js';
import { Link } from '../../router.js';
import { rowOpens } from '../../lib/rowOpen.js';

type SectorRow = TaskSummaryResponse['bySector'][number];

export function TaskSummaryCard() {
  const { data } = useLoad(() => taskApi.summary(), []);
  if (data === null) return null;
  const count = (s: TaskStatus) => data.byStatus.find((x) => x.status === s)?.count ?? 0;
  return (
    <Card title="补短板" style={{ marginTop: 16 }} data-testid="task-summary" extra={<Link to="/tasks">全部整改任务</Link>}>
      {data.total === 0 ? (
        <Empty description="没有整改任务" />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Row gutter={[12, 12]}>
              {(['open', 'in-progress', 'done', 'verified'] as TaskStatus[]).map((s) => (
                <Col span={12} key={s}>
                  <Statistic title={TASK_STATUS_LABELS.label(s)} value={count(s) + (s === 'open' ? count('proposed') + count('returned') : 0)} suffix="条" />
                </Col>
              ))}
              <Col span={12}>
                <Link to="/tasks?overdue=true">
                  <Statistic title="已逾期" value={data.overdue} suffix="条" valueStyle={{ color: data.overdue > 0 ? '#cf1322' : undefined }} />
                </Link>
              </Col>
            </Row>
            <Table<SectorRow>
              style={{ marginTop: 12 }}
              size="small"
              rowKey="sector"
              pagination={false}
              dataSource={data.bySector}
              className="clickable-rows"
              onRow={(r) => rowOpens(`/tasks?sector=${encodeURIComponent(r.sector)}`)}
              columns={[
                { title: '责任部门', dataIndex: 'sector', key: 'sector' },
                { title: '任务', dataIndex: 'total', key: 'total', align: 'right', render: (v: number) => int(v) },
                { title: '未结', dataIndex: 'open', key: 'open', align: 'right', render: (v: number) => int(v) },
                { title: '逾期', dataIndex: 'overdue', key: 'overdue', align: 'right', render: (v: number) => (v > 0 ? <Tag color="red">{int(v)}</Tag> : '0') },
              ]}
            />
          </Col>
          {data.recentExits !== null && (
            <Col xs={24} lg={14}>
              <List
                size="small"
                header="最近整改验收后由 B 类转为 A 类的户"
                dataSource={data.recentExits}
                locale={{ emptyText: '暂无' }}
                renderItem={(m) => (
                  <List.Item>
                    <Link to={`/households/${encodeURIComponent(m.householdId)}?tab=history`}>{m.householdId}</Link>
                    <span className="muted">
                      {dateTime(m.at)} · {m.actor}
                      {m.reason ? ` · ${m.reason}` : ''}
                    </span>
                  </List.Item>
                )}
              />
            </Col>
          )}
        </Row>
      )}
    </Card>
  );
}
