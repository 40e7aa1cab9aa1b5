// 督查走访: the visits of the area (newest first) with their findings, each of which can become a
// problem; and, for the county office and leaders, leader by leader and week by week whether the
// rulebook's weekly minimum was met, missed weeks in red.
import { useState } from 'react';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { supervisionApi, type ComplianceResponse, type VisitView } from '../api/supervision.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { RaiseModal } from '../components/supervision/RaiseModal.js';
import { VisitForm } from '../components/supervision/VisitForm.js';
import { VisitPhotos } from '../components/supervision/VisitPhotos.js';
import { useLoad } from '../lib/useLoad.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { can } from '../../../src/domain/roles.js';

function Compliance({ data }: { data: ComplianceResponse }) {
  type Row = ComplianceResponse['leaders'][number];
  return (
    <Card title={`县级领导每周走访（每周至少 ${data.minPerWeek} 次）`} style={{ marginTop: 16 }}>
      <Table<Row>
        rowKey="id"
        size="small"
        dataSource={data.leaders}
        pagination={false}
        scroll={{ x: 400 + data.weeks.length * 64 }}
        columns={[
          { title: '领导', dataIndex: 'name', key: 'name', fixed: 'left', width: 100 },
          ...data.weeks.map((w) => ({
            title: w.slice(5),
            key: w,
            width: 64,
            render: (_: unknown, l: Row) => {
              const r = l.rows.find((x) => x.week === w);
              if (!r) return null;
              if (r.met) return <Tag color="green">{r.visits}</Tag>;
              if (r.current) return <Tag>{r.visits}</Tag>;
              return (
                <Tag color="red" data-testid={`missed-${l.id}-${w}`}>
                  {r.visits}
                </Tag>
              );
            },
          })),
          {
            title: '未达标周',
            key: 'missed',
            width: 90,
            render: (_: unknown, l: Row) => <Typography.Text type={l.missed.length > 0 ? 'danger' : undefined}>{l.missed.length}</Typography.Text>,
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        绿色：达标；红色：未达标的周；灰色：本周尚未结束。
      </Typography.Paragraph>
    </Card>
  );
}

export default function VisitsPage() {
  const { user } = useSession();
  const state = useLoad((signal) => supervisionApi.visits(signal), []);
  const showCompliance = user.role === 'leader' || can(user, 'leader.assign');
  const compliance = useLoad((signal) => (showCompliance ? supervisionApi.compliance(signal) : Promise.resolve(null)), [showCompliance]);
  const [recording, setRecording] = useState(false);
  const [raising, setRaising] = useState<{ visitId: string; findingId: string; text: string } | null>(null);
  return (
    <>
      <PageTitle title="督查走访" sub="联系点走访：走访的村和户、检查内容、发现的问题" />
      <LoadState state={state}>
        {(d) => (
          <Card
            title="走访记录"
            extra={
              d.canRecord && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
                  记录走访
                </Button>
              )
            }
          >
            <Table<VisitView>
              rowKey="id"
              dataSource={d.items}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 1050 }}
              locale={{ emptyText: '还没有走访记录' }}
              columns={[
                { title: '日期', dataIndex: 'date', key: 'date', width: 110 },
                { title: '走访人', dataIndex: 'visitorName', key: 'visitor', width: 110 },
                { title: '村', key: 'villages', width: 140, render: (_: unknown, v) => v.villages.map((x) => x.name).join('、') },
                {
                  title: '走访户',
                  key: 'households',
                  width: 140,
                  render: (_: unknown, v) => (v.households.length === 0 ? '—' : v.households.map((h) => h.headName ?? h.id).join('、')),
                },
                { title: '检查内容', dataIndex: 'checked', key: 'checked' },
                {
                  title: '照片',
                  key: 'photos',
                  width: 150,
                  render: (_: unknown, v) => <VisitPhotos visit={v} canAdd={v.visitorId === user.id} onAdded={state.reload} />,
                },
                {
                  title: '发现的问题',
                  key: 'findings',
                  render: (_: unknown, v) =>
                    v.findings.length === 0 ? (
                      '—'
                    ) : (
                      <Space direction="vertical" size={4}>
                        {v.findings.map((f) => (
                          <span key={f.id}>
                            {f.text}{' '}
                            {f.problemId ? (
                              <Link to={`/supervision/problems?focus=${encodeURIComponent(f.problemId)}`}>
                                <Tag color="orange">已登记 {f.problemId}</Tag>
                              </Link>
                            ) : (
                              d.canRaise && (
                                <Button size="small" onClick={() => setRaising({ visitId: v.id, findingId: f.id, text: f.text })}>
                                  登记为问题
                                </Button>
                              )
                            )}
                          </span>
                        ))}
                      </Space>
                    ),
                },
              ]}
            />
          </Card>
        )}
      </LoadState>
      {showCompliance && compliance.data && <Compliance data={compliance.data} />}
      {recording && (
        <VisitForm
          onClose={() => setRecording(false)}
          onDone={() => {
            setRecording(false);
            state.reload();
            compliance.reload();
          }}
        />
      )}
      {raising && (
        <RaiseModal
          {...raising}
          onClose={() => setRaising(null)}
          onDone={() => {
            setRaising(null);
            state.reload();
          }}
        />
      )}
    </>
  );
}
