// Objections during a notice (公示异议) of one procedure: the list with each one's handling, and —
// for the role that runs that notice — buttons to register one (while the notice runs) and to
// handle an open one (不属实: the notice may end; 属实: the procedure is sent back).
import { useState } from 'react';
import { Alert, Button, Form, Input, List, Modal, Radio, Space, Tag } from 'antd';
import { ApiError } from '../../api/client.js';
import { exitApi, type ProcedureView } from '../../api/exit.js';

export function ObjectionControls({
  procedure,
  subject,
  today,
  canRecord,
  noticeRunning,
  onChanged,
}: {
  procedure: ProcedureView;
  /** e.g. “红星村” — in the dialog titles. */
  subject: string;
  today: string;
  canRecord: boolean;
  noticeRunning: boolean;
  onChanged: () => void;
}) {
  const [dialog, setDialog] = useState<'objection' | 'resolve' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const open = procedure.objections.find((o) => o.resolution === null) ?? null;

  const submit = async () => {
    const v = await form.validateFields();
    setError(null);
    try {
      if (dialog === 'objection') await exitApi.objection(procedure.id, { receivedOn: v.date, content: v.content });
      else if (open !== null) await exitApi.resolve(procedure.id, open.id, { outcome: v.outcome, date: v.date, note: v.note });
      setDialog(null);
      onChanged();
    } catch (e) {
      if (e instanceof ApiError) setError(e.message);
      else throw e;
    }
  };

  return (
    <div data-testid="objections">
      {procedure.objections.length > 0 && (
        <List
          size="small"
          header="公示异议"
          dataSource={procedure.objections}
          renderItem={(o) => (
            <List.Item>
              {o.receivedOn} 收到：{o.content}{' '}
              {o.resolution === null ? (
                <Tag color="red">待处理</Tag>
              ) : (
                <Tag color={o.resolution.outcome === 'upheld' ? 'red' : 'green'}>
                  {o.resolution.outcome === 'upheld' ? '属实' : '不属实'}（{o.resolution.date}，{o.resolution.note}）
                </Tag>
              )}
            </List.Item>
          )}
        />
      )}
      {canRecord && (noticeRunning || open !== null) && (
        <Space style={{ marginTop: 8 }}>
          {noticeRunning && (
            <Button
              size="small"
              onClick={() => {
                setError(null);
                setDialog('objection');
              }}
            >
              登记异议
            </Button>
          )}
          {open !== null && (
            <Button
              size="small"
              danger
              onClick={() => {
                setError(null);
                setDialog('resolve');
              }}
            >
              处理异议
            </Button>
          )}
        </Space>
      )}
      <Modal
        open={dialog !== null}
        title={dialog === 'objection' ? `登记公示异议：${subject}` : `处理公示异议：${subject}`}
        onCancel={() => setDialog(null)}
        onOk={() => void submit()}
        okText="保存"
        cancelText="取消"
        destroyOnHidden
      >
        {dialog === 'resolve' && <p>{open?.content}</p>}
        <Form form={form} layout="vertical" initialValues={{ date: today, outcome: 'dismissed' }} preserve={false}>
          <Form.Item name="date" label={dialog === 'objection' ? '收到日期' : '处理日期'} rules={[{ required: true, message: '请填写日期' }]}>
            <Input type="date" max={today} />
          </Form.Item>
          {dialog === 'objection' ? (
            <Form.Item name="content" label="异议内容" rules={[{ required: true, message: '请填写异议内容' }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="outcome" label="核实结果">
                <Radio.Group
                  options={[
                    { value: 'dismissed', label: '不属实（继续公示）' },
                    { value: 'upheld', label: '属实（退回，本次退出程序结束）' },
                  ]}
                />
              </Form.Item>
              <Form.Item name="note" label="核实处理情况" rules={[{ required: true, message: '请填写核实处理情况' }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
            </>
          )}
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
      </Modal>
    </div>
  );
}
