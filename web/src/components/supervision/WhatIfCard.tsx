// 推演 for the weekly analysis: take a township's, a sector's or this month's open tasks as done
// and see which households become exit-ready, which villages could exit, and the county's
// criteria. Nothing is written.
import { useState } from 'react';
import { Button, Card, Checkbox, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { supervisionApi, type WhatIfResponse } from '../../api/supervision.js';
import { SECTORS } from '../../../../src/domain/roles.js';
import { useRegions } from '../../lib/regions.js';

export function WhatIfCard() {
  const regions = useRegions();
  const [result, setResult] = useState<WhatIfResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (v: { township?: string; sector?: string; dueThisMonth?: boolean }) => {
    setBusy(true);
    try {
      setResult(await supervisionApi.whatIf(v));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="推演：假定这些整改任务完成" className="no-print" style={{ marginTop: 16 }}>
      <Form layout="inline" onFinish={(v) => void run(v)} style={{ rowGap: 8 }}>
        <Form.Item name="township" label="乡镇">
          <Select aria-label="推演乡镇" allowClear style={{ width: 150 }} options={(regions?.townships ?? []).map((t) => ({ value: t.code, label: t.name }))} />
        </Form.Item>
        <Form.Item name="sector" label="行业部门">
          <Select aria-label="推演行业部门" allowClear style={{ width: 120 }} options={SECTORS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="dueThisMonth" valuePropName="checked">
          <Checkbox>本月到期</Checkbox>
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            推演
          </Button>
        </Form.Item>
      </Form>
      {result && (
        <div style={{ marginTop: 16 }} data-testid="what-if-result">
          <Typography.Paragraph>
            假定 {result.tasks} 项整改任务完成并验收：{result.households.length} 户类别改变，其中 {result.becomeReady} 户达到退出标准；
            {result.villages.filter((v) => v.after && !v.before).length} 个村可以退出。
            {result.county && (
              <>
                全县：{result.county.before.ready ? '已达到' : '未达到'}摘帽条件 →{' '}
                {result.county.after.ready ? <Tag color="green">达到</Tag> : <Tag color="red">仍未达到</Tag>}
              </>
            )}
          </Typography.Paragraph>
          <Space align="start" wrap size={16}>
            <Table
              size="small"
              rowKey="id"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={result.households}
              columns={[
                { title: '户', dataIndex: 'id', key: 'id' },
                { title: '村', dataIndex: 'villageName', key: 'v' },
                { title: '类别', key: 'c', render: (_: unknown, h: WhatIfResponse['households'][number]) => `${h.fromLabel} → ${h.toLabel}` },
              ]}
            />
            <Table
              size="small"
              rowKey="code"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={result.villages.filter((v) => v.before !== v.after)}
              locale={{ emptyText: '没有村的退出状态改变' }}
              columns={[
                { title: '村', dataIndex: 'name', key: 'n' },
                { title: '退出', key: 'a', render: (_: unknown, v: WhatIfResponse['villages'][number]) => (v.after ? '可以退出' : '不能退出') },
              ]}
            />
          </Space>
        </div>
      )}
    </Card>
  );
}
