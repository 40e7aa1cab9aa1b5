// 审计 (county admins): verify the change log's hash chain and read what was found, in plain
// Chinese: intact or not, how many rows, the head hash for the weekly report, the checkpoints
// earlier verifications left, and every break with its seq, time, actor and record.
import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Form, Input, Result, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { BREAK_LABELS, CHANGE_ENTITY_LABELS, HEAD_HASH_PATTERN } from '../../../src/domain/audit.js';
import { api } from '../api/endpoints.js';
import type { AuditBreak, AuditCheckpoint, AuditReport } from '../api/types.js';
import { useLoad } from '../lib/useLoad.js';
import { PageTitle } from '../components/PageTitle.js';
import { dateTime, int } from '../lib/format.js';

type CheckpointRow = AuditCheckpoint & { status?: 'ok' | 'changed' | 'missing' | 'new' };

const STATUS: Record<NonNullable<CheckpointRow['status']>, { color: string; text: string }> = {
  ok: { color: 'green', text: '相符' },
  changed: { color: 'red', text: '哈希不符' },
  missing: { color: 'red', text: '记录已不在' },
  new: { color: 'blue', text: '本次记下' },
};

const breakColumns: TableProps<AuditBreak>['columns'] = [
  { title: '记录序号', dataIndex: 'seq', key: 'seq', width: 100, render: (s: number) => `第 ${s} 条` },
  { title: '异常类型', dataIndex: 'kind', key: 'kind', width: 170, render: (k: AuditBreak['kind']) => <Tag color="red">{BREAK_LABELS[k]}</Tag> },
  { title: '记录时间', dataIndex: 'at', key: 'at', width: 150, render: (v: string | null) => dateTime(v) },
  { title: '操作人', dataIndex: 'actorName', key: 'actorName', width: 130, render: (v: string | null) => v ?? '—' },
  {
    title: '对象',
    key: 'entity',
    width: 170,
    render: (_, b) => (b.entity === null ? '—' : `${CHANGE_ENTITY_LABELS[b.entity] ?? b.entity} ${b.entityId ?? ''}`),
  },
  { title: '说明', dataIndex: 'message', key: 'message' },
];

const checkpointColumns: TableProps<CheckpointRow>['columns'] = [
  { title: '核验时间', dataIndex: 'at', key: 'at', width: 150, render: (v: string) => dateTime(v) },
  { title: '核验人', dataIndex: 'actorName', key: 'actorName', width: 140 },
  { title: '当时最新记录', dataIndex: 'seq', key: 'seq', width: 130, render: (s: number) => `第 ${s} 条` },
  { title: '当时记录数', dataIndex: 'rowCount', key: 'rowCount', width: 110, render: (n: number) => int(n) },
  {
    title: '链头哈希',
    dataIndex: 'hash',
    key: 'hash',
    render: (h: string) => (
      <Typography.Text code copyable={{ text: h }}>
        {h.slice(0, 16)}…
      </Typography.Text>
    ),
  },
  {
    title: '本次核验',
    key: 'status',
    width: 110,
    render: (_, c) => (c.status === undefined ? '—' : <Tag color={STATUS[c.status].color}>{STATUS[c.status].text}</Tag>),
  },
];

function Summary({ report }: { report: AuditReport }) {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {report.intact ? (
        <Result
          status="success"
          data-testid="audit-verdict"
          title="变更日志完好"
          style={{ padding: '8px 0' }}
          subTitle="每一条记录都与其哈希相符，并与前一条相连；以往核验锚点全部相符。"
        />
      ) : (
        <Result
          status="error"
          data-testid="audit-verdict"
          title={`变更日志发现 ${report.breakCount} 处异常`}
          style={{ padding: '8px 0' }}
          subTitle="下表中的记录在写入后被直接改动、删除或插入过（绕过了本系统）。请保留数据库现状，按审计说明（docs/audit.md）上报，并与备份核对。"
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'at', label: '核验时间', children: dateTime(report.verifiedAt) },
          { key: 'rows', label: '记录数', children: `${int(report.rows)} 条` },
          { key: 'head', label: '最新一条', children: report.head === null ? '（日志为空）' : `第 ${report.head.seq} 条，${dateTime(report.head.at)}` },
          { key: 'recorded', label: '本次锚点', children: report.recorded === null ? '未记录（与上次相同或有异常）' : `已记录：第 ${report.recorded.seq} 条` },
          {
            key: 'hash',
            label: report.intact ? '链头哈希（请记入周报）' : '链头哈希',
            span: 2,
            children: report.head?.hash ? (
              <Typography.Text code copyable data-testid="audit-head">
                {report.head.hash}
              </Typography.Text>
            ) : (
              '—'
            ),
          },
          ...(report.expectedHead === null
            ? []
            : [
                {
                  key: 'expected',
                  label: '报告中的链头哈希',
                  span: 2,
                  children:
                    report.expectedHead.seq === null ? (
                      <Tag color="red">在日志中找不到</Tag>
                    ) : (
                      <Tag color="green">仍在日志中（第 {report.expectedHead.seq} 条）</Tag>
                    ),
                },
              ]),
        ]}
      />
    </Space>
  );
}

