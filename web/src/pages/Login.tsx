import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { api } from '../api/endpoints.js';
import { ApiError, setCsrfToken } from '../api/client.js';

interface Props {
  demo: boolean;
  onDone: () => Promise<void>;
}

export function AuthFrame({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-brand">
        <div className="auth-emblem">脱</div>
        <div>
          <div className="auth-title">脱贫退出核验系统</div>
          <div className="auth-sub">贫困户退出筛查 · 台账 · 数据核验</div>
        </div>
      </div>
      <Card className="auth-card" title={title}>
        {children}
      </Card>
      <div className="auth-foot">县扶贫开发领导小组办公室</div>
    </div>
  );
}

export function LoginPage({ demo, onDone }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.login(v.username.trim(), v.password);
      setCsrfToken(res.csrfToken);
      await onDone();
    } catch (e) {
      // The server's message says whether the password was wrong, how many tries are left,
      // or until when the account is locked.
      setError(e instanceof ApiError ? e.message : '登录失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title="用户登录">
      <Form layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus size="large" />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          登录
        </Button>
      </Form>
      {demo && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
          演示模式：演示账号和密码见服务器启动时的输出。演示数据均为虚构。
        </Typography.Paragraph>
      )}
    </AuthFrame>
  );
}
