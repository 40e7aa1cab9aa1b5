import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import type { Loaded } from '../lib/useLoad.js';
import { ApiError } from '../api/client.js';

/** Spinner while loading, a Chinese error with a retry, else the page. */
export function LoadState<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  if (state.error && !state.data) {
    const e = state.error;
    const status = e instanceof ApiError && e.status === 403 ? '403' : e instanceof ApiError && e.status === 404 ? '404' : 'warning';
    // Retrying cannot change a refusal or a missing record; offer the way back instead.
    const extra =
      status === 'warning' ? (
        <Button onClick={state.reload}>重试</Button>
      ) : (
        <Button type="primary" onClick={() => window.history.back()}>
          返回
        </Button>
      );
    return <Result status={status} title={e.message} extra={extra} />;
  }
  if (!state.data)
    return (
      <div className="center-fill">
        <Spin size="large" />
      </div>
    );
  return <>{children(state.data)}</>;
}
