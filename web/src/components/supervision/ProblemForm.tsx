// Records a problem from any source (考核, 巡察, 暗访, 举报 ...) against a township, a village or a
// sector department, with the people concerned; the deadline defaults to the rulebook's days.
import { useState } from 'react';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { supervisionApi, type ProblemsResponse } from '../../api/supervision.js';
import { SECTORS } from '../../../../src/domain/roles.js';
import { useRegions } from '../../lib/regions.js';

interface Values {
  source: string;
  category: string;
  severity: string;
  unitKind: 'township' | 'village' | 'department';
  unitCode: string;
  people?: string;
  description: string;
  foundOn: Dayjs;
  deadline?: Dayjs | null;
}

export function ProblemForm({ kinds, today, onClose, onDone }: { kinds: ProblemsResponse['kinds']; today: string; onClose: () => void; onDone: () => void }) {
  const regions = useRegions();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const unitKind = Form.useWatch('unitKind', form) ?? 'village';
  const all = [...(regions?.byCode.values() ?? [])];
  const units =
    unitKind === 'department'
      ? SECTORS.map((s) => ({ value: s, label: `县${s}部门` }))
      : all
          .filter((r) => r.level === unitKind)
          .map((r) => ({ value: r.code, label: unitKind === 'village' ? `${regions?.byCode.get(r.parentCode ?? '')?.name ?? ''}${r.name}` : r.name }));
  const save = async (v: Values) => {
    setBusy(true);
    try {
      await supervisionApi.recordProblem({
        source: v.source,
        category: v.category,
        severity: v.severity,
        unitKind: v.unitKind,
        unitCode: v.unitCode,
        people: (v.people ?? '')
          .split(/[、,，\s]+/)
          .map((p) => p.trim())
          .filter(Boolean),
        description: v.description,
        foundOn: v.foundOn.format('YYYY-MM-DD'),
        deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
      });
      onDone();
    } finally {
      setBusy(false);
    }
  };
  const opts = (k: Record<string, string>) => Object.entries(k).map(([value, label]) => ({ value, label }));
  return (
    <Modal open width={640} title="登记问题" onCancel={onClose} onOk={() => form.submit()} okText="登记" confirmLoading={busy} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unitKind: 'village', severity: kinds.severities[0]?.code, foundOn: dayjs(today) }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item name="source" label="问题来源" rules={[{ required: true, message: '请选择问题来源' }]}>
          <Select aria-label="问题来源" options={opts(kinds.sources)} />
        </Form.Item>
        <Form.Item name="category" label="问题类别" rules={[{ required: true, message: '请选择问题类别' }]}>
          <Select aria-label="问题类别" options={opts(kinds.categories)} />
        </Form.Item>
        <Form.Item name="severity" label="严重程度" rules={[{ required: true, message: '请选择严重程度' }]}>
          <Select aria-label="严重程度" options={kinds.severities.map((x) => ({ value: x.code, label: x.label }))} />
        </Form.Item>
        <Form.Item name="unitKind" label="责任单位类别">
          <Select
            aria-label="责任单位类别"
            onChange={() => form.setFieldValue('unitCode', undefined)}
            options={[
              { value: 'village', label: '行政村' },
              { value: 'township', label: '乡镇' },
              { value: 'department', label: '县行业部门' },
            ]}
          />
        </Form.Item>
        <Form.Item name="unitCode" label="责任单位" rules={[{ required: true, message: '请选择责任单位' }]}>
          <Select aria-label="责任单位" showSearch optionFilterProp="label" options={units} />
        </Form.Item>
        <Form.Item name="people" label="责任人" extra="多人用顿号分开">
          <Input aria-label="责任人" maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label="问题描述" rules={[{ required: true, message: '请写明问题' }]}>
          <Input.TextArea aria-label="问题描述" rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="foundOn" label="发现日期" rules={[{ required: true, message: '请选择发现日期' }]}>
          <DatePicker aria-label="发现日期" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item name="deadline" label="整改时限" extra={`不填则为发现日期后 ${kinds.rectificationDays} 天`}>
          <DatePicker aria-label="整改时限" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
