// The signed-in frame: side menu, header with who is signed in (name, role, scope), and the
// page area where each page is loaded on demand.
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Badge, Button, Drawer, Dropdown, Grid, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import {
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  DiffOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  FlagOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  ToolOutlined,
  FundOutlined,
  UserOutlined,
  UsergroupAddOutlined,
  FundProjectionScreenOutlined,
  CarOutlined,
  AlertOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import { Link, matchPath, navigate, useLocation } from '../router.js';
import { can, coversCounty, isSectorBound, ROLE_LABELS } from '../../../src/domain/roles.js';
import { useSession } from '../session.js';
import { useRegions } from '../lib/regions.js';
import type { SessionUser } from '../api/types.js';
import type { Regions } from '../lib/regions.js';
import { useAwaitingCount } from '../lib/changeRequests.js';
import { OfflineIndicator } from '../offline/OfflineIndicator.js';
import { CloudDownloadOutlined } from '@ant-design/icons';

const DashboardPage = lazy(() => import('../pages/Dashboard.js'));
const HouseholdsPage = lazy(() => import('../pages/Households.js'));
const HouseholdPage = lazy(() => import('../pages/Household.js'));
const LedgersPage = lazy(() => import('../pages/Ledgers.js'));
const VillagesPage = lazy(() => import('../pages/Villages.js'));
const VillagePage = lazy(() => import('../pages/Village.js'));
const ImportPage = lazy(() => import('../pages/Import.js'));
const RulebookPage = lazy(() => import('../pages/Rulebook.js'));
const UsersPage = lazy(() => import('../pages/Users.js'));
const ExitProcedurePage = lazy(() => import('../pages/ExitProcedure.js'));
const ExitNoticePage = lazy(() => import('../pages/ExitNotice.js'));
const AuditPage = lazy(() => import('../pages/Audit.js'));
const TasksPage = lazy(() => import('../pages/Tasks.js'));
const ApprovalsPage = lazy(() => import('../pages/Approvals.js'));
const SpotChecksPage = lazy(() => import('../pages/SpotChecks.js'));
const SpotCheckPage = lazy(() => import('../pages/SpotCheck.js'));
const ProjectsPage = lazy(() => import('../pages/Projects.js'));
const ProjectPage = lazy(() => import('../pages/Project.js'));
const ProjectNoticePage = lazy(() => import('../pages/ProjectNotice.js'));
const ChecksPage = lazy(() => import('../pages/Checks.js'));
const CheckRunPage = lazy(() => import('../pages/CheckRun.js'));
const CheckReviewPage = lazy(() => import('../pages/CheckReview.js'));
const PointsPage = lazy(() => import('../pages/Points.js'));
const LeadersPage = lazy(() => import('../pages/Leaders.js'));
const VisitsPage = lazy(() => import('../pages/Visits.js'));
const ProblemsPage = lazy(() => import('../pages/Problems.js'));
const WeeklyPage = lazy(() => import('../pages/Weekly.js'));
const RosterColumnsPage = lazy(() => import('../pages/RosterColumns.js'));
const OfflinePage = lazy(() => import('../offline/OfflinePage.js'));

interface MenuEntry {
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  show: boolean;
  /** A count shown next to the label (待审批). */
  badge?: number;
}

function menuFor(user: SessionUser, awaiting: number): MenuEntry[] {
  return [
    { key: 'dashboard', path: '/', label: '总览', icon: <BarChartOutlined />, show: true },
    { key: 'households', path: '/households', label: '农户', icon: <TeamOutlined />, show: true },
    { key: 'tasks', path: '/tasks', label: '整改任务', icon: <ToolOutlined />, show: true },
    { key: 'ledgers', path: '/ledgers', label: '台账', icon: <AuditOutlined />, show: true },
    { key: 'villages', path: '/villages', label: '村退出', icon: <EnvironmentOutlined />, show: true },
    { key: 'projects', path: '/projects', label: '项目资金', icon: <FundOutlined />, show: true },
    { key: 'checks', path: '/checks', label: '名单比对', icon: <DiffOutlined />, show: can(user, 'check.read') },
    { key: 'points', path: '/checks/points', label: '疑点核实', icon: <FlagOutlined />, show: can(user, 'check.read') },
    {
      key: 'approvals',
      path: '/approvals',
      label: '待审批',
      icon: <CheckSquareOutlined />,
      show: can(user, 'change.read'),
      badge: can(user, 'change.approve') ? awaiting : 0,
    },
    { key: 'import', path: '/import', label: '导入', icon: <CloudUploadOutlined />, show: can(user, 'roster.import') },
    { key: 'rulebook', path: '/rulebook', label: '规则', icon: <BookOutlined />, show: true },
    { key: 'users', path: '/admin/users', label: '用户管理', icon: <UsergroupAddOutlined />, show: can(user, 'user.admin') },
    { key: 'audit', path: '/admin/audit', label: '审计', icon: <SafetyCertificateOutlined />, show: can(user, 'audit.verify') },
    { key: 'spot-checks', path: '/spot-checks', label: '抽查', icon: <FileSearchOutlined />, show: can(user, 'spotCheck.read') },
    { key: 'three-rates', path: '/three-rates', label: '三率自评估', icon: <FundProjectionScreenOutlined />, show: can(user, 'spotCheck.read') },
    { key: 'leaders', path: '/supervision/leaders', label: '领导包联', icon: <TeamOutlined />, show: user.role === 'leader' || can(user, 'leader.assign') },
    { key: 'visits', path: '/supervision/visits', label: '督查走访', icon: <CarOutlined />, show: can(user, 'weekly.read') },
    { key: 'problems', path: '/supervision/problems', label: '问题与问责', icon: <AlertOutlined />, show: true },
    { key: 'weekly', path: '/supervision/weekly', label: '周调度', icon: <ScheduleOutlined />, show: can(user, 'weekly.read') },
    { key: 'offline', path: '/offline', label: '离线采集', icon: <CloudDownloadOutlined />, show: can(user, 'offline.take') },
  ].filter((m) => m.show);
}

function selectedKey(pathname: string): string {
  if (pathname === '/') return 'dashboard';
  if (pathname.startsWith('/households')) return 'households';
  if (pathname.startsWith('/tasks')) return 'tasks';
  if (pathname.startsWith('/ledgers')) return 'ledgers';
  if (pathname.startsWith('/villages')) return 'villages';
  if (pathname.startsWith('/checks/points')) return 'points';
  if (pathname.startsWith('/checks')) return 'checks';
  if (pathname.startsWith('/import')) return 'import';
  if (pathname.startsWith('/approvals')) return 'approvals';
  if (pathname.startsWith('/rulebook')) return 'rulebook';
  if (pathname.startsWith('/admin/audit')) return 'audit';
  if (pathname.startsWith('/projects')) return 'projects';
  if (pathname.startsWith('/admin')) return 'users';
  if (pathname.startsWith('/spot-checks/SR-')) return 'three-rates';
  if (pathname.startsWith('/spot-checks')) return 'spot-checks';
  if (pathname.startsWith('/three-rates')) return 'three-rates';
  if (pathname.startsWith('/supervision/')) return pathname.split('/')[2] ?? '';
  if (pathname.startsWith('/offline')) return 'offline';
  return '';
}

/** “石门乡 乡镇用户”, “教育 行业部门”, “全县 县扶贫办”. */
export function scopeText(user: SessionUser, regions: Regions | null): string {
  if (isSectorBound(user.role)) return user.sector ?? '';
  if (coversCounty(user.role)) return '全县';
  const names = user.scopeNames && user.scopeNames.length > 0 ? user.scopeNames : user.scope.map((c) => regions?.byCode.get(c)?.name ?? c);
  if (names.length === 0) return '';
  return names.length > 2 ? `${names.slice(0, 2).join('、')}等${names.length}处` : names.join('、');
}

function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回总览
        </Button>
      }
    />
  );
}

