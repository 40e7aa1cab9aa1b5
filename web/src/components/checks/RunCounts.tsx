// A run's counts at a glance: rows, how they matched, the points it opened or closed, time taken.
import { Col, Row, Statistic } from 'antd';
import type { CheckRunView } from '../../api/checks.js';

export function RunCounts({ run }: { run: CheckRunView }) {
  const figures: [string, number | string, string][] = [
    ['名单行数', run.rows, '行'],
    ['确定匹配', run.matched, '人'],
    ['疑似匹配', run.possible, '人'],
    ['未匹配', run.unmatched, '行'],
    ['新增疑点', run.pointsOpened, '条'],
    ['仍未销号', run.pointsKept, '条'],
    ['自动销号', run.pointsClosed, '条'],
    ['用时', (run.ms / 1000).toFixed(1), '秒'],
  ];
  return (
    <Row gutter={[12, 12]} data-testid="run-counts">
      {figures.map(([title, value, suffix]) => (
        <Col xs={12} sm={6} lg={3} key={title}>
          <Statistic title={title} value={value} suffix={suffix} />
        </Col>
      ))}
    </Row>
  );
}
