// The forms for a point's steps: the on-site finding (属实 / 不属实 / 已整改, what was seen,
// photos), the verification by a second person (通过 or 退回), and closing. Photos are uploaded
// first so that a refused file never leaves a finding recorded without its evidence.
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Radio, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { checkApi, type CheckKindsResponse, type PointStepResponse, type PointView } from '../../api/checks.js';

export type PointDialog = 'finding' | 'verify' | 'close';

interface Props {
  point: PointView;
  dialog: PointDialog;
  findings: CheckKindsResponse['findings'];
  today: string;
  onClose: () => void;
  onDone: (r: PointStepResponse) => void;
}

const TITLES: Record<PointDialog, string> = { finding: '录入核实结果', verify: '审核核实结果', close: '疑点销号' };
const DATE_RULE = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式：YYYY-MM-DD' };

type Values = { finding?: 'confirmed' | 'unfounded' | 'rectified'; note?: string; date?: string; correctValue?: string; approve?: boolean };

export function PointStepDialog({ point, dialog, findings, today, onClose, onDone }: Props) {
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<File[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const finding = Form.useWatch('finding', form);
  const siteFindings = findings.filter((f) => f.code !== 'list-agrees');

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    setSaving(true);
    setError(null);
    try {
      if (dialog === 'finding') {
        const evidenceIds: string[] = [];
        for (const f of files) evidenceIds.push((await checkApi.uploadEvidence(point.id, f)).id);
        onDone(
          await checkApi.finding(point.id, {
            finding: v.finding!,
            note: v.note ?? '',
            date: v.date || undefined,
            evidenceIds,
            correctValue: v.finding === 'confirmed' && point.field && v.correctValue ? v.correctValue : undefined,
          }),
        );
      } else if (dialog === 'verify') {
        onDone(await checkApi.verify(point.id, { approve: v.approve!, note: v.note?.trim() || null }));
      } else {
        onDone(await checkApi.close(point.id, v.note?.trim() || null));
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`${TITLES[dialog]}：${point.kindLabel}`}
      okText={dialog === 'verify' ? '提交审核意见' : '确认'}
      cancelText="取消"
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {point.headName ? `${point.headName}户` : ''}
        {point.memberName ? ` · ${point.memberName}` : ''} · {point.townshipName} {point.villageName}
        <br />
        {point.fieldLabel ? `${point.fieldLabel}：` : ''}花名册 {point.ours ?? '—'} / 名单 {point.theirs ?? '—'}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name={`point-${dialog}`} initialValues={{ date: today, correctValue: point.theirs ?? '' }}>
        {dialog === 'finding' && (
          <>
            <Form.Item name="finding" label="核实结果" rules={[{ required: true, message: '请选择核实结果' }]}>
              <Radio.Group options={siteFindings.map((f) => ({ value: f.code, label: f.label }))} />
            </Form.Item>
            {finding === 'confirmed' && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title="属实的疑点经另一人审核通过后，将按更正流程修改花名册或生成整改任务，并重新评估该户。"
              />
            )}
            {finding === 'confirmed' && point.field && (
              <Form.Item name="correctValue" label={`更正后的${point.fieldLabel ?? '值'}`} extra="默认为名单上的值">
                <Input maxLength={60} />
              </Form.Item>
            )}
            <Form.Item name="note" label="核实情况" rules={[{ required: true, message: '请填写核实情况' }]}>
              <Input.TextArea rows={3} maxLength={1000} placeholder="如：入户走访，该生已于 9 月辍学在家" />
            </Form.Item>
            <Form.Item name="date" label="核实日期" rules={[DATE_RULE]}>
              <Input placeholder="YYYY-MM-DD" />
            </Form.Item>
            <Form.Item label="佐证照片或材料（JPG、PNG、PDF）">
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
            </Form.Item>
          </>
        )}
        {dialog === 'verify' && (
          <>
            <Typography.Paragraph>
              核实结果：<b>{point.findingLabel ?? '—'}</b>（{point.checkedBy?.name ?? '—'}）{point.note ? `；${point.note}` : ''}
            </Typography.Paragraph>
            <Form.Item name="approve" label="审核意见" rules={[{ required: true, message: '请选择 审核通过 或 退回' }]}>
              <Radio.Group
                options={[
                  { value: true, label: '审核通过' },
                  { value: false, label: '退回重新核实' },
                ]}
              />
            </Form.Item>
            <Form.Item name="note" label="说明">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </>
        )}
        {dialog === 'close' && (
          <Form.Item name="note" label="销号说明">
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