function Forbidden() {
  return <Result status="403" title="没有权限访问此页面" subTitle="您的账号角色不能使用此功能。" />;
}

function PageRoutes({ user }: { user: SessionUser }) {
  const { pathname } = useLocation();
  let m: Record<string, string> | null;
  if (pathname === '/' || pathname === '') return <DashboardPage />;
  if (pathname === '/households') return <HouseholdsPage />;
  if ((m = matchPath('/households/:id', pathname))) return <HouseholdPage key={m.id} id={m.id!} />;
  if (pathname === '/tasks') return <TasksPage />;
  if (pathname === '/ledgers') return <LedgersPage />;
  if (pathname === '/villages') return <VillagesPage />;
  if ((m = matchPath('/villages/:code', pathname))) return <VillagePage key={m.code} code={m.code!} />;
  if ((m = matchPath('/villages/:code/exit', pathname))) return <ExitProcedurePage key={m.code} code={m.code!} />;
  if ((m = matchPath('/villages/:code/exit/notice', pathname))) return <ExitNoticePage key={m.code} code={m.code!} />;
  if (pathname === '/checks') return <ChecksPage />;
  if ((m = matchPath('/checks/runs/:id', pathname))) return <CheckRunPage key={m.id} id={Number(m.id)} />;
  if (pathname === '/checks/review') return <CheckReviewPage />;
  if (pathname === '/checks/points') return <PointsPage />;
  if (pathname === '/import') return can(user, 'roster.import') ? <ImportPage /> : <Forbidden />;
  if (pathname === '/import/columns') return <RosterColumnsPage />;
  if (pathname === '/rulebook') return <RulebookPage />;
  if (pathname === '/projects') return <ProjectsPage />;
  if ((m = matchPath('/projects/:id', pathname))) return <ProjectPage key={m.id} id={m.id!} />;
  if ((m = matchPath('/projects/:id/notices/:noticeId', pathname))) return <ProjectNoticePage key={m.noticeId} projectId={m.id!} noticeId={m.noticeId!} />;
  if (pathname === '/approvals') return can(user, 'change.read') ? <ApprovalsPage /> : <Forbidden />;
  if (pathname === '/admin/users') return can(user, 'user.admin') ? <UsersPage /> : <Forbidden />;
  if (pathname === '/admin/audit') return can(user, 'audit.verify') ? <AuditPage /> : <Forbidden />;
  if (pathname === '/spot-checks') return can(user, 'spotCheck.read') ? <SpotChecksPage key="spot" kind="spot" /> : <Forbidden />;
  if (pathname === '/three-rates') return can(user, 'spotCheck.read') ? <SpotChecksPage key="three-rate" kind="three-rate" /> : <Forbidden />;
  if ((m = matchPath('/spot-checks/:id', pathname))) return can(user, 'spotCheck.read') ? <SpotCheckPage key={m.id} id={m.id!} /> : <Forbidden />;
  if (pathname === '/supervision/leaders') return user.role === 'leader' || can(user, 'leader.assign') ? <LeadersPage /> : <Forbidden />;
  if (pathname === '/supervision/visits') return can(user, 'weekly.read') ? <VisitsPage /> : <Forbidden />;
  if (pathname === '/supervision/problems') return <ProblemsPage />;
  if (pathname === '/supervision/weekly') return can(user, 'weekly.read') ? <WeeklyPage /> : <Forbidden />;
  if (pathname === '/supervision/weekly/print') return can(user, 'weekly.read') ? <WeeklyPage print /> : <Forbidden />;
  if (pathname === '/offline') return can(user, 'offline.take') ? <OfflinePage /> : <Forbidden />;
  return <NotFound />;
}

