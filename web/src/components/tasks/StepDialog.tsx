// The form for one step on a task: responsible person and due date (accept, assign), a reason
// (decline, return), or the evidence with the sector's close-out form (complete). The server
// checks everything again; this form only helps to fill it in.
import { useState } from 'react';
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select, Switch, Typography, Upload } from 'antd';
import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { DateField } from '../DateField.js';
import { can } from '../../../../src/domain/roles.js';
import { useSession } from '../../session.js';
import { Button } from 'antd';
import { INDICATOR_LABELS } from '../../../../src/domain/labels.js';
import { STEP_LABELS, type TaskStep } from '../../../../src/domain/taskLabels.js';
import { useActiveRulebook } from '../../lib/rulebook.js';
import { taskApi, type TaskStepRequest, type TaskStepResponse, type TaskView } from '../../api/tasks.js';

const GRADES = ['A', 'B', 'C', 'D'].map((g) => ({ value: g, label: `${g}级` }));

interface Props {
  task: TaskView;
  step: TaskStep;
  today: string;
  deadline: string;
  onClose: () => void;
  onDone: (r: TaskStepResponse) => void;
}

type Values = Record<string, unknown>;

export function closeOutOf(task: Pick<TaskView, 'indicator'>, v: Values): unknown {
  switch (task.indicator) {
    case 'housing':
      return { kind: 'housing', gradeBefore: v.gradeBefore, gradeAfter: v.gradeAfter, acceptanceDate: v.acceptanceDate };
    case 'water':
      return { kind: 'water', solution: v.solution, litresPerPersonDay: v.litres, fetchMinutes: v.fetchMinutes };
    case 'education':
      return v.homeTeaching
        ? { kind: 'education', homeTeaching: true, school: null, dateBack: null }
        : { kind: 'education', homeTeaching: false, school: v.school, dateBack: v.dateBack };
    case 'medical':
      return {
        kind: 'medical',
        enrolmentDate: v.enrolmentDate,
        scheme: v.scheme,
        treatFirstPayLater: Boolean(v.treatFirstPayLater),
        oneStopSettlement: Boolean(v.oneStopSettlement),
      };
    case 'food-clothing':
      return { kind: 'food-clothing', checklist: v.checklist ?? [] };
    default:
      return undefined;
  }
}

const DATE_RULE = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式：YYYY-MM-DD' };

function HygieneChecklist() {
  // The checklist is the active rulebook's (tasks.hygieneChecklist), as the server checks it.
  const checklist = useActiveRulebook()?.tasks.hygieneChecklist ?? [];
  return (
    <Form.Item name="checklist" label="核实清单（须全部核实）" rules={[{ required: true, message: '请逐项核实' }]}>
      <Checkbox.Group options={checklist.map((c) => ({ value: c, label: c }))} />
    </Form.Item>
  );
}

