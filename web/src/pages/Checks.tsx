// 名单比对: a sector department or the county office uploads an outside list (a sector only the
// kinds it sends, as the server's kinds answer says); the page shows what the run found, or
// each problem of a refused list (nothing was stored), and every run so far.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableProps, UploadFile } from 'antd';
import { DownloadOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { checkApi, loadCheckKinds, type CheckKindsResponse, type CheckRunView, type CheckUploadResponse } from '../api/checks.js';
import { PageTitle } from '../components/PageTitle.js';
import { RunCounts } from '../components/checks/RunCounts.js';
import { dateTime, int } from '../lib/format.js';
import { useLoad } from '../lib/useLoad.js';
import { Link, navigate, setQuery, useLocation } from '../router.js';
import { coversCounty } from '../../../src/domain/roles.js';
import { useSession } from '../session.js';

const ACCEPT = '.xlsx,.xls,.csv';
type Issue = NonNullable<CheckUploadResponse['rejection']>['issues'][number];

const issueColumns: TableProps<Issue & { key: number }>['columns'] = [
  { title: '工作表', dataIndex: 'sheet', key: 'sheet', width: 100 },
  { title: '行', dataIndex: 'row', key: 'row', width: 60, align: 'right', render: (v: number | null) => v ?? '—' },
  { title: '列', key: 'column', width: 120, render: (_, i) => (i.column ? `${i.column}${i.header ? `（${i.header}）` : ''}` : (i.header ?? '—')) },
  {
    title: '单元格内容',
    dataIndex: 'value',
    key: 'value',
    width: 140,
    render: (v: string | null) => (v === null ? <span className="muted">（空）</span> : <Typography.Text code>{v}</Typography.Text>),
  },
  { title: '问题及处理办法', dataIndex: 'message', key: 'message' },
  {
    title: '级别',
    dataIndex: 'severity',
    key: 'severity',
    width: 70,
    render: (s: string) => (s === 'error' ? <Tag color="red">错误</Tag> : <Tag color="gold">提示</Tag>),
  },
];

function IssueTable({ issues }: { issues: Issue[] }) {
  return (
    <Table
      size="small"
      rowKey="key"
      scroll={{ x: 700 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      dataSource={issues.map((i, key) => ({ ...i, key }))}
      columns={issueColumns}
      data-testid="list-issues"
    />
  );
}

interface UploadValues {
  kind: string;
  source: string;
  asOf?: string;
}

function UploadCard({ kinds, onDone }: { kinds: CheckKindsResponse; onDone: (r: CheckUploadResponse) => void }) {
  const [form] = Form.useForm<UploadValues>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const usable = kinds.listKinds.filter((k) => k.canUpload);
  const kind = Form.useWatch('kind', form);
  useEffect(() => {
    const k = usable.find((x) => x.code === kind);
    if (k) form.setFieldValue('source', k.defaultSource);
  }, [kind]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    if (file === null) {
      setError('请选择名单文件');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await checkApi.upload(file, { kind: v.kind, source: v.source, asOf: v.asOf || undefined }));
      setFile(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const fileList: UploadFile[] = file ? [{ uid: '1', name: file.name, status: 'done' }] : [];
  return (
    <Card title="上传名单" style={{ marginBottom: 16 }} data-testid="check-upload">
      <Form
        form={form}
        layout="vertical"
        name="check-upload"
        initialValues={{ kind: usable.length === 1 ? usable[0]!.code : undefined, source: usable[0]?.defaultSource }}
      >
        <div className="check-upload-grid">
          <Form.Item name="kind" label="名单类别" rules={[{ required: true, message: '请选择名单类别' }]}>
            <Select options={usable.map((k) => ({ value: k.code, label: k.label }))} placeholder="请选择" />
          </Form.Item>
          <Form.Item name="source" label="来源单位" rules={[{ required: true, message: '请填写名单来源单位' }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="asOf" label="名单截至日期" extra="不填则为今天" rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式：YYYY-MM-DD' }]}>
            <Input placeholder="YYYY-MM-DD" />
          </Form.Item>
        </div>
        <Upload.Dragger
          accept={ACCEPT}
          maxCount={1}
          fileList={fileList}
          beforeUpload={(f) => {
            setFile(f);
            setError(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">点击或拖入名单文件</p>
          <p className="ant-upload-hint">Excel（.xlsx、.xls）或 CSV（UTF-8、GBK），首行或前几行为表头</p>
        </Upload.Dragger>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        <Button type="primary" icon={<FileSearchOutlined />} loading={busy} style={{ marginTop: 12 }} onClick={() => void submit()}>
          开始比对
        </Button>
      </Form>
    </Card>
  );
}

function UploadResult({ r }: { r: CheckUploadResponse }) {
  if (r.rejection)
    return (
      <Card style={{ marginBottom: 16 }} data-testid="check-rejected">
        <Alert
          type="error"
          showIcon
          title={`名单未通过校验，未保存任何内容：${r.rejection.message}`}
          description={`共 ${int(r.rejection.issueCount)} 个问题，其中错误 ${int(r.rejection.errorCount)} 个。请按下表修改后重新上传。`}
          style={{ marginBottom: 12 }}
        />
        <IssueTable issues={r.rejection.issues} />
      </Card>
    );
  if (!r.run) return null;
  return (
    <Card style={{ marginBottom: 16 }} data-testid="check-result">
      <Alert
        type="success"
        showIcon
        title={`比对完成：${r.run.kindLabel}（${r.run.source}，第 ${r.run.version} 版）`}
        action={<Link to={`/checks/runs/${r.run.id}`}>查看本次比对</Link>}
        style={{ marginBottom: 12 }}
      />
      <RunCounts run={r.run} />
      {r.warnings.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            提示（{r.warnings.length} 条，不影响比对）
          </Typography.Title>
          <IssueTable issues={r.warnings} />
        </>
      )}
    </Card>
  );
}

const runColumns: TableProps<CheckRunView>['columns'] = [
  { title: '上传时间', dataIndex: 'uploadedAt', key: 'uploadedAt', width: 140, render: (v: string) => dateTime(v) },
  {
    title: '名单',
    key: 'kind',
    render: (_, r) => (
      <>
        <Link to={`/checks/runs/${r.id}`}>{r.kindLabel}</Link>
        {r.superseded && <Tag style={{ marginInlineStart: 6 }}>已有新版</Tag>}
        <div className="muted">
          {r.source} · 第 {r.version} 版 · 截至 {r.asOf}
        </div>
      </>
    ),
  },
  { title: '行数', dataIndex: 'rows', key: 'rows', align: 'right', render: int },
  { title: '匹配', dataIndex: 'matched', key: 'matched', align: 'right', render: int },
  { title: '疑似', dataIndex: 'possible', key: 'possible', align: 'right', render: int },
  { title: '未匹配', dataIndex: 'unmatched', key: 'unmatched', align: 'right', render: int },
  { title: '新增疑点', dataIndex: 'pointsOpened', key: 'pointsOpened', align: 'right', render: int },
  { title: '销号', dataIndex: 'pointsClosed', key: 'pointsClosed', align: 'right', render: int },
  { title: '用时', dataIndex: 'ms', key: 'ms', align: 'right', render: (v: number) => `${(v / 1000).toFixed(1)} 秒` },
  { title: '上传人', key: 'by', render: (_, r) => r.uploadedBy.name },
];

export default function ChecksPage() {
  const { user } = useSession();
  const { search } = useLocation();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const kinds = useLoad(() => loadCheckKinds(), []);
  const runs = useLoad((signal) => checkApi.runs(page, 20, signal), [page]);
  const [result, setResult] = useState<CheckUploadResponse | null>(null);
  const canUpload = useMemo(() => kinds.data?.listKinds.some((k) => k.canUpload) ?? false, [kinds.data]);

  return (
    <>
      <PageTitle
        title="名单比对"
        sub="行业部门名单、国办系统导出与本县花名册逐人比对，差异生成疑点"
        extra={
          <Space wrap>
            <Button onClick={() => navigate('/checks/points')}>疑点核实</Button>
            <Button onClick={() => navigate('/checks/review')}>疑似匹配确认</Button>
            {coversCounty(user.role) && (
              <Button icon={<DownloadOutlined />} onClick={() => void checkApi.exportNational()}>
                国办系统更正表
              </Button>
            )}
          </Space>
        }
      />
      {kinds.data && canUpload && (
        <UploadCard
          kinds={kinds.data}
          onDone={(r) => {
            setResult(r);
            if (r.run) runs.reload();
          }}
        />
      )}
      {result && <UploadResult r={result} />}
      <Card title="比对记录">
        <Table<CheckRunView>
          size="small"
          rowKey="id"
          loading={runs.loading}
          dataSource={runs.data?.items ?? []}
          columns={runColumns}
          scroll={{ x: 900 }}
          locale={{ emptyText: '还没有上传过名单' }}
          pagination={{
            current: page,
            pageSize: 20,
            total: runs.data?.total ?? 0,
            hideOnSinglePage: true,
            showTotal: (t) => `共 ${int(t)} 次`,
            onChange: (p) => setQuery({ page: p > 1 ? p : undefined }),
          }}
          data-testid="check-runs"
        />
      </Card>
    </>
  );
}
