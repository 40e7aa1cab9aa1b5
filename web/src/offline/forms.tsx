// The forms a village team fills in without signal (docs/offline.md): the income form, a member
// correction, closing a task with photos from the phone's camera, a visit record. Saving puts the
// change in the phone's queue with the version it was made on; the server checks it on sending.
import { useState } from 'react';
import { Alert, Checkbox, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { OfflineHousehold, OfflineTask } from '../../../src/contract/offline.js';
import { REMOVE_CATEGORIES } from '../../../src/domain/changeKinds.js';
import { INDICATOR_LABELS } from '../../../src/domain/labels.js';
import type { IncomeCategory } from '../../../src/domain/types.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, INCOME_CATALOGUE } from '../lib/income.js';
import { CloseOutFields, closeOutOf } from '../components/tasks/StepDialog.js';
import { addToQueue } from './db.js';
import type { QueuedChange, QueuedPhoto } from './queueTypes.js';

interface FormProps {
  household: OfflineHousehold;
  onClose: () => void;
  onQueued: () => void;
}

export const headOf = (h: OfflineHousehold) => h.members.find((m) => m.relation === 'head')?.name ?? h.members[0]?.name ?? h.household.id;

async function queue(change: QueuedChange, label: string, baseVersion: string | null, state: 'waiting' | 'held' = 'waiting'): Promise<void> {
  await addToQueue({ change, label, baseVersion, createdAt: new Date().toISOString(), state, message: null, sentAt: null });
}

function useSave(onQueued: () => void) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (fn: () => Promise<void>) => {
    setSaving(true);
    setError(null);
    try {
      await fn();
      onQueued();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, save };
}

const modalProps = { width: 560, destroyOnHidden: true, okText: '存入离线队列', cancelText: '取消' } as const;

export function IncomeForm({ household, onClose, onQueued }: FormProps) {
  const [form] = Form.useForm<{ items: Record<string, number | null>; note: string; reason: string }>();
  const { saving, error, save } = useSave(onQueued);
  const initial = household.income?.items ?? {};
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const items: Record<string, number> = {};
    for (const [k, n] of Object.entries(v.items ?? {})) if (typeof n === 'number') items[k] = n;
    await save(() =>
      queue(
        { kind: 'income', householdId: household.household.id, items, note: v.note?.trim() || null, reason: v.reason.trim() },
        `${headOf(household)}家 收入测算表`,
        household.versions.income,
      ),
    );
  };
  const byCategory = (cat: IncomeCategory) => INCOME_CATALOGUE.filter((d) => d.category === cat);
  return (
    <Modal open title={`收入测算表（离线）：${headOf(household)}家`} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} {...modalProps}>
      <Form form={form} layout="vertical" initialValues={{ items: initial, note: household.income?.note ?? '' }}>
        {CATEGORY_ORDER.map((cat) => (
          <div key={cat}>
            <Typography.Title level={5}>{CATEGORY_LABELS[cat]}</Typography.Title>
            {byCategory(cat).map((d) => (
              <Form.Item key={d.code} name={['items', d.code]} label={`${d.label}（元）`}>
                <InputNumber min={cat === 'cost' ? 0 : -10_000_000} max={100_000_000} style={{ width: '100%' }} inputMode="decimal" />
              </Form.Item>
            ))}
          </div>
        ))}
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="reason" label="修改原因" rules={[{ required: true, whitespace: true, message: '请填写修改原因' }]}>
          <Input maxLength={200} placeholder="如：入户核实" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

export function MemberCorrectForm({ household, memberId, onClose, onQueued }: FormProps & { memberId: string }) {
  const member = household.members.find((m) => m.id === memberId)!;
  const [form] = Form.useForm<{ migrantPlace: string; migrantMonths: number | null; basicMedical: boolean | null; reason: string }>();
  const { saving, error, save } = useSave(onQueued);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    // Only what was changed goes along: the server merges it into the member it has.
    const fields: Record<string, unknown> = {};
    const place = v.migrantPlace?.trim() || null;
    if (place !== member.migrantPlace) fields.migrantPlace = place;
    if ((v.migrantMonths ?? null) !== member.migrantMonths) fields.migrantMonths = v.migrantMonths ?? null;
    if ((v.basicMedical ?? null) !== member.basicMedical) fields.basicMedical = v.basicMedical ?? null;
    if (Object.keys(fields).length === 0) {
      onClose();
      return;
    }
    await save(() =>
      queue(
        { kind: 'member-correct', householdId: household.household.id, memberId, fields, reason: v.reason.trim() },
        `${headOf(household)}家 成员更正：${member.name}`,
        household.versions.members[memberId] ?? null,
      ),
    );
  };
  return (
    <Modal open title={`成员更正（离线）：${member.name}`} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} {...modalProps}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ migrantPlace: member.migrantPlace ?? '', migrantMonths: member.migrantMonths, basicMedical: member.basicMedical }}
      >
        <Form.Item name="migrantPlace" label="务工地点">
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="migrantMonths" label="务工时间（月）">
          <InputNumber min={0} max={12} style={{ width: '100%' }} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="basicMedical" label="参加基本医疗保险">
          <Select
            allowClear
            options={[
              { value: true, label: '是' },
              { value: false, label: '否' },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label="更正原因" rules={[{ required: true, whitespace: true, message: '请填写更正原因' }]}>
          <Input maxLength={200} placeholder="如：入户核实" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

export function MemberRemoveForm({ household, memberId, onClose, onQueued }: FormProps & { memberId: string }) {
  const member = household.members.find((m) => m.id === memberId)!;
  const isHead = member.relation === 'head';
  const others = household.members.filter((m) => m.id !== memberId);
  const [form] = Form.useForm<{ category: string; note: string; newHeadId: string | null }>();
  const { saving, error, save } = useSave(onQueued);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await save(() =>
      queue(
        {
          kind: 'member-remove',
          householdId: household.household.id,
          memberId,
          category: v.category,
          note: v.note?.trim() || null,
          newHeadId: isHead ? (v.newHeadId ?? null) : null,
        },
        `${headOf(household)}家 减少成员：${member.name}（${REMOVE_CATEGORIES[v.category as keyof typeof REMOVE_CATEGORIES]}）`,
        household.versions.members[memberId] ?? null,
      ),
    );
  };
  return (
    <Modal open title={`减少成员（离线）：${member.name}`} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} {...modalProps}>
      <Form form={form} layout="vertical">
        <Form.Item name="category" label="减员原因" rules={[{ required: true, message: '请选择减员原因' }]}>
          <Select options={Object.entries(REMOVE_CATEGORIES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {isHead && (
          <Form.Item name="newHeadId" label="新户主" rules={[{ required: true, message: '移除户主须指定新户主' }]}>
            <Select options={others.map((m) => ({ value: m.id, label: m.name }))} />
          </Form.Item>
        )}
        <Form.Item name="note" label="说明">
          <Input maxLength={200} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

interface TaskFormProps {
  task: OfflineTask;
  household: OfflineHousehold | undefined;
  checklist: readonly string[];
  /** The server's day when the village was taken along: the default completion date. */
  today: string;
  onClose: () => void;
  onQueued: () => void;
}

export function TaskCompleteForm({ task, household, checklist, today, onClose, onQueued }: TaskFormProps) {
  const [form] = Form.useForm<Record<string, unknown>>();
  const [photos, setPhotos] = useState<QueuedPhoto[]>([]);
  const { saving, error, save } = useSave(onQueued);
  const hygiene = task.indicator === 'food-clothing';
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const closeOut = closeOutOf(task, v);
    const who = household ? `${headOf(household)}家` : (task.headName ?? task.householdId);
    await save(() =>
      queue(
        {
          kind: 'task-complete',
          householdId: task.householdId,
          taskId: task.id,
          evidenceNote: String(v.evidenceNote).trim(),
          evidenceDate: String(v.evidenceDate),
          closeOut,
          photos,
          uploaded: 0,
        },
        `${who} 完成整改任务 ${task.id}（${INDICATOR_LABELS.label(task.indicator)}）`,
        task.version,
      ),
    );
  };
  return (
    <Modal open title={`完成整改任务（离线）：${task.id}`} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} {...modalProps}>
      <Typography.Paragraph type="secondary">
        {INDICATOR_LABELS.label(task.indicator)}
        {task.note ? `：${task.note}` : ''}；完成时限 {task.dueDate}
      </Typography.Paragraph>
      {/* The same defaults as the online step form (StepDialog). */}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          evidenceDate: today,
          checklist: [],
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
        <Form.Item name="evidenceNote" label="完成情况说明" rules={[{ required: true, whitespace: true, message: '请填写完成情况说明' }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item
          name="evidenceDate"
          label="完成日期"
          rules={[
            { required: true, message: '请填写完成日期' },
            { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式：YYYY-MM-DD' },
          ]}
        >
          <Input placeholder="YYYY-MM-DD" inputMode="numeric" />
        </Form.Item>
        {/* The checklist comes with the package: the rulebook cannot be fetched without signal. */}
        {hygiene ? (
          <Form.Item name="checklist" label="核实清单（须全部核实）" rules={[{ required: true, message: '请逐项核实' }]}>
            <Checkbox.Group options={checklist.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        ) : (
          <CloseOutFields task={task} />
        )}
        <Form.Item label="现场照片">
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            aria-label="拍照或选择照片"
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              setPhotos((prev) => [...prev, ...files.map((f) => ({ name: f.name, type: f.type || 'image/jpeg', blob: f }))]);
              e.target.value = '';
            }}
          />
          {photos.map((p, i) => (
            <div key={i} className="offline-photo">
              {p.name}（{Math.ceil(p.blob.size / 1024)} KB）
            </div>
          ))}
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

export function VisitForm({ household, today, onClose, onQueued }: FormProps & { today: string }) {
  const [form] = Form.useForm<{ date: string; note: string }>();
  const { saving, error, save } = useSave(onQueued);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    // No visit endpoint on this branch yet: the record is kept on the phone, marked as held.
    await save(() =>
      queue({ kind: 'visit', householdId: household.household.id, date: v.date, note: v.note.trim() }, `${headOf(household)}家 走访记录`, null, 'held'),
    );
  };
  return (
    <Modal open title={`走访记录（离线）：${headOf(household)}家`} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} {...modalProps}>
      <Form form={form} layout="vertical" initialValues={{ date: today }}>
        <Form.Item name="date" label="走访日期" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式：YYYY-MM-DD' }]}>
          <Input inputMode="numeric" />
        </Form.Item>
        <Form.Item name="note" label="走访情况" rules={[{ required: true, whitespace: true, message: '请填写走访情况' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
