// 问题与问责: every problem the viewer may see (its own unit's, its area's), where it stands in
// rectification and verification, the accountability decisions, and the units and people who have
// reached the rulebook's count of major failures. Exports the 问题整改台账.
import { useState } from 'react';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { supervisionApi, type ProblemView } from '../api/supervision.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { ProblemActionModal, type ProblemAction } from '../components/supervision/ProblemActions.js';
import { ProblemForm } from '../components/supervision/ProblemForm.js';
import { useLoad } from '../lib/useLoad.js';
import { useLocation } from '../router.js';

const STATE_COLORS: Record<ProblemView['state'], string> = { open: 'blue', overdue: 'red', rectified: 'gold', verified: 'green' };

export default function ProblemsPage() {
  const state = useLoad((signal) => supervisionApi.problems(signal), []);
  const focus = useLocation().search.get('focus');
  const [acting, setActing] = useState<{ action: ProblemAction; problem: ProblemView } | null>(null);
  const [exporting, setExporting] = useState(false);
  const [recording, setRecording] = useState(false);
  const exportLedger = async () => {
    setExporting(true);
    try {
      await supervisionApi.exportProblems();
    } finally {
      setExporting(false);
    }
  };
  return (
    <>
      <PageTitle
        title="问题与问责"
        sub="各来源发现的问题、整改、核实销号和问责"
        extra={
          <Space wrap>
            {state.data?.canRecord && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
                登记问题
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportLedger()}>
              导出问题整改台账
            </Button>
          </Space>
        }
      />
      <LoadState state={state}>
        {(d) => (
          <>
            {d.flags.length > 0 && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 16 }}
                title={`${d.kinds.repeatedFailure.windowDays} 天内重大问题达到 ${d.kinds.repeatedFailure.count} 件`}
                description={
                  <Space direction="vertical" size={2} data-testid="repeated-failures">
                    {d.flags.map((f) => (
                      <span key={`${f.kind}:${f.key}`}>
                        {f.kind === 'person' ? `${f.name}（${f.unitName}）：建议免职或调离` : `${f.name}：建议约谈主要负责人`}（{f.problemIds.join('、')}）
                      </span>
                    ))}
                  </Space>
                }
              />
            )}
            <Card>
              <Table<ProblemView>
                rowKey="id"
                dataSource={d.items}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={{ x: 1560 }}
                locale={{ emptyText: '没有问题记录' }}
                rowClassName={(p) => (p.id === focus ? 'row-focus' : '')}
                columns={[
                  { title: '编号', dataIndex: 'id', key: 'id', width: 90 },
                  { title: '责任单位', dataIndex: 'unitName', key: 'unit', width: 140 },
                  { title: '责任人', key: 'people', width: 110, render: (_: unknown, p) => p.people.join('、') || '—' },
                  {
                    title: '类别',
                    key: 'cat',
                    width: 140,
                    render: (_: unknown, p) => (
                      <>
                        {p.categoryLabel} {p.major ? <Tag color="red">{p.severityLabel}</Tag> : <Tag>{p.severityLabel}</Tag>}
                      </>
                    ),
                  },
                  { title: '整改时限', dataIndex: 'deadline', key: 'deadline', width: 110 },
                  {
                    title: '整改与核实',
                    key: 'state',
                    width: 200,
                    render: (_: unknown, p) => (
                      <Space direction="vertical" size={2}>
                        <Tag color={STATE_COLORS[p.state]}>{p.stateLabel}</Tag>
                        {p.rectification && <Typography.Text type="secondary">整改：{p.rectification}</Typography.Text>}
                        {p.verification && <Typography.Text type="secondary">核实：{p.verification}</Typography.Text>}
                      </Space>
                    ),
                  },
                  {
                    title: '问责',
                    key: 'decisions',
                    width: 160,
                    render: (_: unknown, p) => (
                      <>
                        {p.decisions.map((x) => (
                          <div key={x.id}>
                            {x.person}：{x.kindLabel}
                          </div>
                        ))}
                        {p.flagged && <Tag color="red">重大问题多发</Tag>}
                      </>
                    ),
                  },
                  { title: '问题描述', dataIndex: 'description', key: 'desc', width: 260 },
                  { title: '发现', key: 'found', width: 120, render: (_: unknown, p) => `${p.foundOn} ${p.sourceLabel}` },
                  {
                    title: '操作',
                    key: 'op',
                    width: 120,
                    fixed: 'right',
                    render: (_: unknown, p) => (
                      <Space direction="vertical" size={4}>
                        {p.canRectify && (
                          <Button size="small" onClick={() => setActing({ action: 'rectify', problem: p })}>
                            记录整改
                          </Button>
                        )}
                        {d.canVerify && p.state === 'rectified' && (
                          <Button size="small" onClick={() => setActing({ action: 'verify', problem: p })}>
                            核实
                          </Button>
                        )}
                        {d.canDecide && (
                          <Button size="small" onClick={() => setActing({ action: 'decide', problem: p })}>
                            问责
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]}
              />
            </Card>
            {recording && (
              <ProblemForm
                kinds={d.kinds}
                today={d.today}
                onClose={() => setRecording(false)}
                onDone={() => {
                  setRecording(false);
                  state.reload();
                }}
              />
            )}
            {acting && (
              <ProblemActionModal
                {...acting}
                kinds={d.kinds}
                today={d.today}
                onClose={() => setActing(null)}
                onDone={() => {
                  setActing(null);
                  state.reload();
                }}
              />
            )}
          </>
        )}
      </LoadState>
    </>
  );
}
