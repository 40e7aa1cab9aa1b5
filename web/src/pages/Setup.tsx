import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { api } from '../api/endpoints.js';
import { ApiError, setCsrfToken } from '../api/client.js';
import { AuthFrame } from './Login.js';
import { PASSWORD_MIN_LENGTH } from '../session.js';

/** The contract's username rule, checked in the form before the server checks it again. */
export const USERNAME_RULES = [
  { required: true, message: '请输入用户名' },
  { pattern: /^[\p{L}\p{N}._@-]{2,32}$/u, message: '用户名为2—32个字符，只能包含汉字、字母、数字和 . _ - @' },
];

interface Values {
  username: string;
  name: string;
  password: string;
  confirm: string;
}

export function SetupPage({ onDone }: { onDone: () => Promise<void> }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.setup({ username: v.username.trim(), name: v.name.trim(), password: v.password });
      setCsrfToken(res.csrfToken);
      await onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '创建失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="系统初始化：创建管理员">
      <Typography.Paragraph type="secondary">
        系统中还没有任何用户。请创建第一个管理员账号（县扶贫办），之后用它登录并在“用户管理”中为乡镇、村和行业部门创建账号。
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={submit} requiredMark={false}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form.Item name="username" label="用户名" rules={USERNAME_RULES}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item
          name="password"
          label="密码"
          rules={[
            { required: true, message: '请输入密码' },
            { min: PASSWORD_MIN_LENGTH, message: `密码至少${PASSWORD_MIN_LENGTH}个字符，且不能全是数字` },
          ]}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认密码"
          dependencies={['password']}
          hasFeedback
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          创建管理员并登录
        </Button>
      </Form>
    </AuthFrame>
  );
}
