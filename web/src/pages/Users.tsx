// 用户管理 (admins): accounts, their role, scope (regions) and sector; reset passwords; disable.
import { useMemo, useState } from 'react';
import { Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../api/endpoints.js';
import type { AdminUser, CreateUserRequest, RegionNode, Role, Sector, UpdateUserRequest } from '../api/types.js';
import { useLoad } from '../lib/useLoad.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { coversCounty, isSectorBound, mayBeAdmin, ROLE_LABELS, ROLES, SECTORS } from '../../../src/domain/roles.js';
import { PASSWORD_MIN_LENGTH, useSession } from '../session.js';
import { USERNAME_RULES } from './Setup.js';
import { useRegions, type Regions } from '../lib/regions.js';
import { dateTime } from '../lib/format.js';

interface TreeNode {
  value: string;
  title: string;
  selectable: boolean;
  children?: TreeNode[];
}

/** Region tree for the scope picker; which levels can be picked depends on the role. */
function treeFor(nodes: RegionNode[], role: Role | undefined): TreeNode[] {
  const pick = (n: RegionNode) =>
    role === 'leader' ? n.level !== 'county' : role === 'township' ? n.level === 'township' : role === 'village' ? n.level === 'village' : false;
  const walk = (ns: RegionNode[]): TreeNode[] =>
    ns.map((n) => ({
      value: n.code,
      title: n.name,
      selectable: pick(n),
      // A township user needs no village level in the picker.
      children: role === 'township' && n.level === 'township' ? undefined : n.children ? walk(n.children) : undefined,
    }));
  return walk(nodes);
}

function scopeNames(codes: string[], regions: Regions | null): string {
  if (codes.length === 0) return '全县';
  return codes.map((c) => regions?.byCode.get(c)?.name ?? c).join('、');
}

interface FormValues {
  username: string;
  name: string;
  password?: string;
  role: Role;
  admin?: boolean;
  sector?: Sector;
  scope?: string | string[];
}

function UserForm({ editing, regions }: { editing: AdminUser | null; regions: Regions | null }) {
  const role = Form.useWatch<Role | undefined>('role');
  const tree = useMemo(() => treeFor(regions?.tree ?? [], role), [regions, role]);
  return (
    <>
      <Form.Item name="username" label="用户名" rules={USERNAME_RULES}>
        <Input disabled={editing !== null} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
        <Input />
      </Form.Item>
      {editing === null && (
        <Form.Item
          name="password"
          label="初始密码"
          rules={[
            { required: true, message: '请输入初始密码' },
            { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}个字符` },
          ]}
          extra="请通过安全方式告知本人，并提醒首次登录后修改。"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      )}
      <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
        <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      </Form.Item>
      {role !== undefined && mayBeAdmin(role) && (
        <Form.Item name="admin" valuePropName="checked">
          <Checkbox>管理员（可管理用户）</Checkbox>
        </Form.Item>
      )}
      {role !== undefined && isSectorBound(role) && (
        <Form.Item name="sector" label="行业部门" rules={[{ required: true, message: '请选择行业部门' }]}>
          <Select options={SECTORS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
      )}
      {role !== undefined && !coversCounty(role) && (
        <Form.Item
          name="scope"
          label={role === 'leader' ? '分管乡镇/村' : role === 'township' ? '所属乡镇' : '所属行政村'}
          rules={[{ required: true, message: '请选择管辖范围' }]}
        >
          <TreeSelect
            treeData={tree}
            multiple={role === 'leader'}
            showSearch={{ treeNodeFilterProp: 'title' }}
            allowClear
            placeholder="选择行政区划"
            styles={{ popup: { root: { maxHeight: 360, overflow: 'auto' } } }}
          />
        </Form.Item>
      )}
    </>
  );
}

function scopeOf(v: FormValues): string[] {
  if (coversCounty(v.role)) return [];
  return v.scope === undefined ? [] : Array.isArray(v.scope) ? v.scope : [v.scope];
}

function toCreate(v: FormValues): CreateUserRequest {
  return {
    username: v.username.trim(),
    name: v.name.trim(),
    password: v.password ?? '',
    role: v.role,
    admin: mayBeAdmin(v.role) ? Boolean(v.admin) : false,
    sector: isSectorBound(v.role) ? (v.sector ?? null) : null,
    scope: scopeOf(v),
  };
}

function toUpdate(v: FormValues): UpdateUserRequest {
  return {
    name: v.name.trim(),
    role: v.role,
    admin: mayBeAdmin(v.role) ? Boolean(v.admin) : false,
    sector: isSectorBound(v.role) ? (v.sector ?? null) : null,
    scope: scopeOf(v),
  };
}

export default function UsersPage() {
  const { user: me } = useSession();
  const state = useLoad(() => api.users().then((r) => r.users), []);
  const regions = useRegions();
  const [open, setOpen] = useState<'create' | AdminUser | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const [pwForm] = Form.useForm<{ password: string }>();

  const openCreate = () => {
    form.resetFields();
    form.setFieldsValue({ role: 'township' });
    setOpen('create');
  };
  const openEdit = (u: AdminUser) => {
    form.resetFields();
    form.setFieldsValue({
      username: u.username,
      name: u.name,
      role: u.role,
      admin: u.admin,
      sector: u.sector ?? undefined,
      scope: u.role === 'leader' ? u.scope : u.scope[0],
    });
    setOpen(u);
  };

  const submit = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      if (open === 'create') await api.createUser(toCreate(v));
      else if (open) await api.updateUser(open.id, toUpdate(v));
      setOpen(null);
      state.reload();
    } catch {
      /* shown */
    } finally {
      setBusy(false);
    }
  };

  const resetPassword = async () => {
    if (!resetting) return;
    let v: { password: string };
    try {
      v = await pwForm.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await api.updateUser(resetting.id, { password: v.password });
      setResetting(null);
      pwForm.resetFields();
      state.reload();
    } catch {
      /* shown */
    } finally {
      setBusy(false);
    }
  };

  const change = async (u: AdminUser, body: UpdateUserRequest) => {
    try {
      await api.updateUser(u.id, body);
      state.reload();
    } catch {
      /* shown */
    }
  };

  const columns: TableProps<AdminUser>['columns'] = [
    { title: '用户名', dataIndex: 'username', key: 'username', width: 120 },
    { title: '姓名', dataIndex: 'name', key: 'name', width: 100 },
    {
      title: '角色',
      key: 'role',
      width: 140,
      render: (_, u) => (
        <>
          {ROLE_LABELS[u.role]}
          {u.admin && (
            <Tag color="blue" style={{ marginLeft: 6 }}>
              管理员
            </Tag>
          )}
        </>
      ),
      filters: ROLES.map((r) => ({ text: ROLE_LABELS[r], value: r })),
      onFilter: (v, u) => u.role === v,
    },
    {
      title: '管辖范围 / 部门',
      key: 'scope',
      render: (_, u) => (isSectorBound(u.role) ? (u.sector ?? '—') : u.scopeNames.length ? u.scopeNames.join('、') : scopeNames(u.scope, regions)),
    },
    {
      title: '状态',
      key: 'status',
      width: 120,
      render: (_, u) =>
        u.disabled ? (
          <Tag>已停用</Tag>
        ) : u.lockedUntil ? (
          // The server sends lockedUntil only while the wait lasts, by its clock, not this browser's.
          <Tag color="orange">锁定至 {dateTime(u.lockedUntil)}</Tag>
        ) : (
          <Tag color="green">正常</Tag>
        ),
    },
    { title: '更新时间', dataIndex: 'updatedAt', key: 'updatedAt', width: 140, responsive: ['lg'], render: (v: string) => dateTime(v) },
    {
      title: '操作',
      key: 'actions',
      width: 220,
      render: (_, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => openEdit(u)}>
            修改
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => {
              pwForm.resetFields();
              setResetting(u);
            }}
          >
            重置密码
          </Button>
          {u.lockedUntil && (
            <Button type="link" size="small" onClick={() => void change(u, { unlock: true })}>
              解锁
            </Button>
          )}
          {u.id !== me.id &&
            (u.disabled ? (
              <Button type="link" size="small" onClick={() => void change(u, { disabled: false })}>
                启用
              </Button>
            ) : (
              <Popconfirm
                title={`停用“${u.name}”？`}
                description="停用后该用户不能登录，已登录的会话立即失效。"
                okText="停用"
                cancelText="取消"
                onConfirm={() => change(u, { disabled: true })}
              >
                <Button type="link" size="small" danger>
                  停用
                </Button>
              </Popconfirm>
            ))}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle
        title="用户管理"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={openCreate}>
            新建用户
          </Button>
        }
      />
      <Card>
        <LoadState state={state}>
          {(users) => (
            <Table<AdminUser>
              size="middle"
              rowKey="id"
              columns={columns}
              dataSource={users}
              scroll={{ x: 900 }}
              pagination={{ defaultPageSize: 20, showTotal: (t) => `共 ${t} 个用户` }}
            />
          )}
        </LoadState>
      </Card>
      <Modal
        title={open === 'create' ? '新建用户' : `修改用户：${open?.name ?? ''}`}
        open={open !== null}
        onCancel={() => setOpen(null)}
        onOk={() => void submit()}
        confirmLoading={busy}
        okText="保存"
        forceRender
      >
        <Form form={form} layout="vertical" requiredMark={false}>
          <UserForm editing={open === 'create' ? null : open} regions={regions} />
        </Form>
      </Modal>
      <Modal
        title={`重置密码：${resetting?.name ?? ''}`}
        open={resetting !== null}
        onCancel={() => setResetting(null)}
        onOk={() => void resetPassword()}
        confirmLoading={busy}
        okText="重置"
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">重置后该用户的已登录会话将失效，锁定状态同时解除。</Typography.Paragraph>
        <Form form={pwForm} layout="vertical">
          <Form.Item
            name="password"
            label="新密码"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}个字符` },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
