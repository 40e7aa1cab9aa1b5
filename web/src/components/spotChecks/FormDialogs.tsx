// The two forms of a spot check: the check form of a sampled household (核查表) and the short form
// of a surveyed non-registered household (未建档户调查表, 三率 only).
import { useState } from 'react';
import { DatePicker, Form, Input, InputNumber, Modal, Radio, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { spotCheckApi, type FormView, type SpotCheckDetailResponse } from '../../api/spotChecks.js';

const YES_NO = [
  { value: true, label: '准确' },
  { value: false, label: '不准确' },
];
const APPROVES = [
  { value: 'yes', label: '认可' },
  { value: 'no', label: '不认可' },
  { value: 'absent', label: '未询问（不在家）' },
];

interface CheckValues {
  classRight: boolean;
  incomeRight: boolean;
  dataAsOnSite: boolean;
  approves: 'yes' | 'no' | 'absent';
  indicators: Record<string, boolean>;
  note?: string;
  checkedOn: Dayjs;
}

const approvesOf = (v: 'yes' | 'no' | 'absent') => (v === 'absent' ? null : v === 'yes');

export function CheckFormDialog(props: {
  check: SpotCheckDetailResponse;
  householdId: string;
  form: FormView | null;
  onClose: () => void;
  onSaved: (d: SpotCheckDetailResponse) => void;
}) {
  const { check, householdId, form: existing } = props;
  const [form] = Form.useForm<CheckValues>();
  const [busy, setBusy] = useState(false);
  const exited = check.kind === 'three-rate';
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const out = await spotCheckApi.saveForm(check.id, householdId, {
        classRight: v.classRight,
        incomeRight: v.incomeRight,
        dataAsOnSite: v.dataAsOnSite,
        approves: approvesOf(v.approves),
        indicatorsRight: v.indicators,
        note: v.note?.trim() ? v.note.trim() : null,
        checkedOn: v.checkedOn.format('YYYY-MM-DD'),
      });
      props.onSaved(out);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`核查表 · ${householdId}`}
      okText="保存核查表"
      cancelText="取消"
      onOk={() => void save()}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ span: 9 }}
        initialValues={{
          classRight: existing?.classRight ?? true,
          incomeRight: existing?.incomeRight ?? true,
          dataAsOnSite: existing?.dataAsOnSite ?? true,
          approves: existing === null ? 'yes' : existing.approves === null ? 'absent' : existing.approves ? 'yes' : 'no',
          indicators: Object.fromEntries(check.indicators.map((i) => [i.code, existing?.indicatorsRight[i.code] ?? true])),
          note: existing?.note ?? '',
          checkedOn: dayjs(existing?.checkedOn ?? check.today),
        }}
      >
        <Form.Item name="classRight" label={exited ? '退出准确（不属错退）' : '类别准确'}>
          <Radio.Group options={YES_NO} optionType="button" />
        </Form.Item>
        <Form.Item name="incomeRight" label="收入准确">
          <Radio.Group options={YES_NO} optionType="button" />
        </Form.Item>
        {check.indicators.map((i) => (
          <Form.Item key={i.code} name={['indicators', i.code]} label={i.label} valuePropName="checked">
            <Switch checkedChildren="准确" unCheckedChildren="不准确" />
          </Form.Item>
        ))}
        <Form.Item name="dataAsOnSite" label="数据与实地一致">
          <Radio.Group
            options={[
              { value: true, label: '一致' },
              { value: false, label: '不一致' },
            ]}
            optionType="button"
          />
        </Form.Item>
        <Form.Item name="approves" label="群众认可">
          <Radio.Group options={APPROVES} />
        </Form.Item>
        <Form.Item name="checkedOn" label="核查日期" rules={[{ required: true, message: '请选择核查日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(check.today), 'day')} />
        </Form.Item>
        <Form.Item name="note" label="情况说明">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface SurveyValues {
  headName: string;
  people: number;
  eligiblePeople: number;
  approves: 'yes' | 'no' | 'absent';
  note?: string;
  surveyedOn: Dayjs;
}

export function SurveyDialog(props: {
  check: SpotCheckDetailResponse;
  villageCode: string;
  villageName: string;
  onClose: () => void;
  onSaved: (d: SpotCheckDetailResponse) => void;
}) {
  const [form] = Form.useForm<SurveyValues>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      props.onSaved(
        await spotCheckApi.addSurvey(props.check.id, {
          villageCode: props.villageCode,
          headName: v.headName.trim(),
          people: v.people,
          eligiblePeople: v.eligiblePeople,
          approves: approvesOf(v.approves),
          note: v.note?.trim() ? v.note.trim() : null,
          surveyedOn: v.surveyedOn.format('YYYY-MM-DD'),
        }),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`未建档户调查 · ${props.villageName}`}
      okText="保存调查表"
      cancelText="取消"
      onOk={() => void save()}
      confirmLoading={busy}
      onCancel={props.onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ people: 3, eligiblePeople: 0, approves: 'yes', surveyedOn: dayjs(props.check.today) }}>
        <Form.Item name="headName" label="户主姓名" rules={[{ required: true, whitespace: true, message: '请填写户主姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="people" label="家庭人口" rules={[{ required: true, message: '请填写家庭人口' }]}>
          <InputNumber min={1} max={50} precision={0} addonAfter="人" />
        </Form.Item>
        <Form.Item
          name="eligiblePeople"
          label="符合贫困识别标准的人数（漏评）"
          dependencies={['people']}
          rules={[
            { required: true, message: '请填写人数（没有则填 0）' },
            ({ getFieldValue }) => ({
              validator: (_, v: number) => (v <= (getFieldValue('people') as number) ? Promise.resolve() : Promise.reject(new Error('不能多于家庭人口'))),
            }),
          ]}
        >
          <InputNumber min={0} max={50} precision={0} addonAfter="人" />
        </Form.Item>
        <Form.Item name="approves" label="群众认可">
          <Radio.Group options={APPROVES} />
        </Form.Item>
        <Form.Item name="surveyedOn" label="调查日期" rules={[{ required: true, message: '请选择调查日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(props.check.today), 'day')} />
        </Form.Item>
        <Form.Item name="note" label="情况说明">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