export default function AuditPage() {
  const overview = useLoad(() => api.audit(), []);
  const [report, setReport] = useState<AuditReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ expectHead?: string }>();

  const run = async () => {
    let v: { expectHead?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const expectHead = v.expectHead?.trim();
    setBusy(true);
    try {
      setReport(await api.verifyAudit(expectHead ? { expectHead } : {}));
      overview.reload();
    } catch {
      /* shown by the client */
    } finally {
      setBusy(false);
    }
  };

  // The list is the server's (reloaded after a run, so it includes the checkpoint just left);
  // the run's findings are laid over it.
  const key = (c: AuditCheckpoint) => `${c.seq}|${c.at}`;
  const found = new Map<string, CheckpointRow['status']>((report?.checkpoints ?? []).map((c) => [key(c), c.status]));
  if (report?.recorded) found.set(key(report.recorded), 'new');
  const checkpoints: CheckpointRow[] = (overview.data?.checkpoints ?? report?.checkpoints ?? []).map((c) => ({ ...c, status: found.get(key(c)) }));

  return (
    <>
      <PageTitle title="审计" sub="变更日志防篡改核验" />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card>
          <Typography.Paragraph type="secondary">
            系统中每一次修改都记入只能追加的变更日志，每条记录都以哈希与前一条相连。直接在数据库中修改、删除或插入任何一条，
            核验都会指出是哪一条。核验完好时会记下当时的链头作为锚点；请把链头哈希写入每周报告，下次核验时填入下框，确认它仍在日志中。
          </Typography.Paragraph>
          <Form form={form} layout="inline" onFinish={() => void run()}>
            <Form.Item
              name="expectHead"
              label="报告中的链头哈希（可不填）"
              style={{ minWidth: 'min(420px, 100%)', flex: 1 }}
              rules={[
                {
                  validator: (_, v?: string) =>
                    !v || HEAD_HASH_PATTERN.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error('链头哈希应为 64 位十六进制字符')),
                },
              ]}
            >
              <Input allowClear placeholder="64 位十六进制，如 3f9a…" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} loading={busy}>
                开始核验
              </Button>
            </Form.Item>
          </Form>
        </Card>
        {report !== null && (
          <Card title="核验结果">
            <Summary report={report} />
          </Card>
        )}
        {report !== null && report.breaks.length > 0 && (
          <Card title={`异常明细（${report.breakCount} 处${report.breakCount > report.breaks.length ? `，列出前 ${report.breaks.length} 处` : ''}）`}>
            <Table<AuditBreak>
              size="small"
              rowKey={(b) => `${b.kind}-${b.seq}`}
              columns={breakColumns}
              dataSource={report.breaks}
              scroll={{ x: 900 }}
              pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
              data-testid="audit-breaks"
            />
          </Card>
        )}
        <Card title="核验锚点">
          {checkpoints.length === 0 ? (
            <Empty description="尚无核验锚点：第一次完好的核验会记下一个" />
          ) : (
            <Table<CheckpointRow>
              size="small"
              data-testid="audit-checkpoints"
              rowKey={(c) => `${c.seq}-${c.at}`}
              columns={checkpointColumns}
              dataSource={checkpoints}
              scroll={{ x: 800 }}
              pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
            />
          )}
        </Card>
      </Space>
    </>
  );
}
