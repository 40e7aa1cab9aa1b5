// 项目资金 on the dashboard: allocated, disbursed, the share, and how many projects are late
// (behind the rulebook's schedule or idle), within the viewer's area.
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { projectApi } from '../../api/projects.js';
import { useLoad } from '../../lib/useLoad.js';
import { percent, yuan } from '../../lib/format.js';
import { Link } from '../../router.js';

export function ProjectFundsCard() {
  const state = useLoad((signal) => projectApi.progress(signal), []);
  const p = state.data;
  if (p === null) return null;
  return (
    <Card title="项目资金" style={{ marginTop: 16 }} extra={<Link to="/projects">项目库</Link>} data-testid="project-funds-card">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title="已下达（元）" value={yuan(p.total.allocatedFen / 100)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="已拨付（元）" value={yuan(p.total.disbursedFen / 100)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="拨付进度" value={percent(p.total.share, 1)} />
        </Col>
        <Col xs={12} md={6}>
          <Link to="/projects?late=1">
            <Statistic title="进度滞后或资金沉淀" value={p.late} suffix="个项目" styles={{ content: { color: p.late > 0 ? '#cf1322' : undefined } }} />
          </Link>
        </Col>
      </Row>
      <Typography.Text type="secondary">
        共 {p.total.projects} 个项目，截至 {p.today}
      </Typography.Text>
    </Card>
  );
}
