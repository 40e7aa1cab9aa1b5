// The three things done to a problem after it is recorded: the unit's rectification, the county
// office's verification (accepted, or returned to be done again) and its accountability decision.
import { useState } from 'react';
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { supervisionApi, type ProblemView, type ProblemsResponse } from '../../api/supervision.js';

export type ProblemAction = 'rectify' | 'verify' | 'decide';

const TITLES: Record<ProblemAction, string> = { rectify: '记录整改情况', verify: '核实整改', decide: '记录问责决定' };

interface Values {
  date: Dayjs;
  text?: string;
  accepted?: boolean;
  person?: string;
  group?: 'organisational' | 'disciplinary';
  kind?: string;
  document?: string;
  note?: string;
}

export function ProblemActionModal({
  action,
  problem,
  kinds,
  today,
  onClose,
  onDone,
}: {
  action: ProblemAction;
  problem: ProblemView;
  kinds: ProblemsResponse['kinds'];
  today: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const group = Form.useWatch('group', form) ?? 'organisational';
  const save = async (v: Values) => {
    setBusy(true);
    const date = v.date.format('YYYY-MM-DD');
    try {
      if (action === 'rectify') await supervisionApi.rectify(problem.id, { date, text: v.text ?? '' });
      else if (action === 'verify') await supervisionApi.verify(problem.id, { date, text: v.text ?? '', accepted: v.accepted ?? true });
      else
        await supervisionApi.decide(problem.id, {
          person: v.person ?? '',
          group: v.group ?? 'organisational',
          kind: v.kind ?? '',
          decidedOn: date,
          document: v.document ?? '',
          note: v.note ?? null,
        });
      onDone();
    } finally {
      setBusy(false);
    }
  };
  const decisionKinds = group === 'organisational' ? kinds.organisational : kinds.disciplinary;
  return (
    <Modal open title={`${TITLES[action]}：${problem.id}`} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={busy} destroyOnHidden>
      <p className="muted">
        {problem.unitName}：{problem.description}
      </p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(today), accepted: true, group: 'organisational', person: problem.people[0] }}
        onFinish={(v) => void save(v)}
      >
        <Form.Item
          name="date"
          label={action === 'decide' ? '决定日期' : action === 'verify' ? '核实日期' : '整改日期'}
          rules={[{ required: true, message: '请选择日期' }]}
        >
          <DatePicker aria-label="日期" disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        {action === 'verify' && (
          <Form.Item name="accepted" label="核实结论">
            <Radio.Group
              options={[
                { value: true, label: '整改到位，销号' },
                { value: false, label: '未整改到位，退回' },
              ]}
            />
          </Form.Item>
        )}
        {action !== 'decide' ? (
          <Form.Item name="text" label={action === 'rectify' ? '整改情况' : '核实情况'} rules={[{ required: true, message: '请填写' }]}>
            <Input.TextArea aria-label={action === 'rectify' ? '整改情况' : '核实情况'} rows={3} maxLength={1000} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="person" label="被问责人" rules={[{ required: true, message: '请填写被问责人' }]}>
              {problem.people.length > 0 ? (
                <Select aria-label="被问责人" options={problem.people.map((p) => ({ value: p, label: p }))} />
              ) : (
                <Input aria-label="被问责人" maxLength={50} />
              )}
            </Form.Item>
            <Form.Item name="group" label="类别">
              <Radio.Group
                onChange={() => form.setFieldValue('kind', undefined)}
                options={[
                  { value: 'organisational', label: '组织处理' },
                  { value: 'disciplinary', label: '纪律处分' },
                ]}
              />
            </Form.Item>
            <Form.Item name="kind" label="方式" rules={[{ required: true, message: '请选择方式' }]}>
              <Select aria-label="问责方式" options={Object.entries(decisionKinds).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item name="document" label="文号" rules={[{ required: true, message: '请填写文号' }]}>
              <Input aria-label="文号" maxLength={100} placeholder="如：县扶贫办〔2018〕21号" />
            </Form.Item>
            <Form.Item name="note" label="备注">
              <Input aria-label="备注" maxLength={500} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
