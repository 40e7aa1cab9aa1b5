// 收入测算表: every catalogue item with an amount box, grouped by category. The per-capita
// figure follows the typing with the server's rule (lib/income.ts); items the rulebook leaves
// out stay on the form, greyed. Saving asks for a reason; changed amounts go to the township for
// approval (“已提交，待乡镇审核”), a changed note alone is saved at once with the class it gives.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { EditOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { IncomeCategory, IncomeItemCode } from '../../../src/domain/types.js';
import type { Assessment, IncomeFormView, IncomeUpdateResult } from '../api/types.js';
import { api } from '../api/endpoints.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, computeLive, formatFen, INCOME_CATALOGUE, toFen } from '../lib/income.js';
import { ClassTag } from './ClassTag.js';

type Amounts = Partial<Record<IncomeItemCode, number | null>>;

interface Row {
  key: string;
  code?: IncomeItemCode;
  label: string;
  category: IncomeCategory;
  counted: boolean;
  header?: boolean;
  subtotalFen?: number;
}

interface Props {
  householdId: string;
  /** The form itemised as the server shows it, with the active rulebook's counted flags and line. */
  form: IncomeFormView;
  size: number;
  assessment: Assessment | null;
  editable: boolean;
  onSaved: (result: IncomeUpdateResult) => void;
}

type Change =
  | { pending: false; from: { code: string; label: string } | null; to: { code: string; label: string; preExit: boolean } }
  | { pending: true; message: string; unchanged: boolean };

function amountsOf(form: IncomeFormView): Amounts {
  const out: Amounts = {};
  for (const l of form.lines) if (l.amount !== null) out[l.code] = l.amount;
  return out;
}

const LINE_NAMES: Record<string, string> = { poverty: '贫困线', province: '省定标准', monitoring: '监测线' };

