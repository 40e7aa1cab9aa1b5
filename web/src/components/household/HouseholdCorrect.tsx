// 更正户信息: the household facts a village or township corrects by hand. The poverty attribute is
// sensitive (the rulebook's changeApproval, docs/rulebooks.md) and goes to the township for approval; the rest applies at once.
import { useEffect, useState } from 'react';
import { App, Button, Form, Input, Modal, Select, Space, Switch } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { ATTRIBUTE_LABELS, CAUSE_LABELS, RELOCATION_LABELS, type LabelMap } from '../../../../src/domain/labels.js';
import { api } from '../../api/endpoints.js';
import type { ChangeOutcome, HouseholdDetail } from '../../api/types.js';

const options = <C extends string>(m: LabelMap<C>) => (Object.entries(m.labels) as [C, string][]).map(([value, label]) => ({ value, label }));
const FIELDS = ['attribute', 'mainCause', 'relocation', 'guarantee', 'group', 'workTeam'] as const;

export function HouseholdCorrect({ d, onDone }: { d: HouseholdDetail; onDone: (out: ChangeOutcome) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const h = d.household as Record<string, unknown>;

  const submit = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const fields: Record<string, unknown> = {};
    for (const k of FIELDS) {
      const x = typeof v[k] === 'string' && (v[k] as string).trim() === '' ? null : (v[k] ?? null);
      if ((h[k] ?? null) !== x) fields[k] = x;
    }
    setBusy(true);
    try {
      const out = await api.correctHousehold(d.household.id, { fields, reason: String(v['reason'] ?? '') });
      message[out.status === 'pending' ? 'info' : 'success'](out.message);
      setOpen(false);
      onDone(out);
    } catch {
      // The client showed the server's message.
    } finally {
      setBusy(false);
    }
  };

  // A reopened dialog starts from the household as it is now, not from what the last one left in
  // the form's store (antd merges initialValues under stored values).
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(Object.fromEntries(FIELDS.map((k) => [k, h[k] ?? undefined])));
    // Only on opening: a reload while the dialog is open must not wipe what the user typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, form]);

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button icon={<EditOutlined />} onClick={() => setOpen(true)}>
          更正户信息
        </Button>
      </Space>
      <Modal title="更正户信息" open={open} onCancel={() => setOpen(false)} onOk={() => void submit()} okText="提交" confirmLoading={busy} destroyOnHidden>
        {/* initialValues, not setFieldsValue: the form mounts only when the dialog opens. */}
        <Form form={form} layout="vertical" preserve={false} initialValues={Object.fromEntries(FIELDS.map((k) => [k, h[k] ?? undefined]))}>
          <Form.Item name="attribute" label="贫困户属性" extra="修改贫困户属性须经乡镇审核后生效">
            <Select options={options(ATTRIBUTE_LABELS)} />
          </Form.Item>
          <Form.Item name="mainCause" label="主要致贫原因">
            <Select allowClear options={options(CAUSE_LABELS)} />
          </Form.Item>
          <Form.Item name="relocation" label="易地扶贫搬迁">
            <Select options={options(RELOCATION_LABELS)} />
          </Form.Item>
          <Form.Item name="guarantee" label="兜底保障" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Space wrap>
            <Form.Item name="group" label="自然村/组">
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="workTeam" label="驻村工作队">
              <Input maxLength={60} />
            </Form.Item>
          </Space>
          <Form.Item name="reason" label="更正原因" rules={[{ required: true, whitespace: true, message: '请填写更正原因（将记入变更记录）' }]}>
            <Input.TextArea rows={2} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
