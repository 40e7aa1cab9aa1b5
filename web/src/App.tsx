// Root: Chinese locale and theme, the session bootstrap, and the choice between the setup
// page, the login page and the signed-in layout.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, ConfigProvider, Result, Button, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { api } from './api/endpoints.js';
import { configureClient, setCsrfToken } from './api/client.js';
import type { SessionInfo } from './api/types.js';
import { matchPath, navigate, useLocation } from './router.js';
import { SessionContext, type SessionState } from './session.js';
import { resetRegions } from './lib/regions.js';
import { LoginPage } from './pages/Login.js';
import { SetupPage } from './pages/Setup.js';
import { theme } from './theme.js';
import { loadMeta } from './offline/db.js';
import { OfflineShell } from './offline/OfflineShell.js';
import { confirmSignOut, wipeOfflineData } from './offline/signOut.js';

dayjs.locale('zh-cn');

// The signed-in frame (menu, header, pages) loads after sign-in, so the login page stays small.
const AppLayout = lazy(() => import('./layout/AppLayout.js').then((m) => ({ default: m.AppLayout })));
// The household handbook is a print page: no menu or header around it.
const HandbookPage = lazy(() => import('./pages/Handbook.js'));

/** Connects the API client's error and 401 handlers to antd's message API inside the providers. */
function ClientBridge({ onUnauthorized }: { onUnauthorized: () => void }) {
  const { message } = AntApp.useApp();
  useEffect(() => {
    configureClient({
      onUnauthorized,
      notifyError: (text) => {
        void message.error({ content: text, duration: 5 });
      },
    });
  }, [message, onUnauthorized]);
  return null;
}

function Shell() {
  const [info, setInfo] = useState<SessionInfo | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // Without signal, a phone that took its village along opens the offline workspace (docs/offline.md).
  const [offlineReady, setOfflineReady] = useState(false);
  const location = useLocation();

  const refresh = useCallback(async () => {
    try {
      const s = await api.session();
      setCsrfToken(s.csrfToken);
      setInfo(s);
      setFailed(null);
    } catch (e) {
      setFailed(e instanceof Error ? e.message : String(e));
      setOfflineReady((await loadMeta().catch(() => null)) !== null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const onUnauthorized = useCallback(() => {
    resetRegions();
    setInfo((prev) => (prev ? { ...prev, user: null } : prev));
    const here = window.location.pathname + window.location.search;
    if (!window.location.pathname.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    // A new anonymous session (and CSRF token) for the login form.
    void refresh();
  }, [refresh]);

  const logout = useCallback(async () => {
    if (!(await confirmSignOut())) return;
    try {
      await api.logout();
    } catch {
      /* already signed out */
    }
    resetRegions();
    await wipeOfflineData();
    await refresh();
    navigate('/login', { replace: true });
  }, [refresh]);

  const state: SessionState | null = useMemo(() => (info?.user ? { info, user: info.user, refresh, logout } : null), [info, refresh, logout]);

  let body;
  if (failed && !info && offlineReady) {
    body = <OfflineShell onRetry={() => void refresh()} />;
  } else if (failed && !info) {
    body = (
      <Result
        status="warning"
        title="无法连接服务器"
        subTitle={failed}
        extra={
          <Button type="primary" onClick={() => void refresh()}>
            重试
          </Button>
        }
      />
    );
  } else if (!info) {
    body = (
      <div className="center-fill">
        <Spin size="large" />
      </div>
    );
  } else if (info.setupRequired) {
    body = <SetupPage onDone={refresh} />;
  } else if (!state) {
    body = <LoginPage demo={info.demo} onDone={refresh} />;
  } else {
    if (location.pathname === '/login' || location.pathname === '/setup') {
      const next = location.search.get('next');
      queueMicrotask(() => navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true }));
    }
    const handbook = matchPath('/households/:id/handbook', location.pathname);
    body = (
      <SessionContext.Provider value={state}>
        <Suspense
          fallback={
            <div className="center-fill">
              <Spin size="large" />
            </div>
          }
        >
          {handbook ? <HandbookPage key={handbook.id} id={handbook.id!} /> : <AppLayout />}
        </Suspense>
      </SessionContext.Provider>
    );
  }
  return (
    <>
      <ClientBridge onUnauthorized={onUnauthorized} />
      {body}
    </>
  );
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntApp>
        <Shell />
      </AntApp>
    </ConfigProvider>
  );
}
