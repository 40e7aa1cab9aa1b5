// Records a visit: the date, the villages (of the visitor's area), the households called on
// (picked from the villages' lists), what was checked and what was found.
import { useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/endpoints.js';
import { supervisionApi } from '../../api/supervision.js';
import { useRegions } from '../../lib/regions.js';
import { useToday } from './today.js';

interface Values {
  date: Dayjs;
  villages: string[];
  households?: string[];
  checked: string;
  findings?: { villageCode: string; householdId?: string; text: string }[];
}

export function VisitForm({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const regions = useRegions();
  const today = useToday();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const villages: string[] = Form.useWatch('villages', form) ?? [];
  const chosen: string[] = Form.useWatch('households', form) ?? [];
  const [households, setHouseholds] = useState<{ value: string; label: string; village: string }[]>([]);
  const key = villages.join(',');
  useEffect(() => {
    let live = true;
    void Promise.all(villages.map((v) => api.households({ village: v, pageSize: 200, sort: 'id' }))).then((pages) => {
      if (live) setHouseholds(pages.flatMap((p) => p.items.map((h) => ({ value: h.id, label: `${h.id} ${h.headName ?? ''}`, village: h.villageCode }))));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const villageOptions = [...(regions?.byCode.values() ?? [])]
    .filter((r) => r.level === 'village')
    .map((r) => ({ value: r.code, label: `${regions?.byCode.get(r.parentCode ?? '')?.name ?? ''}${r.name}` }));
  const save = async (v: Values) => {
    setBusy(true);
    try {
      await supervisionApi.recordVisit({
        date: v.date.format('YYYY-MM-DD'),
        villages: v.villages,
        households: v.households ?? [],
        checked: v.checked,
        findings: (v.findings ?? []).map((f) => ({ villageCode: f.villageCode, householdId: f.householdId ?? null, text: f.text })),
      });
      onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open width={720} title="记录督查走访" onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ date: dayjs(today), villages: [], findings: [] }} onFinish={(v) => void save(v)}>
        <Form.Item name="date" label="走访日期" rules={[{ required: true, message: '请选择走访日期' }]}>
          <DatePicker aria-label="走访日期" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item name="villages" label="走访的村" rules={[{ required: true, message: '请选择走访的村' }]}>
          <Select aria-label="走访的村" mode="multiple" showSearch optionFilterProp="label" options={villageOptions} />
        </Form.Item>
        <Form.Item name="households" label="走访的户">
          <Select
            aria-label="走访的户"
            mode="multiple"
            showSearch
            optionFilterProp="label"
            options={households}
            placeholder={villages.length === 0 ? '先选村' : '从花名册中选'}
          />
        </Form.Item>
        <Form.Item name="checked" label="检查内容" rules={[{ required: true, message: '请填写检查内容' }]}>
          <Input.TextArea aria-label="检查内容" rows={2} maxLength={500} placeholder="如：危房改造验收、收入测算、帮扶手册" />
        </Form.Item>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 8 }}>
                  <Form.Item name={[f.name, 'villageCode']} rules={[{ required: true, message: '请选择村' }]} style={{ marginBottom: 0 }}>
                    <Select
                      aria-label={`发现${i + 1}的村`}
                      style={{ width: 150 }}
                      placeholder="村"
                      options={villageOptions.filter((o) => villages.includes(o.value))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'householdId']} style={{ marginBottom: 0 }}>
                    <Select
                      aria-label={`发现${i + 1}的户`}
                      allowClear
                      style={{ width: 150 }}
                      placeholder="户（可不选）"
                      options={households.filter((h) => chosen.includes(h.value))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'text']}
                    rules={[{ required: true, message: '请写明发现的问题' }]}
                    style={{ marginBottom: 0, minWidth: 240, flex: 1 }}
                  >
                    <Input.TextArea aria-label={`发现${i + 1}`} rows={1} maxLength={500} placeholder="发现的问题" />
                  </Form.Item>
                  <Button type="text" aria-label={`删除发现${i + 1}`} icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ villageCode: villages[0] })}>
                添加发现的问题
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
