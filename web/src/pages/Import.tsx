// 导入: upload a roster; the server checks it as a job. Either everything is stored and the
// page says what changed, or nothing is stored and the page lists each problem (sheet, row,
// column, value, what to do) with the error workbook to download.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Input, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import type { TableProps, UploadFile } from 'antd';
import { BookOutlined, DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link } from '../router.js';
import { api } from '../api/endpoints.js';
import type { ClassMovement, ImportIssue, ImportJob, PlanCounts } from '../api/types.js';
import { PageTitle } from '../components/PageTitle.js';
import { int } from '../lib/format.js';
import { ClassTag } from '../components/ClassTag.js';

const STEPS = ['上传文件', '读取与校验', '比对并写入', '重新评估', '完成'];
const ACCEPT = '.xlsx,.xls,.csv';
const POLL_MS = 800;

const ENTITY_LABELS: Record<string, string> = { regions: '行政区划', households: '农户', members: '家庭成员', incomes: '收入测算表', tasks: '整改任务' };

/** Which step the job is on, from its state and the server's step text. */
function stepIndex(job: ImportJob | null, uploading: boolean): number {
  if (uploading || !job) return 0;
  if (job.status === 'succeeded') return 4;
  const all = job.steps.map((s) => s.message).join('\n');
  if (job.status === 'running' || job.status === 'failed') {
    if (/测算|评估/.test(all)) return 3;
    if (/写入|比对|保存|入库|差异/.test(all)) return 2;
  }
  return 1;
}

function Movements({ movements }: { movements: ClassMovement[] }) {
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(m) => `${m.from}>${m.to}`}
      dataSource={movements}
      columns={[
        { title: '原类别', key: 'from', render: (_, m) => (m.from === null ? <Tag>新增/未评估</Tag> : <ClassTag code={m.from} label={m.fromLabel} />) },
        { title: '新类别', key: 'to', render: (_, m) => <ClassTag code={m.to} label={m.toLabel} /> },
        { title: '户数', dataIndex: 'households', key: 'households', align: 'right', render: int },
        { title: '人数', dataIndex: 'people', key: 'people', align: 'right', render: int },
      ]}
    />
  );
}

function Counts({ counts }: { counts: PlanCounts }) {
  const rows = Object.entries(counts).map(([k, c]) => ({ key: k, entity: ENTITY_LABELS[k] ?? k, ...c }));
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="key"
      dataSource={rows}
      columns={[
        { title: '内容', dataIndex: 'entity', key: 'entity' },
        { title: '新增', dataIndex: 'creates', key: 'creates', align: 'right', render: int },
        { title: '修改', dataIndex: 'updates', key: 'updates', align: 'right', render: int },
        { title: '删除', dataIndex: 'deletes', key: 'deletes', align: 'right', render: int },
      ]}
    />
  );
}

/** The importer's messages send people to 《花名册列说明》: make that a link to the guide in the app. */
function GuideLinked({ text }: { text: string }) {
  const parts = text.split('《花名册列说明》');
  return (
    <>
      {parts.map((p, i) => (
        <span key={i}>
          {p}
          {i < parts.length - 1 && <Link to="/import/columns">《花名册列说明》</Link>}
        </span>
      ))}
    </>
  );
}

const issueColumns: TableProps<ImportIssue & { key: number }>['columns'] = [
  { title: '工作表', dataIndex: 'sheet', key: 'sheet', width: 110 },
  { title: '行', dataIndex: 'row', key: 'row', width: 60, align: 'right', render: (v: number | null) => v ?? '—' },
  { title: '列', key: 'column', width: 130, render: (_, i) => (i.column ? `${i.column}${i.header ? `（${i.header}）` : ''}` : (i.header ?? '—')) },
  {
    title: '单元格内容',
    dataIndex: 'value',
    key: 'value',
    width: 150,
    render: (v: string | null) => (v === null ? <span className="muted">（空）</span> : <Typography.Text code>{v}</Typography.Text>),
  },
  { title: '问题及处理办法', dataIndex: 'message', key: 'message', render: (v: string) => <GuideLinked text={v} /> },
  {
    title: '级别',
    dataIndex: 'severity',
    key: 'severity',
    width: 70,
    render: (v: string) => (v === 'error' ? <Tag color="red">错误</Tag> : <Tag color="gold">提示</Tag>),
    filters: [
      { text: '错误', value: 'error' },
      { text: '提示', value: 'warning' },
    ],
    onFilter: (v, i) => i.severity === v,
  },
];

function Issues({ issues }: { issues: ImportIssue[] }) {
  return (
    <Table
      size="small"
      rowKey="key"
      columns={issueColumns}
      dataSource={issues.map((i, key) => ({ ...i, key }))}
      scroll={{ x: 900 }}
      pagination={{ defaultPageSize: 20, showTotal: (t) => `共 ${t} 条`, showSizeChanger: true }}
    />
  );
}

