// Create or edit a project (项目库): the fields of the issue, fund sources in yuan per the
// rulebook's sources, villages from the viewer's region tree. The server checks everything again
// and its Chinese refusal is shown in the dialog.
import { useState } from 'react';
import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { SECTORS } from '../../../../src/domain/roles.js';
import { projectApi, type ProjectDetailResponse, type ProjectInput } from '../../api/projects.js';
import type { Rulebook } from '../../api/types.js';
import type { Regions } from '../../lib/regions.js';

interface Values {
  name: string;
  type: string;
  year: number;
  villages: string[];
  content: string;
  startDate?: string;
  endDate?: string;
  implementer?: string;
  responsibleName?: string;
  responsibleUnit?: string;
  sector?: string;
  tenderMethod?: string;
  tenderWinner?: string;
  contractYuan?: number | null;
  qualityTarget?: string;
  benefitHouseholds?: number | null;
  benefitPeople?: number | null;
  incomeGainYuan?: number | null;
  sources: Record<string, number | null | undefined>;
}

const fen = (y: number | null | undefined) => (y === null || y === undefined ? null : Math.round(y * 100));
const yuanOf = (f: number | null | undefined) => (f === null || f === undefined ? null : f / 100);
const opt = (s: string | null | undefined) => (s === undefined || s === null || s.trim() === '' ? null : s.trim());

function initial(p: ProjectDetailResponse | null, year: number): Partial<Values> {
  if (p === null) return { year, villages: [], sources: {} };
  return {
    name: p.name,
    type: p.type,
    year: p.year,
    villages: p.villages,
    content: p.content,
    startDate: p.startDate ?? undefined,
    endDate: p.endDate ?? undefined,
    implementer: p.implementer ?? undefined,
    responsibleName: p.responsibleName ?? undefined,
    responsibleUnit: p.responsibleUnit ?? undefined,
    sector: p.sector ?? undefined,
    tenderMethod: p.tenderMethod ?? undefined,
    tenderWinner: p.tenderWinner ?? undefined,
    contractYuan: yuanOf(p.contractFen),
    qualityTarget: p.qualityTarget ?? undefined,
    benefitHouseholds: p.benefitHouseholds,
    benefitPeople: p.benefitPeople,
    incomeGainYuan: yuanOf(p.incomeGainFen),
    sources: Object.fromEntries(Object.entries(p.fundSources).map(([k, v]) => [k, v / 100])),
  };
}

export function ProjectForm(props: {
  open: boolean;
  project: ProjectDetailResponse | null;
  rulebook: Rulebook;
  regions: Regions;
  onClose: () => void;
  onSaved: (p: ProjectDetailResponse) => void;
}) {
  const { project, rulebook, regions } = props;
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const settings = rulebook.projects;
  const villages = [...regions.byCode.values()]
    .filter((r) => r.level === 'village')
    .map((v) => ({ value: v.code, label: `${regions.byCode.get(v.parentCode ?? '')?.name ?? ''}${v.name}` }));

  const save = async () => {
    const v = await form.validateFields();
    const body: ProjectInput = {
      name: v.name,
      type: v.type,
      year: v.year,
      villages: v.villages,
      content: v.content,
      startDate: opt(v.startDate),
      endDate: opt(v.endDate),
      implementer: opt(v.implementer),
      responsibleName: opt(v.responsibleName),
      responsibleUnit: opt(v.responsibleUnit),
      sector: opt(v.sector),
      tenderMethod: opt(v.tenderMethod),
      tenderWinner: opt(v.tenderWinner),
      contractFen: fen(v.contractYuan),
      qualityTarget: opt(v.qualityTarget),
      benefitHouseholds: v.benefitHouseholds ?? null,
      benefitPeople: v.benefitPeople ?? null,
      incomeGainFen: fen(v.incomeGainYuan),
      households: project?.households ?? [],
      fundSources: Object.fromEntries(Object.entries(v.sources ?? {}).flatMap(([k, y]) => (y === null || y === undefined || y === 0 ? [] : [[k, fen(y)!]]))),
    };
    setBusy(true);
    setError(null);
    try {
      props.onSaved(project === null ? await projectApi.create(body) : await projectApi.update(project.id, body));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={project === null ? '新建项目' : `修改项目 ${project.id}`}
      onCancel={props.onClose}
      onOk={() => void save()}
      okText="保存"
      confirmLoading={busy}
      width={760}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="project-form-error" />}
      <Form form={form} layout="vertical" initialValues={initial(project, new Date().getFullYear())} preserve={false}>
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="name" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="type" label="项目类型" rules={[{ required: true, message: '请选择项目类型' }]}>
              <Select options={Object.entries(settings.types).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="villages" label="实施地点（行政村）" rules={[{ required: true, message: '请选择项目覆盖的行政村' }]}>
          <Select mode="multiple" options={villages} optionFilterProp="label" placeholder="选择行政村" />
        </Form.Item>
        <Form.Item name="content" label="建设内容" rules={[{ required: true, message: '请填写建设内容' }]}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item name="startDate" label="开工日期">
              <Input placeholder="YYYY-MM-DD" maxLength={10} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="endDate" label="完工日期">
              <Input placeholder="YYYY-MM-DD" maxLength={10} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="sector" label="负责行业">
              <Select allowClear options={SECTORS.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="implementer" label="实施单位">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="responsibleName" label="责任人">
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="responsibleUnit" label="责任单位">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="tenderMethod" label="招标方式">
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="tenderWinner" label="中标单位">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="contractYuan" label="合同金额（元）">
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="benefitHouseholds" label="受益户数">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="benefitPeople" label="受益人数">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="incomeGainYuan" label="户均增收（元）">
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="qualityTarget" label="质量目标">
          <Input maxLength={500} />
        </Form.Item>
        <div className="ant-form-item-label">
          <label>资金来源（计划金额，元）</label>
        </div>
        <Row gutter={12}>
          {Object.entries(settings.fundSources).map(([code, label]) => (
            <Col xs={12} md={6} key={code}>
              <Form.Item name={['sources', code]} label={label}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} aria-label={`计划金额 ${label}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Modal>
  );
}
