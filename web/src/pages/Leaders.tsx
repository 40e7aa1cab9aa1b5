// 领导包联: which townships and villages each county leader is in charge of. The county office
// changes the assignment here; the leader's read scope follows it at once (docs/supervision.md).
import { useState } from 'react';
import { Button, Card, Form, Input, Modal, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { supervisionApi, type LeaderView } from '../api/supervision.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { useRegions, type Regions } from '../lib/regions.js';
import { useLoad } from '../lib/useLoad.js';

interface TreeNode {
  value: string;
  title: string;
  selectable?: boolean;
  children?: TreeNode[];
}

/** Townships and their villages; the county itself is not a contact point. */
function areaTree(regions: Regions | null): TreeNode[] {
  return (regions?.townships ?? []).map((t) => ({ value: t.code, title: t.name, children: (t.children ?? []).map((v) => ({ value: v.code, title: v.name })) }));
}

function AssignModal({ leader, onClose, onDone }: { leader: LeaderView; onClose: () => void; onDone: () => void }) {
  const regions = useRegions();
  const [form] = Form.useForm<{ areas: string[]; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const save = async (v: { areas: string[]; reason?: string }) => {
    setBusy(true);
    try {
      await supervisionApi.assign(leader.id, v.areas, v.reason);
      onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`调整联系点：${leader.name}`} onCancel={onClose} onOk={() => form.submit()} okText="保存" confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ areas: leader.areas.map((a) => a.code) }} onFinish={(v) => void save(v)}>
        <Form.Item name="areas" label="联系的乡镇和村" extra="选乡镇即联系全乡镇；也可只选其中的村。">
          <TreeSelect
            aria-label="联系的乡镇和村"
            treeData={areaTree(regions)}
            multiple
            treeCheckable={false}
            showSearch
            treeNodeFilterProp="title"
            allowClear
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="reason" label="调整原因">
          <Input maxLength={200} placeholder="如：县委常委会分工调整" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function LeadersPage() {
  const state = useLoad((signal) => supervisionApi.leaders(signal), []);
  const [editing, setEditing] = useState<LeaderView | null>(null);
  return (
    <>
      <PageTitle title="领导包联" sub="县级领导联乡包村：联系点决定领导能查看的范围，调整记入变更记录" />
      <LoadState state={state}>
        {(d) => (
          <Card>
            {d.leaders.length === 0 ? (
              <Typography.Text type="secondary">还没有县级领导账号（在用户管理中添加“县级领导”角色的账号）。</Typography.Text>
            ) : (
              <Table<LeaderView>
                rowKey="id"
                dataSource={d.leaders}
                pagination={false}
                scroll={{ x: 600 }}
                columns={[
                  { title: '领导', dataIndex: 'name', key: 'name', width: 140 },
                  { title: '账号', dataIndex: 'username', key: 'username', width: 120 },
                  {
                    title: '联系的乡镇和村',
                    key: 'areas',
                    render: (_: unknown, l) =>
                      l.areas.length === 0 ? (
                        <Typography.Text type="warning">未安排</Typography.Text>
                      ) : (
                        <Space size={[4, 4]} wrap>
                          {l.areas.map((a) => (
                            <Tag key={a.code} color={a.level === 'township' ? 'blue' : undefined}>
                              {a.name}
                            </Tag>
                          ))}
                        </Space>
                      ),
                  },
                  ...(d.canAssign
                    ? [
                        {
                          title: '操作',
                          key: 'op',
                          width: 100,
                          render: (_: unknown, l: LeaderView) => (
                            <Button size="small" onClick={() => setEditing(l)}>
                              调整
                            </Button>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            )}
          </Card>
        )}
      </LoadState>
      {editing && (
        <AssignModal
          leader={editing}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            state.reload();
          }}
        />
      )}
    </>
  );
}