export function IncomeEditor({ householdId, form, size, assessment, editable, onSaved }: Props) {
  const [editing, setEditing] = useState(false);
  const [amounts, setAmounts] = useState<Amounts>(() => amountsOf(form));
  const [note, setNote] = useState<string>(form.note ?? '');
  const [asking, setAsking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [change, setChange] = useState<Change | null>(null);
  const [reasonForm] = Form.useForm<{ reason: string }>();

  // A reloaded household (after saving) brings the stored form back into the boxes.
  useEffect(() => {
    if (editing) return;
    setAmounts(amountsOf(form));
    setNote(form.note ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form]);

  const excluded = useMemo(() => new Set<string>(form.lines.filter((l) => !l.counted).map((l) => l.code)), [form]);
  const { line, lineName, comparison } = form;
  const live = computeLive(amounts, size, { excluded, line, comparison });
  const dirty = JSON.stringify(normalise(amounts)) !== JSON.stringify(normalise(amountsOf(form))) || (note.trim() || null) !== (form.note ?? null);

  const rows: Row[] = [];
  for (const cat of CATEGORY_ORDER) {
    rows.push({ key: `h-${cat}`, label: CATEGORY_LABELS[cat], category: cat, counted: true, header: true, subtotalFen: live.byCategoryFen[cat] });
    for (const def of INCOME_CATALOGUE) {
      if (def.category !== cat) continue;
      rows.push({ key: def.code, code: def.code, label: def.label, category: cat, counted: !excluded.has(def.code) });
    }
  }

  const columns = [
    {
      title: '项目',
      key: 'label',
      render: (_: unknown, r: Row) =>
        r.header ? (
          <Typography.Text strong>{r.label}</Typography.Text>
        ) : (
          <span style={{ paddingLeft: 16 }}>
            {r.label}
            {!r.counted && <Tag style={{ marginLeft: 8 }}>不计入收入</Tag>}
          </span>
        ),
    },
    {
      title: '金额（元/年）',
      key: 'amount',
      align: 'right' as const,
      width: 200,
      render: (_: unknown, r: Row) => {
        if (r.header)
          return (
            <Typography.Text strong>
              {r.category === 'cost' ? '−' : ''}
              {formatFen(r.subtotalFen ?? 0)}
            </Typography.Text>
          );
        const code = r.code!;
        const v = amounts[code];
        if (!editing) return v === undefined || v === null ? <span className="muted">—</span> : formatFen(toFen(v));
        return (
          <InputNumber<number>
            value={v ?? null}
            min={0}
            max={10_000_000}
            precision={2}
            step={100}
            style={{ width: 160 }}
            aria-label={r.label}
            data-item={code}
            onChange={(x) => setAmounts((a) => ({ ...a, [code]: x ?? null }))}
          />
        );
      },
    },
  ];

  const save = async () => {
    let reason: string;
    try {
      reason = (await reasonForm.validateFields()).reason.trim();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const items: Partial<Record<IncomeItemCode, number>> = {};
      for (const [k, v] of Object.entries(amounts)) if (v !== null && v !== undefined) items[k as IncomeItemCode] = v;
      const res = await api.saveIncome(householdId, { items, note: note.trim() || null, reason });
      setAsking(false);
      setEditing(false);
      reasonForm.resetFields();
      if (res.assessment === null) {
        setChange({ pending: true, message: res.message, unchanged: res.status === 'unchanged' });
      } else {
        setChange({
          pending: false,
          from: res.previous
            ? { code: res.previous.class, label: res.previous.classLabel }
            : assessment
              ? { code: assessment.class, label: assessment.classLabel }
              : null,
          to: { code: res.assessment.class, label: res.assessment.classLabel, preExit: res.assessment.preExit },
        });
      }
      onSaved(res);
    } catch {
      // The client already showed the server's message.
    } finally {
      setSaving(false);
    }
  };

  const pc = live.perCapitaFen;
  const verdict = comparison === 'greater-than' ? (live.pass ? '超过' : '未超过') : live.pass ? '达到' : '未达到';

  return (
    <Card
      title={
        <>
          收入测算表{' '}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            （{form.year}年度）
          </Typography.Text>
        </>
      }
      extra={
        editable &&
        (editing ? (
          <Space>
            <Button
              icon={<UndoOutlined />}
              onClick={() => {
                setAmounts(amountsOf(form));
                setNote(form.note ?? '');
                setEditing(false);
              }}
            >
              取消
            </Button>
            <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} onClick={() => setAsking(true)}>
              保存
            </Button>
          </Space>
        ) : (
          <Button
            icon={<EditOutlined />}
            onClick={() => {
              setChange(null);
              setEditing(true);
            }}
          >
            修改收入
          </Button>
        ))
      }
    >
      {change?.pending === true && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          onClose={() => setChange(null)}
          type="info"
          data-testid="income-pending"
          title={change.unchanged ? change.message : `${change.message}：审核通过后收入测算表和类别才会改变。`}
        />
      )}
      {change?.pending === false && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          onClose={() => setChange(null)}
          // Green when the household now counts as pre-exit (e.g. C → A), amber when it no longer does.
          type={change.from !== null && change.from.code !== change.to.code && !change.to.preExit ? 'warning' : 'success'}
          data-testid="class-change"
          title={
            change.from !== null && change.from.code !== change.to.code ? (
              <span className="class-change">
                已保存，重新评估后类别变化：
                <ClassTag code={change.from.code} label={change.from.label} /> → <ClassTag code={change.to.code} label={change.to.label} />
              </span>
            ) : (
              <span className="class-change">
                已保存，重新评估后类别：
                <ClassTag code={change.to.code} label={change.to.label} />
                （未变化）
              </span>
            )
          }
        />
      )}
      {!form.exists && !editing && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="该户尚未填报收入测算表。" />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic title="计入收入合计（元）" value={formatFen(live.grossFen)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="生产经营性支出（元）" value={formatFen(live.byCategoryFen.cost)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="家庭纯收入（元）" value={formatFen(live.netFen)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={`人均纯收入（元，${size}人）`}
            value={pc === null ? '—' : formatFen(pc)}
            styles={{ content: { color: live.pass ? '#2f8f4e' : '#c0392b' } }}
            data-testid="per-capita"
          />
          <div className="stat-sub">{pc === null ? '家庭人口无效，无法计算' : `${verdict}${line}元（${LINE_NAMES[lineName] ?? lineName}）`}</div>
        </Col>
      </Row>
      {live.excludedFen !== 0 && (
        <Typography.Paragraph type="secondary">
          不计入收入的项目合计 {formatFen(live.excludedFen)} 元（按当前规则保留在表上，但不计入纯收入）。
        </Typography.Paragraph>
      )}
      {!editing && assessment?.income?.arithmetic && <Typography.Paragraph type="secondary">服务器测算：{assessment.income.arithmetic}</Typography.Paragraph>}
      <Table<Row>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        pagination={false}
        rowClassName={(r) => (r.header ? 'income-header' : r.counted ? '' : 'income-excluded')}
      />
      <div style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">备注：</Typography.Text>
        {editing ? (
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={500} style={{ marginTop: 4 }} aria-label="备注" />
        ) : (
          <span>{form.note || '—'}</span>
        )}
      </div>

      <Modal
        title="提交收入测算表修改"
        open={asking}
        onCancel={() => setAsking(false)}
        onOk={() => void save()}
        okText="确认提交"
        confirmLoading={saving}
        destroyOnHidden
      >
        <Typography.Paragraph>
          收入金额的修改须经乡镇审核，批准后系统按当前规则重新评估该户。修改后人均纯收入为{' '}
          <Typography.Text strong>{pc === null ? '—' : formatFen(pc)}</Typography.Text> 元，{verdict}
          {line}元。
        </Typography.Paragraph>
        <Form form={reasonForm} layout="vertical">
          <Form.Item name="reason" label="修改原因" rules={[{ required: true, whitespace: true, message: '请填写修改原因（将记入变更记录）' }]}>
            <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：入户核实外出务工收入，依据务工证明更正" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function normalise(a: Amounts): Record<string, number> {
  const out: Record<string, number> = {};
  for (const def of INCOME_CATALOGUE) {
    const v = a[def.code];
    if (v !== null && v !== undefined) out[def.code] = toFen(v);
  }
  return out;
}
