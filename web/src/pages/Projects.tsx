// 项目资金: the projects reaching the viewer's area with money totals and warnings, filtered by
// type, status, township, village, fund source and lateness (held in the URL), and a new project
// for the county office and the sector departments.
import { useMemo, useState } from 'react';
import { Button, Card, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { can } from '../../../src/domain/roles.js';
import { projectApi, type ProjectView } from '../api/projects.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProjectForm } from '../components/projects/ProjectForm.js';
import { int, percent, yuan } from '../lib/format.js';
import { useRegions } from '../lib/regions.js';
import { useActiveRulebook } from '../lib/rulebook.js';
import { useLoad } from '../lib/useLoad.js';
import { Link, navigate, setQuery, useLocation } from '../router.js';
import { useSession } from '../session.js';

interface Filter {
  type?: string;
  status?: string;
  township?: string;
  village?: string;
  source?: string;
  late: boolean;
}

function readFilter(s: URLSearchParams): Filter {
  const str = (k: string) => s.get(k) || undefined;
  return { type: str('type'), status: str('status'), township: str('township'), village: str('village'), source: str('source'), late: s.get('late') === '1' };
}

export default function ProjectsPage() {
  const { search } = useLocation();
  const { user } = useSession();
  const f = useMemo(() => readFilter(search), [search.toString()]); // eslint-disable-line react-hooks/exhaustive-deps
  const regions = useRegions();
  const rulebook = useActiveRulebook();
  const region = f.village ?? f.township;
  const state = useLoad((signal) => projectApi.list({ type: f.type, status: f.status, region }, signal), [f.type, f.status, region]);
  const [creating, setCreating] = useState(false);

  const update = (patch: Partial<Filter>) => {
    const n = { ...f, ...patch };
    setQuery({ type: n.type, status: n.status, township: n.township, village: n.village, source: n.source, late: n.late ? '1' : undefined });
  };
  // Source and lateness are read off the loaded rows: the list is the area's few hundred projects.
  const rows = (state.data?.items ?? []).filter((p) => (f.source === undefined || (p.fundSources[f.source] ?? 0) > 0) && (!f.late || p.warnings.length > 0));
  const settings = rulebook?.projects;
  const villageOptions = regions
    ? [...regions.byCode.values()]
        .filter((r) => r.level === 'village' && (f.township === undefined || r.parentCode === f.township))
        .map((v) => ({ value: v.code, label: v.name }))
    : [];
  const place = (p: ProjectView) => {
    const names = p.villages.map((v) => regions?.byCode.get(v)?.name ?? v);
    return names.length > 2 ? `${names.slice(0, 2).join('、')}等${names.length}村` : names.join('、');
  };
  const allocated = rows.reduce((s, p) => s + p.allocatedFen, 0);
  const disbursed = rows.reduce((s, p) => s + p.disbursedFen, 0);

  return (
    <>
      <PageTitle
        title="项目资金"
        sub="项目库、资金下达与拨付、公告公示"
        extra={
          can(user, 'project.edit') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-project">
              新建项目
            </Button>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <Select
            allowClear
            placeholder="项目类型"
            style={{ width: 120 }}
            value={f.type}
            onChange={(v) => update({ type: v })}
            options={Object.entries(settings?.types ?? {}).map(([value, label]) => ({ value, label }))}
            aria-label="项目类型"
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            value={f.status}
            onChange={(v) => update({ status: v })}
            options={(settings?.statuses ?? []).map((s) => ({ value: s.code, label: s.label }))}
            aria-label="状态"
          />
          <Select
            allowClear
            placeholder="乡镇"
            style={{ width: 130 }}
            value={f.township}
            onChange={(v) => update({ township: v, village: undefined })}
            options={(regions?.townships ?? []).map((t) => ({ value: t.code, label: t.name }))}
            aria-label="乡镇"
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="行政村"
            style={{ width: 140 }}
            value={f.village}
            onChange={(v) => update({ village: v })}
            options={villageOptions}
            aria-label="行政村"
          />
          <Select
            allowClear
            placeholder="资金来源"
            style={{ width: 200 }}
            value={f.source}
            onChange={(v) => update({ source: v })}
            options={Object.entries(settings?.fundSources ?? {}).map(([value, label]) => ({ value, label }))}
            aria-label="资金来源"
          />
          <Space>
            <Switch checked={f.late} onChange={(late) => update({ late })} aria-label="只看进度滞后" />
            <span>只看进度滞后或资金沉淀</span>
          </Space>
        </Space>
        <div style={{ marginTop: 8 }}>
          <Typography.Text type="secondary" data-testid="projects-total">
            {int(rows.length)} 个项目，已下达 {yuan(allocated / 100)} 元，已拨付 {yuan(disbursed / 100)} 元（
            {percent(allocated === 0 ? 0 : disbursed / allocated, 1)}）
          </Typography.Text>
        </div>
      </Card>
      <Table<ProjectView>
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={rows}
        scroll={{ x: 900 }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        onRow={(p) => ({ onClick: () => navigate(`/projects/${encodeURIComponent(p.id)}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'id', width: 120, render: (id: string) => <Link to={`/projects/${encodeURIComponent(id)}`}>{id}</Link> },
          { title: '项目名称', dataIndex: 'name', width: 220, ellipsis: true },
          { title: '类型', dataIndex: 'typeLabel', width: 80 },
          { title: '实施地点', key: 'place', width: 160, render: (_, p) => place(p) },
          { title: '状态', dataIndex: 'statusLabel', width: 70 },
          { title: '已下达（元）', dataIndex: 'allocatedFen', width: 120, align: 'right', render: (v: number) => yuan(v / 100) },
          { title: '已拨付（元）', dataIndex: 'disbursedFen', width: 120, align: 'right', render: (v: number) => yuan(v / 100) },
          {
            title: '进度',
            key: 'share',
            width: 70,
            align: 'right',
            render: (_, p) => (p.allocatedFen === 0 ? '—' : percent(p.disbursedFen / p.allocatedFen, 0)),
          },
          {
            title: '预警',
            key: 'warnings',
            width: 120,
            render: (_, p) =>
              p.warnings.map((w) => (
                <Tag key={w.kind} color={w.kind === 'idle' ? 'orange' : 'red'} title={w.text}>
                  {w.kind === 'idle' ? '资金沉淀' : '进度滞后'}
                </Tag>
              )),
          },
        ]}
      />
      {creating && rulebook && regions && (
        <ProjectForm
          open
          project={null}
          rulebook={rulebook}
          regions={regions}
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            navigate(`/projects/${encodeURIComponent(p.id)}`);
          }}
        />
      )}
    </>
  );
}
