// A visit's finding made a problem: category, severity, the people concerned, the deadline
// (empty: the rulebook's rectification days from the visit date).
import { useState } from 'react';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { supervisionApi } from '../../api/supervision.js';
import { useActiveRulebook } from '../../lib/rulebook.js';

interface Values {
  category: string;
  severity: string;
  unitKind: 'village' | 'township';
  people?: string;
  deadline?: Dayjs | null;
}

export function RaiseModal({
  visitId,
  findingId,
  text,
  onClose,
  onDone,
}: {
  visitId: string;
  findingId: string;
  text: string;
  onClose: () => void;
  onDone: (problemId: string) => void;
}) {
  const rb = useActiveRulebook();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const s = rb?.supervision;
  const save = async (v: Values) => {
    setBusy(true);
    try {
      const people = (v.people ?? '')
        .split(/[、,，\s]+/)
        .map((p) => p.trim())
        .filter(Boolean);
      const out = await supervisionApi.raiseFinding(visitId, findingId, {
        category: v.category,
        severity: v.severity,
        unitKind: v.unitKind,
        people,
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
      });
      onDone(out.problemId);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title="登记为问题" onCancel={onClose} onOk={() => form.submit()} okText="登记" confirmLoading={busy} destroyOnHidden>
      <p className="muted">{text}</p>
      <Form form={form} layout="vertical" initialValues={{ unitKind: 'village', severity: s?.severities[0]?.code }} onFinish={(v) => void save(v)}>
        <Form.Item name="category" label="问题类别" rules={[{ required: true, message: '请选择问题类别' }]}>
          <Select aria-label="问题类别" options={Object.entries(s?.problemCategories ?? {}).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="severity" label="严重程度" rules={[{ required: true, message: '请选择严重程度' }]}>
          <Select aria-label="严重程度" options={(s?.severities ?? []).map((x) => ({ value: x.code, label: x.label }))} />
        </Form.Item>
        <Form.Item name="unitKind" label="责任单位">
          <Select
            aria-label="责任单位"
            options={[
              { value: 'village', label: '发现问题的村' },
              { value: 'township', label: '村所在的乡镇' },
            ]}
          />
        </Form.Item>
        <Form.Item name="people" label="责任人" extra="多人用顿号分开">
          <Input aria-label="责任人" maxLength={200} />
        </Form.Item>
        <Form.Item name="deadline" label="整改时限" extra={s ? `不填则为走访日期后 ${s.rectificationDays} 天` : undefined}>
          <DatePicker aria-label="整改时限" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