export default function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [reason, setReason] = useState('导入花名册');
  const [uploading, setUploading] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const poll = (jobId: string) => {
    api.importJob(jobId).then(
      (j) => {
        setJob(j);
        setPollError(null);
        if (j.status === 'running') timer.current = window.setTimeout(() => poll(jobId), POLL_MS);
      },
      (e: unknown) => {
        setPollError(e instanceof Error ? e.message : String(e));
        timer.current = window.setTimeout(() => poll(jobId), POLL_MS * 3);
      },
    );
  };

  const start = async () => {
    if (!file) return;
    setUploading(true);
    setJob(null);
    try {
      const started = await api.startImport(file, reason.trim() || '导入花名册');
      setJob(started.job);
      poll(started.jobId);
    } catch {
      // message shown by the client
    } finally {
      setUploading(false);
    }
  };

  const reset = () => {
    window.clearTimeout(timer.current);
    setJob(null);
    setFile(null);
    setPollError(null);
  };

  const running = uploading || job?.status === 'running';
  const failed = job?.status === 'rejected' || job?.status === 'failed';
  const fileList: UploadFile[] = file ? [{ uid: 'roster', name: file.name, size: file.size, status: 'done' }] : [];
  const rejection = job?.rejection ?? null;
  const issues = rejection ? rejection.issues : [];

  return (
    <>
      <PageTitle
        title="导入花名册"
        sub="支持 .xlsx、.xls 和 CSV（UTF-8 或 GBK）；有任何错误时不保存任何数据"
        extra={
          <Space wrap>
            <Link to="/import/columns">
              <BookOutlined /> 花名册列说明
            </Link>
            <Button icon={<DownloadOutlined />} onClick={() => void api.rosterTemplate()}>
              下载花名册模板
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Steps
          current={stepIndex(job, uploading)}
          status={failed ? 'error' : running ? 'process' : job?.status === 'succeeded' ? 'finish' : 'wait'}
          items={STEPS.map((t) => ({ title: t }))}
          style={{ marginBottom: 20 }}
          size="small"
        />
        {!job && (
          <>
            <Upload.Dragger
              accept={ACCEPT}
              multiple={false}
              fileList={fileList}
              disabled={running}
              beforeUpload={(f) => {
                setFile(f);
                return false;
              }}
              onRemove={() => {
                setFile(null);
                return true;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">点击或将花名册文件拖到此处</p>
              <p className="ant-upload-hint">一次导入一个文件。重复导入同一份花名册不会产生重复记录。</p>
            </Upload.Dragger>
            <Space style={{ marginTop: 16 }} wrap>
              <span>导入原因：</span>
              <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={100} style={{ width: 320 }} aria-label="导入原因" />
              <Button type="primary" disabled={!file} loading={uploading} onClick={() => void start()}>
                开始导入
              </Button>
            </Space>
          </>
        )}
        {job && running && (
          <Alert
            type="info"
            showIcon
            title={`正在处理 ${job.fileName ?? ''}`}
            description={
              <>
                {job.steps.length > 0 ? (
                  <ul className="reason-list">
                    {job.steps.map((st, i) => (
                      <li key={i}>{st.message}</li>
                    ))}
                  </ul>
                ) : (
                  '正在上传……'
                )}
                <Typography.Text type="secondary">处理期间可以离开本页，导入不会中断。</Typography.Text>
              </>
            }
          />
        )}
        {pollError && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={`查询进度失败：${pollError}，正在重试……`} />}
      </Card>

      {job?.outcome && (
        <Card>
          <Result
            status={job.status === 'succeeded' ? 'success' : 'warning'}
            title={
              job.outcome.unchanged ? '导入完成：与已有数据相同，没有变化' : job.status === 'succeeded' ? '导入完成，已重新评估' : '已导入，但重新评估未完成'
            }
            subTitle={
              <>
                {job.fileName} · {int(job.outcome.households)} 户 {int(job.outcome.members)} 人{job.error ? <div>{job.error}</div> : null}
              </>
            }
            extra={
              <Button icon={<ReloadOutlined />} onClick={reset}>
                再导入一个文件
              </Button>
            }
          />
          {!job.outcome.unchanged && <Counts counts={job.outcome.counts} />}
          {job.outcome.movements.length > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                类别变化
              </Typography.Title>
              <Movements movements={job.outcome.movements} />
            </>
          )}
          {job.outcome.warningCount > 0 && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                提示（{job.outcome.warningCount} 条，不影响导入）
              </Typography.Title>
              <Issues issues={job.outcome.warnings} />
            </>
          )}
        </Card>
      )}

      {failed && !job?.outcome && job && (
        <Card>
          <Result
            status="error"
            title="导入未通过，没有保存任何数据"
            subTitle={
              rejection ? (
                <GuideLinked
                  text={`${rejection.message}${rejection.errorCount > 0 ? `（错误 ${rejection.errorCount} 处，共 ${rejection.issueCount} 条问题）` : ''}`}
                />
              ) : (
                (job.error ?? undefined)
              )
            }
            extra={
              <Space wrap>
                {rejection?.errorWorkbook && (
                  <Button type="primary" icon={<DownloadOutlined />} onClick={() => void api.importErrors(job.id).catch(() => {})}>
                    下载错误报告
                  </Button>
                )}
                <Button icon={<ReloadOutlined />} onClick={reset}>
                  重新选择文件
                </Button>
              </Space>
            }
          />
          {issues.length > 0 && <Issues issues={issues} />}
        </Card>
      )}
    </>
  );
}
