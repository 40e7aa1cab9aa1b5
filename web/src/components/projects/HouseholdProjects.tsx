// The projects that reach a household (到户项目), on its page.
import { Card, Table, Tag } from 'antd';
import { projectApi, type ProjectView } from '../../api/projects.js';
import { yuan } from '../../lib/format.js';
import { useLoad } from '../../lib/useLoad.js';
import { Link } from '../../router.js';

export function HouseholdProjects({ householdId }: { householdId: string }) {
  const state = useLoad((signal) => projectApi.list({ household: householdId }, signal), [householdId]);
  const items = state.data?.items ?? [];
  return (
    <Card size="small" title={`扶贫项目（${items.length} 个）`} style={{ marginTop: 16 }} data-testid="household-projects">
      <Table<ProjectView>
        size="small"
        rowKey="id"
        loading={state.loading}
        pagination={false}
        dataSource={items}
        scroll={{ x: 520 }}
        locale={{ emptyText: '暂无到户项目' }}
        columns={[
          { title: '项目', dataIndex: 'name', render: (name: string, p) => <Link to={`/projects/${encodeURIComponent(p.id)}`}>{name}</Link> },
          { title: '类型', dataIndex: 'typeLabel', width: 80 },
          { title: '年度', dataIndex: 'year', width: 60 },
          { title: '状态', dataIndex: 'statusLabel', width: 70, render: (s: string) => <Tag>{s}</Tag> },
          { title: '已拨付（元）', dataIndex: 'disbursedFen', width: 120, align: 'right', render: (v: number) => yuan(v / 100) },
        ]}
      />
    </Card>
  );
}