export function AppLayout() {
  const { user, logout, info } = useSession();
  const { pathname } = useLocation();
  const regions = useRegions();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  // Below md (phones, a tablet held upright) the menu is a drawer: a permanent icon rail took a
  // sixth of a 390 px screen. Until the first measurement antd reports no breakpoint at all.
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(narrow);
  const [drawerOpen, setDrawerOpen] = useState(false);
  useEffect(() => setCollapsed(narrow), [narrow]);
  useEffect(() => setDrawerOpen(false), [pathname, phone]);

  const awaiting = useAwaitingCount(can(user, 'change.approve'), pathname);
  const items = useMemo(() => menuFor(user, awaiting), [user, awaiting]);
  const scope = scopeText(user, regions);
  const roleText = [scope, user.name.includes(ROLE_LABELS[user.role]) ? '' : `${ROLE_LABELS[user.role]}${user.admin ? '（管理员）' : ''}`]
    .filter(Boolean)
    .join(' ');

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      className="app-menu"
      selectedKeys={[selectedKey(pathname)]}
      items={items.map((i) => ({
        key: i.key,
        icon: i.icon,
        label: (
          <Link to={i.path}>
            {i.label}
            {i.badge ? <Badge count={i.badge} size="small" offset={[6, -2]} data-testid={`badge-${i.key}`} /> : null}
          </Link>
        ),
      }))}
    />
  );
  const brand = (showName: boolean) => (
    <Link to="/" className="brand" aria-label="脱贫退出核验系统">
      <span className="brand-emblem">脱</span>
      {showName && <span className="brand-name">脱贫退出核验</span>}
    </Link>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          className="app-drawer"
          styles={{ body: { padding: 0, background: '#17365f' } }}
        >
          {brand(true)}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={200} collapsedWidth={64} collapsible collapsed={collapsed} trigger={null} theme="dark">
          {brand(!collapsed)}
          {menu}
        </Layout.Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header className="app-header">
          {phone ? (
            <Button type="text" aria-label="打开菜单" icon={<MenuUnfoldOutlined />} onClick={() => setDrawerOpen(true)} data-testid="menu-drawer-button" />
          ) : (
            <Button
              type="text"
              aria-label={collapsed ? '展开菜单' : '收起菜单'}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
            />
          )}
          <div className="header-spacer" />
          {info.demo && <Tag color="orange">{phone ? '演示' : '演示数据'}</Tag>}
          <OfflineIndicator />
          {info.demo && <Tag color="orange">演示数据</Tag>}
          {/* The demo runs on a day inside the autumn push: overdue tasks and notice days are counted from it. */}
          {info.demoToday && (
            <Tag color="orange" data-testid="demo-today" className="demo-today">
              演示日期 {info.demoToday}
            </Tag>
          )}
          <Dropdown menu={{ items: [{ key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => void logout() }] }} placement="bottomRight">
            <Space className="user-chip" data-testid="user-chip" title={[user.name, roleText].filter(Boolean).join(' ')}>
              <UserOutlined />
              <Typography.Text strong className="user-name">
                {user.name}
              </Typography.Text>
              {/* The account name often is the role already (县扶贫办（管理员）): do not say it twice. */}
              <Typography.Text type="secondary" className="user-scope">
                {roleText}
              </Typography.Text>
            </Space>
          </Dropdown>
          <Button type="link" icon={<LogoutOutlined />} onClick={() => void logout()} className="logout-btn" aria-label="退出登录">
            {phone ? null : '退出'}
          </Button>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Suspense
            fallback={
              <div className="center-fill">
                <Spin size="large" />
              </div>
            }
          >
            <PageRoutes user={user} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
