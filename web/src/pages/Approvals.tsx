// 待审批: changes to sensitive fields (ID numbers, poverty attribute, income items) waiting for a
// second person. Each shows before → after in plain Chinese, who asked and why; a township or
// county user approves (the change applies and the household is re-assessed) or rejects with a reason.
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Segmented, Space, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { api } from '../api/endpoints.js';
import type { ChangeRequestView } from '../api/types.js';
import { PageTitle } from '../components/PageTitle.js';
import { LoadState } from '../components/LoadState.js';
import { ClassTag } from '../components/ClassTag.js';
import { useLoad } from '../lib/useLoad.js';
import { dateTime } from '../lib/format.js';
import { Link, setQuery, useLocation } from '../router.js';
import { notifyChangeRequests } from '../lib/changeRequests.js';

const STATUS_TABS = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已批准' },
  { value: 'rejected', label: '已驳回' },
  { value: 'withdrawn', label: '已撤回' },
];
const STATUS_COLORS: Record<string, string> = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' };

type Outcome = { id: string; text: string; from?: { code: string; label: string } | null; to?: { code: string; label: string } };

export default function ApprovalsPage() {
  const { message } = App.useApp();
  const { search } = useLocation();
  const status = search.get('status') ?? 'pending';
  const state = useLoad(() => api.changeRequests({ status }), [status]);
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<ChangeRequestView | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const done = () => {
    state.reload();
    notifyChangeRequests();
  };

  const approve = async (r: ChangeRequestView) => {
    setBusy(r.id);
    try {
      const out = await api.approveRequest(r.id);
      const a = out.assessment;
      setOutcome({
        id: r.id,
        text: `已批准 ${r.householdId} 户的${r.kindLabel}，变更已生效并重新评估`,
        from: out.previous ? { code: out.previous.class, label: out.previous.classLabel } : null,
        ...(a ? { to: { code: a.class, label: a.classLabel } } : {}),
      });
      message.success('已批准');
      done();
    } catch {
      // 已过期 and other refusals: the client showed the server's message.
      state.reload();
    } finally {
      setBusy(null);
    }
  };

  const reject = async () => {
    if (rejecting === null) return;
    let reason: string;
    try {
      reason = (await form.validateFields()).reason.trim();
    } catch {
      return;
    }
    setBusy(rejecting.id);
    try {
      await api.rejectRequest(rejecting.id, reason);
      message.success('已驳回');
      setRejecting(null);
      form.resetFields();
      done();
    } catch {
      // shown by the client
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageTitle title="待审批" sub="证件号码、贫困户属性、收入金额的修改须由提交人以外的乡镇或县扶贫办工作人员审核" />
      <Segmented
        style={{ marginBottom: 16 }}
        value={status}
        options={STATUS_TABS}
        onChange={(v) => {
          setOutcome(null);
          setQuery({ status: v === 'pending' ? null : String(v) });
        }}
      />
      {outcome && (
        <Alert
          style={{ marginBottom: 16 }}
          type="success"
          showIcon
          closable
          onClose={() => setOutcome(null)}
          data-testid="approval-outcome"
          title={
            <span>
              {outcome.text}
              {outcome.to &&
                (outcome.from && outcome.from.code !== outcome.to.code ? (
                  <>
                    ：类别 <ClassTag code={outcome.from.code} label={outcome.from.label} /> → <ClassTag code={outcome.to.code} label={outcome.to.label} />
                  </>
                ) : (
                  <>
                    ：类别 <ClassTag code={outcome.to.code} label={outcome.to.label} />
                    （未变化）
                  </>
                ))}
            </span>
          }
        />
      )}
      <LoadState state={state}>
        {(data) =>
          data.items.length === 0 ? (
            <Card>
              <Empty description={status === 'pending' ? '没有待审核的申请' : '没有记录'} />
            </Card>
          ) : (
            <List
              dataSource={[...data.items].reverse()}
              renderItem={(r) => (
                <Card
                  key={r.id}
                  size="small"
                  style={{ marginBottom: 12 }}
                  data-testid="change-request"
                  title={
                    <Space wrap>
                      <Tag color={STATUS_COLORS[r.status]}>{r.statusLabel}</Tag>
                      <span>{r.kindLabel}</span>
                      <Link to={`/households/${encodeURIComponent(r.householdId)}`}>户编号 {r.householdId}</Link>
                    </Space>
                  }
                  extra={
                    r.canDecide && (
                      <Space>
                        <Button type="primary" icon={<CheckOutlined />} loading={busy === r.id} onClick={() => void approve(r)}>
                          批准
                        </Button>
                        <Button
                          danger
                          icon={<CloseOutlined />}
                          disabled={busy === r.id}
                          onClick={() => {
                            form.resetFields();
                            setRejecting(r);
                          }}
                        >
                          驳回
                        </Button>
                      </Space>
                    )
                  }
                >
                  <ul className="reason-list change-lines">
                    {r.lines.map((l) => (
                      <li key={l}>{l}</li>
                    ))}
                  </ul>
                  <Typography.Text type="secondary">
                    {r.requestedBy} 于 {dateTime(r.requestedAt)} 提交；原因：{r.reason}
                    {r.decidedBy &&
                      `。${r.decidedBy} 于 ${dateTime(r.decidedAt)} ${r.statusLabel.replace('已', '')}${r.decisionReason ? `，原因：${r.decisionReason}` : ''}`}
                  </Typography.Text>
                  {r.status === 'pending' && !r.canDecide && (
                    <div>
                      <Typography.Text type="secondary">
                        {r.canWithdraw ? '本人提交的申请须由他人审批；可在户详情页撤回。' : '等待乡镇或县扶贫办审批。'}
                      </Typography.Text>
                    </div>
                  )}
                </Card>
              )}
            />
          )
        }
      </LoadState>
      <Modal
        title="驳回申请"
        open={rejecting !== null}
        onCancel={() => setRejecting(null)}
        onOk={() => void reject()}
        okText="确认驳回"
        okButtonProps={{ danger: true }}
        confirmLoading={busy !== null}
        destroyOnHidden
      >
        {rejecting && (
          <Typography.Paragraph>
            {rejecting.kindLabel}：{rejecting.lines.join('；')}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label="驳回原因" rules={[{ required: true, whitespace: true, message: '驳回须填写原因' }]}>
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
