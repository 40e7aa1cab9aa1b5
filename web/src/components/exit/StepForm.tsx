// The form that records one step (for the selected households, or for the village): step,
// date, the number of the document the rulebook names, minutes and votes for a step that records
// a meeting, and a 补录 reason when the date lies back. A refusal lists every household that failed and why; nothing was stored then.
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { DateField } from '../DateField.js';
import { ApiError } from '../../api/client.js';
import type { ProcedureDefView } from '../../api/exit.js';

interface Failure {
  subjectId: string;
  name: string | null;
  reasons: string[];
}

export interface StepValues {
  step: string;
  date: string;
  document: string;
  minutes?: string | null;
  votesFor?: number | null;
  votesAgainst?: number | null;
  backdateReason?: string | null;
}

export function StepForm({
  definition,
  role,
  suggested,
  today,
  backdateDays,
  disabled,
  onSubmit,
  submitLabel,
}: {
  definition: ProcedureDefView;
  role: string;
  suggested: string | null;
  today: string;
  backdateDays: number;
  disabled?: boolean;
  submitLabel: string;
  onSubmit: (v: StepValues) => Promise<void>;
}) {
  const [form] = Form.useForm<StepValues>();
  const [error, setError] = useState<{ message: string; failures: Failure[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = definition.steps.filter((s) => s.role === role);
  const step: string | undefined = Form.useWatch('step', form) ?? (suggested !== null && mine.some((s) => s.code === suggested) ? suggested : mine[0]?.code);
  const def = mine.find((s) => s.code === step);
  const date = Form.useWatch('date', form) ?? today;
  const lag = Math.round((Date.parse(today) - Date.parse(date)) / 86_400_000);
  if (mine.length === 0) return null;

  const submit = async (v: StepValues) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ ...v, step: v.step ?? step });
      form.resetFields(['document', 'minutes', 'votesFor', 'votesAgainst', 'backdateReason']);
    } catch (e) {
      if (e instanceof ApiError) {
        const failures = (e.details as { failures?: Failure[] } | null)?.failures ?? [];
        setError({ message: failures.length > 0 ? '未保存：以下农户不符合条件（全部未记录）' : e.message, failures });
      } else throw e;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="inline"
      onFinish={submit}
      initialValues={{ step, date: today }}
      className="exit-step-form"
      data-testid={`step-form-${definition.kind}`}
    >
      <Form.Item name="step" label="步骤" rules={[{ required: true }]}>
        <Select style={{ width: 200 }} options={mine.map((s) => ({ value: s.code, label: s.name }))} />
      </Form.Item>
      <Form.Item name="date" label="日期" rules={[{ required: true, message: '请填写日期' }]}>
        <DateField max={today} />
      </Form.Item>
      {/* The label stays one for every step; which document it is (the rulebook's) is the placeholder. */}
      <Form.Item name="document" label="文件/记录编号" rules={[{ required: true, message: `请填写${def?.document ?? '文件或记录编号'}` }]}>
        <Input style={{ width: 200 }} placeholder={def?.document ?? '如 红星村〔2018〕12号'} />
      </Form.Item>
      {def?.votes === true && (
        <>
          <Form.Item name="minutes" label="会议记录摘要" rules={[{ required: true, message: '请填写会议记录摘要' }]}>
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="votesFor" label="赞成" rules={[{ required: true, message: '请填写赞成票' }]}>
            <InputNumber min={0} style={{ width: 80 }} />
          </Form.Item>
          <Form.Item name="votesAgainst" label="反对" rules={[{ required: true, message: '请填写反对票' }]}>
            <InputNumber min={0} style={{ width: 80 }} />
          </Form.Item>
        </>
      )}
      {lag > backdateDays && (
        <Form.Item name="backdateReason" label="补录原因" rules={[{ required: true, message: `日期早于今天 ${backdateDays} 天以上，须填写补录原因` }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
      )}
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} disabled={disabled}>
            {submitLabel}
          </Button>
        </Space>
      </Form.Item>
      {error && (
        <Alert
          style={{ marginTop: 12, width: '100%' }}
          type="error"
          showIcon
          title={error.message}
          data-testid="step-error"
          description={
            error.failures.length > 0 && (
              <ul className="reason-list">
                {error.failures.map((f) => (
                  <li key={f.subjectId}>
                    {f.name ?? ''}（{f.subjectId}）：{f.reasons.join('；')}
                  </li>
                ))}
              </ul>
            )
          }
        />
      )}
    </Form>
  );
}