/** The close-out fields of a task's indicator; the rulebook is read only for the hygiene checklist (offline forms bring their own). */
export function CloseOutFields({ task, today }: { task: Pick<TaskView, 'indicator'>; today?: string | undefined }) {
  const home = Form.useWatch('homeTeaching');
  switch (task.indicator) {
    case 'housing':
      return (
        <>
          <Form.Item name="gradeBefore" label="改造前等级" rules={[{ required: true }]}>
            <Select options={GRADES} />
          </Form.Item>
          <Form.Item name="gradeAfter" label="改造后等级" rules={[{ required: true }]}>
            <Select options={GRADES.slice(0, 2)} />
          </Form.Item>
          <Form.Item name="acceptanceDate" label="竣工验收日期" rules={[{ required: true, message: '请填写验收日期' }, DATE_RULE]}>
            <DateField max={today} />
          </Form.Item>
        </>
      );
    case 'water':
      return (
        <>
          <Form.Item name="solution" label="解决方式" rules={[{ required: true, message: '请填写解决方式' }]}>
            <Input placeholder="如：自来水入户" />
          </Form.Item>
          <Form.Item name="litres" label="人均日供水量（升）" rules={[{ required: true, message: '请填写供水量' }]}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="fetchMinutes" label="取水往返时间（分钟）" rules={[{ required: true, message: '请填写取水时间' }]}>
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
        </>
      );
    case 'education':
      return (
        <>
          <Form.Item name="homeTeaching" label="重度残疾儿童送教上门" valuePropName="checked">
            <Switch />
          </Form.Item>
          {!home && (
            <>
              <Form.Item name="school" label="返校就读学校" rules={[{ required: true, message: '请填写学校' }]}>
                <Input />
              </Form.Item>
              <Form.Item name="dateBack" label="返校日期" rules={[{ required: true, message: '请填写返校日期' }, DATE_RULE]}>
                <DateField max={today} />
              </Form.Item>
            </>
          )}
        </>
      );
    case 'medical':
      return (
        <>
          <Form.Item name="enrolmentDate" label="参保日期" rules={[{ required: true, message: '请填写参保日期' }, DATE_RULE]}>
            <DateField max={today} />
          </Form.Item>
          <Form.Item name="scheme" label="参保险种" rules={[{ required: true, message: '请填写参保险种' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="treatFirstPayLater" valuePropName="checked">
            <Checkbox>先诊疗后付费</Checkbox>
          </Form.Item>
          <Form.Item name="oneStopSettlement" valuePropName="checked">
            <Checkbox>一站式结算</Checkbox>
          </Form.Item>
        </>
      );
    case 'food-clothing':
      return <HygieneChecklist />;
    default:
      return null;
  }
}

export function StepDialog({ task, step, today, deadline, onClose, onDone }: Props) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const needsDue = step === 'accept' || step === 'assign';
  // A sector department names the 责任人 of its own tasks; the due date stays the township's.
  const { user } = useSession();
  const namesOnly = step === 'assign' && !can(user, 'task.assign');
  const needsReason = step === 'decline' || step === 'return';
  const completing = step === 'complete';

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    setSaving(true);
    setError(null);
    try {
      // Evidence first: a refused file must not leave a task marked done without it.
      for (const f of files) await taskApi.upload(task.id, f);
      const body: TaskStepRequest = { step };
      if (needsDue) Object.assign(body, namesOnly ? { responsible: v.responsible } : { responsible: v.responsible, dueDate: v.dueDate });
      if (needsReason) body.reason = v.reason as string;
      if (completing) Object.assign(body, { evidenceNote: v.evidenceNote, evidenceDate: v.evidenceDate, closeOut: closeOutOf(task, v) });
      onDone(await taskApi.step(task.id, body));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const title = `${STEP_LABELS[step]} 整改任务 ${task.id}`;
  return (
    <Modal
      open
      title={title}
      okText={`确认${STEP_LABELS[step]}`}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {INDICATOR_LABELS.label(task.indicator)} · {task.headName ?? task.householdId}户{task.memberName ? ` · ${task.memberName}` : ''} ·{' '}
        {task.sector ?? '乡镇'}负责
        {task.note ? (
          <>
            <br />
            {task.note}
          </>
        ) : null}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        name={`step-${step}`}
        initialValues={{
          responsible: task.responsible ?? '',
          dueDate: task.dueDate && task.dueDate <= deadline ? task.dueDate : deadline,
          evidenceDate: today,
          acceptanceDate: today,
          dateBack: today,
          enrolmentDate: today,
          gradeBefore: 'D',
          gradeAfter: 'A',
          scheme: '城乡居民基本医疗保险＋大病保险',
          homeTeaching: false,
          treatFirstPayLater: true,
          oneStopSettlement: true,
          fetchMinutes: 0,
        }}
      >
        {needsDue && (
          <>
            <Form.Item name="responsible" label="责任人" rules={[{ required: true, message: '请填写责任人' }]}>
              <Input />
            </Form.Item>
            {namesOnly ? (
              <Typography.Paragraph>完成时限 {task.dueDate}（由乡镇或县扶贫办调整）</Typography.Paragraph>
            ) : (
              <Form.Item name="dueDate" label={`完成时限（不晚于 ${deadline}）`} rules={[{ required: true, message: '请填写完成时限' }, DATE_RULE]}>
                <DateField max={deadline} />
              </Form.Item>
            )}
          </>
        )}
        {needsReason && (
          <Form.Item name="reason" label={step === 'decline' ? '不予立项原因' : '退回原因'} rules={[{ required: true, message: '请填写原因' }]}>
            <Input.TextArea rows={2} placeholder={step === 'decline' ? '如：年内无法完成' : '如：佐证照片不清楚'} />
          </Form.Item>
        )}
        {completing && (
          <>
            <Form.Item name="evidenceNote" label="完成情况说明" rules={[{ required: true, message: '请填写完成情况说明' }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="evidenceDate" label="完成日期" rules={[{ required: true, message: '请填写完成日期' }, DATE_RULE]}>
              <DateField max={today} />
            </Form.Item>
            <CloseOutFields task={task} today={today} />
            <Form.Item label="佐证材料（照片或扫描件：JPG、PNG、PDF，每份不超过 5 MB）">
              <Upload
                multiple
                accept=".jpg,.jpeg,.png,.pdf"
                beforeUpload={(f) => {
                  setFiles((x) => [...x, f]);
                  return false;
                }}
                onRemove={(f) => setFiles((x) => x.filter((y) => y.name !== f.name))}
                fileList={files.map((f) => ({ uid: f.name, name: f.name, status: 'done' as const }))}
              >
                <Button icon={<UploadOutlined />}>选择文件</Button>
              </Upload>
              {/* On a phone this opens the back camera straight away: the photo is taken in the yard. */}
              <label className="camera-button">
                <input
                  type="file"
                  accept="image/*"
                  capture="environment"
                  data-testid="evidence-camera"
                  onChange={(e) => {
                    const picked = [...(e.target.files ?? [])];
                    if (picked.length > 0) setFiles((x) => [...x, ...picked]);
                    e.target.value = '';
                  }}
                />
                <CameraOutlined /> 拍照
              </label>
            </Form.Item>
          </>
        )}
        {(step === 'start' || step === 'verify' || step === 'reopen') && (
          <Typography.Paragraph>
            {step === 'verify' ? (
              <>
                完成情况：{task.evidenceNote ?? '—'}
                {task.closeOutText ? `（${task.closeOutText}）` : ''}；完成人：{task.doneByName ?? '—'}。验收后该户将重新测算。
              </>
            ) : (
              `确认${STEP_LABELS[step]}该任务？`
            )}
          </Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}
