// 成员变动 on the household page: add a member (出生 / 婚入 / 其他), remove one (死亡 / 迁出 / 婚出 /
// 其他; the head needs a successor while others remain) and correct a member's fields. A change
// that sets an ID number goes to the township for approval; the answer says which happened.
import { useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { DateField } from '../DateField.js';
import { EditOutlined, UserAddOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { ADD_CATEGORIES, REMOVE_CATEGORIES } from '../../../../src/domain/changeKinds.js';
import { EDUCATION_OPTIONS } from './options.js';
import { HEALTH_LABELS, RELATION_LABELS, SCHOOL_STATUS_LABELS, SEX_LABELS, type LabelMap } from '../../../../src/domain/labels.js';
import { api } from '../../api/endpoints.js';
import type { ChangeOutcome, MemberView } from '../../api/types.js';

const options = <C extends string>(m: LabelMap<C>) => (Object.entries(m.labels) as [C, string][]).map(([value, label]) => ({ value, label }));

const YES_NO = [
  { value: 'yes', label: '已参保' },
  { value: 'no', label: '未参保' },
];
const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : null);
const fromBool = (v: boolean | null | undefined) => (v === true ? 'yes' : v === false ? 'no' : undefined);

type Mode = { kind: 'add' } | { kind: 'remove'; member: MemberView } | { kind: 'correct'; member: MemberView };

interface Props {
  householdId: string;
  members: MemberView[];
  onDone: (out: ChangeOutcome) => void;
}

interface MemberFields {
  name: string;
  relation: string;
  idNumber?: string;
  sex?: string;
  birthDate?: string;
  ethnicity?: string;
  education?: string;
  schoolStatus?: string;
  health?: string;
  basicMedical?: string;
  criticalIllness?: string;
}

function MemberForm({ withCategory }: { withCategory: boolean }) {
  return (
    <>
      {withCategory && (
        <Form.Item name="category" label="增员原因" rules={[{ required: true, message: '请选择增员原因' }]}>
          <Radio.Group options={Object.entries(ADD_CATEGORIES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      )}
      <Space wrap size={[12, 0]}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
          <Input style={{ width: 140 }} maxLength={40} />
        </Form.Item>
        <Form.Item name="relation" label="与户主关系" rules={[{ required: true, message: '请选择与户主关系' }]}>
          <Select style={{ width: 140 }} options={options(RELATION_LABELS)} />
        </Form.Item>
        <Form.Item name="sex" label="性别">
          <Select style={{ width: 90 }} allowClear options={options(SEX_LABELS)} />
        </Form.Item>
      </Space>
      <Form.Item name="idNumber" label="证件号码" extra="填写或修改证件号码须经乡镇审核；出生日期、性别须与证件号码一致（留空则按证件号码填）">
        <Input style={{ width: 260, fontFamily: 'monospace' }} maxLength={20} placeholder="18位身份证号，出生未办证可不填" />
      </Form.Item>
      <Space wrap size={[12, 0]}>
        <Form.Item name="birthDate" label="出生日期" rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式为 YYYY-MM-DD' }]}>
          <DateField />
        </Form.Item>
        <Form.Item name="ethnicity" label="民族">
          <Input style={{ width: 100 }} maxLength={20} />
        </Form.Item>
        <Form.Item name="education" label="文化程度">
          <Select style={{ width: 140 }} allowClear options={EDUCATION_OPTIONS} />
        </Form.Item>
        <Form.Item name="schoolStatus" label="在校生状况">
          <Select style={{ width: 140 }} options={options(SCHOOL_STATUS_LABELS)} />
        </Form.Item>
        <Form.Item name="health" label="健康状况">
          <Select style={{ width: 120 }} options={options(HEALTH_LABELS)} />
        </Form.Item>
      </Space>
      {/* Insurance is what the medical indicator checks: a member added without it fails the household. */}
      <Space wrap size={[12, 0]}>
        <Form.Item name="basicMedical" label="城乡居民基本医疗保险">
          <Select style={{ width: 120 }} allowClear options={YES_NO} />
        </Form.Item>
        <Form.Item name="criticalIllness" label="大病保险">
          <Select style={{ width: 120 }} allowClear options={YES_NO} />
        </Form.Item>
      </Space>
    </>
  );
}

function toMember(v: MemberFields) {
  const s = (x: string | undefined) => (x === undefined || x.trim() === '' ? null : x.trim());
  return {
    name: v.name.trim(),
    relation: v.relation as MemberView['relation'] & string,
    idNumber: s(v.idNumber),
    sex: (v.sex ?? null) as 'M' | 'F' | null,
    birthDate: s(v.birthDate),
    ethnicity: s(v.ethnicity),
    education: s(v.education),
    basicMedical: yesNo(v.basicMedical),
    criticalIllness: yesNo(v.criticalIllness),
    ...(v.schoolStatus ? { schoolStatus: v.schoolStatus as 'none' } : {}),
    ...(v.health ? { health: v.health as 'healthy' } : {}),
  };
}

export function MemberActions({ householdId, members, onDone }: Props) {
  const { message } = App.useApp();
  const [mode, setMode] = useState<Mode | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [pick, setPick] = useState<string | null>(null);
  const picked = members.find((m) => m.id === pick) ?? null;

  const open = (m: Mode) => setMode(m);
  // The form mounts when the dialog opens, so a correction starts from initialValues.
  const initial =
    mode?.kind === 'correct'
      ? (() => {
          const x = mode.member;
          return {
            name: x.name,
            relation: x.relation,
            sex: x.sex ?? undefined,
            idNumber: x.idNumber ?? '',
            birthDate: x.birthDate ?? '',
            ethnicity: x.ethnicity ?? '',
            education: x.education ?? undefined,
            schoolStatus: x.schoolStatus,
            health: x.health,
            basicMedical: fromBool(x.basicMedical),
            criticalIllness: fromBool(x.criticalIllness),
          };
        })()
      : undefined;

  // The one form instance outlives each dialog, and antd merges a new dialog's initialValues under
  // what an earlier dialog left in its store (the add dialog's name, ID, insurance...): start every
  // dialog from a clean store and the member's own values, explicitly.
  useEffect(() => {
    if (mode === null) return;
    form.resetFields();
    if (initial !== undefined) form.setFieldsValue(initial);
    // `initial` is derived from `mode`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode, form]);

  const submit = async () => {
    if (mode === null) return;
    let v: MemberFields & { category?: string; note?: string; reason?: string; newHeadId?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      let out: ChangeOutcome;
      if (mode.kind === 'add') {
        out = await api.addMember(householdId, { member: toMember(v), category: v.category as 'birth', note: v.note?.trim() || null });
      } else if (mode.kind === 'remove') {
        out = await api.removeMember(householdId, mode.member.id, {
          category: v.category as 'death',
          note: v.note?.trim() || null,
          newHeadId: v.newHeadId ?? null,
        });
      } else {
        const next = toMember(v);
        const before = mode.member as Record<string, unknown>;
        // Only what was changed is sent: an untouched masked ID number must not come back as a “correction”.
        const fields = Object.fromEntries(Object.entries(next).filter(([k, x]) => (before[k] ?? null) !== x));
        out = await api.correctMember(householdId, mode.member.id, { fields, reason: v.reason ?? '' });
      }
      message[out.status === 'pending' ? 'info' : 'success'](out.message);
      setMode(null);
      onDone(out);
    } catch {
      // The client showed the server's message.
    } finally {
      setBusy(false);
    }
  };

  const others = mode?.kind === 'remove' ? members.filter((m) => m.id !== mode.member.id) : [];
  const title =
    mode?.kind === 'add'
      ? '新增成员'
      : mode?.kind === 'remove'
        ? `减少成员：${mode.member.name}`
        : mode?.kind === 'correct'
          ? `更正成员信息：${mode.member.name}`
          : '';

  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Space wrap>
        <Button icon={<UserAddOutlined />} onClick={() => open({ kind: 'add' })}>
          新增成员
        </Button>
        <Select
          style={{ width: 180 }}
          placeholder="选择成员"
          value={pick}
          onChange={setPick}
          aria-label="选择成员"
          options={members.map((m) => ({ value: m.id, label: `${m.name}（${RELATION_LABELS.labels[m.relation as 'head'] ?? m.relation}）` }))}
        />
        <Button icon={<EditOutlined />} disabled={picked === null} onClick={() => picked && open({ kind: 'correct', member: picked })}>
          更正信息
        </Button>
        <Button icon={<UserDeleteOutlined />} danger disabled={picked === null} onClick={() => picked && open({ kind: 'remove', member: picked })}>
          减少成员
        </Button>
        <Typography.Text type="secondary">新增、减少、更正成员均记入变更记录；涉及证件号码的须经乡镇审核后生效。</Typography.Text>
      </Space>
      <Modal
        title={title}
        open={mode !== null}
        onCancel={() => setMode(null)}
        onOk={() => void submit()}
        okText="提交"
        confirmLoading={busy}
        destroyOnHidden
        width={640}
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={initial} key={mode === null ? 'none' : mode.kind}>
          {mode?.kind === 'add' && <MemberForm withCategory />}
          {mode?.kind === 'correct' && <MemberForm withCategory={false} />}
          {mode?.kind === 'remove' && (
            <>
              <Form.Item name="category" label="减员原因" rules={[{ required: true, message: '请选择减员原因' }]}>
                <Radio.Group options={Object.entries(REMOVE_CATEGORIES).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              {mode.member.relation === 'head' && others.length > 0 && (
                <Form.Item name="newHeadId" label="新户主" rules={[{ required: true, message: '移除户主须指定新户主' }]}>
                  <Select options={others.map((m) => ({ value: m.id, label: m.name }))} />
                </Form.Item>
              )}
              <Typography.Paragraph type="secondary">该成员的原记录保留在变更记录中。</Typography.Paragraph>
            </>
          )}
          {mode?.kind !== 'correct' ? (
            <Form.Item name="note" label="说明（原因为“其他”时必填）">
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
          ) : (
            <Form.Item name="reason" label="更正原因" rules={[{ required: true, whitespace: true, message: '请填写更正原因（将记入变更记录）' }]}>
              <Input.TextArea rows={2} maxLength={200} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
