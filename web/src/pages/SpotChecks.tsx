// 抽查 and 三率自评估: draw a sample from a recorded seed (the county office), and the checks drawn
// so far. The seed field starts with a random seed, shown so it is written down; the server records it.
import { useState } from 'react';
import { Alert, Button, Card, Form, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { spotCheckApi, type SpotCheckSummary } from '../api/spotChecks.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { dateTime, int } from '../lib/format.js';
import { useActiveRulebook } from '../lib/rulebook.js';
import { useLoad } from '../lib/useLoad.js';
import { navigate } from '../router.js';

type Kind = 'spot' | 'three-rate';

const freshSeed = () => Math.floor(Math.random() * 1_000_000_000);

/** “按比例 10%，每村至少 3 户” / “每村 5 户” / “29 个村，每村 28 户”. */
export function designText(design: unknown): string {
  const d = design as { kind?: string; share?: number; perVillage?: number; minPerVillage?: number; villages?: number };
  if (d.kind === 'share') return `按比例 ${Math.round((d.share ?? 0) * 1000) / 10}%${d.minPerVillage ? `，每村至少 ${d.minPerVillage} 户` : ''}`;
  if (d.kind === 'per-village') return `每村 ${d.perVillage} 户${d.minPerVillage ? `，每村至少 ${d.minPerVillage} 户` : ''}`;
  if (d.kind === 'three-rate') return `先抽 ${d.villages} 个村，每村 ${d.perVillage} 户已脱贫户`;
  return '—';
}

interface DrawValues {
  population?: string;
  seed: number;
  method: 'share' | 'per-village';
  sharePercent?: number;
  perVillage?: number;
  minPerVillage?: number;
}

function DrawCard({ kind }: { kind: Kind }) {
  const rb = useActiveRulebook();
  const [form] = Form.useForm<DrawValues>();
  const [busy, setBusy] = useState(false);
  const method = Form.useWatch('method', form);
  if (rb === null) return null;
  const sc = rb.spotCheck;
  const submit = async (v: DrawValues) => {
    setBusy(true);
    try {
      const body =
        kind === 'three-rate'
          ? { kind, seed: v.seed }
          : {
              kind,
              population: v.population,
              seed: v.seed,
              design:
                v.method === 'share'
                  ? { kind: 'share' as const, share: (v.sharePercent ?? 10) / 100, minPerVillage: v.minPerVillage ?? 0 }
                  : { kind: 'per-village' as const, perVillage: v.perVillage ?? 1, minPerVillage: v.minPerVillage ?? 0 },
            };
      const out = await spotCheckApi.draw(body);
      navigate(`/spot-checks/${encodeURIComponent(out.id)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={kind === 'spot' ? '抽取样本' : '开展三率自评估'} style={{ marginBottom: 16 }}>
      {kind === 'three-rate' && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title={`按第三方评估的做法：先随机抽 ${sc.threeRate.villages} 个村（贫困村和非贫困村都抽），再在抽中的村抽已脱贫户约 ${sc.threeRate.registeredHouseholds} 户（错退），调查未建档农户约 ${sc.threeRate.unregisteredHouseholds} 户（漏评），受访户都问认可度。`}
        />
      )}
      <Form
        form={form}
        layout="inline"
        onFinish={(v) => void submit(v)}
        initialValues={{
          population: sc.defaults.population,
          seed: freshSeed(),
          method: 'share',
          sharePercent: sc.defaults.share * 100,
          perVillage: 5,
          minPerVillage: sc.defaults.minPerVillage,
        }}
        style={{ rowGap: 12 }}
      >
        {kind === 'spot' && (
          <Form.Item name="population" label="抽查总体" rules={[{ required: true, message: '请选择抽查总体' }]}>
            <Select style={{ width: 200 }} options={sc.populations.map((p) => ({ value: p.code, label: p.label }))} />
          </Form.Item>
        )}
        <Form.Item label="随机种子" required>
          <Space.Compact>
            <Form.Item name="seed" noStyle rules={[{ required: true, message: '请填写随机种子' }]}>
              <InputNumber aria-label="随机种子" min={0} max={Number.MAX_SAFE_INTEGER} precision={0} style={{ width: 160 }} />
            </Form.Item>
            <Button icon={<ReloadOutlined />} aria-label="换一个随机种子" onClick={() => form.setFieldValue('seed', freshSeed())} />
          </Space.Compact>
        </Form.Item>
        {kind === 'spot' && (
          <>
            <Form.Item name="method" label="抽样方式">
              <Radio.Group
                options={[
                  { value: 'share', label: '按比例' },
                  { value: 'per-village', label: '每村户数' },
                ]}
              />
            </Form.Item>
            {method === 'per-village' ? (
              <Form.Item name="perVillage" label="每村户数" rules={[{ required: true, message: '请填写每村户数' }]}>
                <InputNumber aria-label="每村户数" min={1} precision={0} />
              </Form.Item>
            ) : (
              <Form.Item name="sharePercent" label="比例（%）" rules={[{ required: true, message: '请填写比例' }]}>
                <InputNumber aria-label="比例（%）" min={0.1} max={100} step={1} />
              </Form.Item>
            )}
            <Form.Item name="minPerVillage" label="每村至少">
              <InputNumber aria-label="每村至少" min={0} precision={0} addonAfter="户" />
            </Form.Item>
          </>
        )}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {kind === 'spot' ? '抽取样本' : '抽取三率样本'}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        同一随机种子、同一总体快照必定抽出同样的样本：系统记录种子、抽样方式和总体快照指纹，任何人都可用 <code>tuopin sample</code> 重抽核对。
      </Typography.Paragraph>
    </Card>
  );
}

function ChecksTable({ items }: { items: SpotCheckSummary[] }) {
  return (
    <Table<SpotCheckSummary>
      rowKey="id"
      size="middle"
      dataSource={items}
      pagination={false}
      scroll={{ x: 800 }}
      className="clickable-rows"
      onRow={(r) => ({ onClick: () => navigate(`/spot-checks/${encodeURIComponent(r.id)}`) })}
      columns={[
        { title: '编号', dataIndex: 'id', key: 'id', width: 100 },
        { title: '抽查总体', dataIndex: 'populationLabel', key: 'pop' },
        { title: '随机种子', dataIndex: 'seed', key: 'seed' },
        { title: '抽样方式', key: 'design', render: (_: unknown, r) => designText(r.design) },
        { title: '样本户', key: 'size', render: (_: unknown, r) => `${int(r.checked)} / ${int(r.sampleSize)} 已核查` },
        { title: '抽取', key: 'at', render: (_: unknown, r) => `${r.createdBy} ${dateTime(r.createdAt)}` },
      ]}
    />
  );
}

export default function SpotChecksPage({ kind }: { kind: Kind }) {
  const state = useLoad((signal) => spotCheckApi.list(kind, signal), [kind]);
  return (
    <>
      <PageTitle
        title={kind === 'spot' ? '抽查' : '三率自评估'}
        sub={kind === 'spot' ? '按村分层随机抽样，记录种子，可重抽' : '错退率、漏评率、群众认可度（三率一度）县级自评'}
      />
      <LoadState state={state}>
        {(d) => (
          <>
            {d.canDraw && <DrawCard kind={kind} />}
            <Card title={kind === 'spot' ? '已抽取的抽查' : '已开展的三率自评估'}>
              {d.items.length === 0 ? <Typography.Text type="secondary">还没有记录。</Typography.Text> : <ChecksTable items={d.items} />}
              {d.items.length > 0 && <Tag style={{ marginTop: 8 }}>共 {d.items.length} 次</Tag>}
            </Card>
          </>
        )}
      </LoadState>
    </>
  );
}
