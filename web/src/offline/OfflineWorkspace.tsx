// 离线采集: the village team's village on the phone (docs/offline.md). Online it takes the village
// along and sends the queue; without signal it is the whole app: household cards, the income form,
// member corrections, closing tasks with the camera, visit records, and the 离线队列.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Badge, Button, Card, Empty, Input, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CloudDownloadOutlined, CloudUploadOutlined } from '@ant-design/icons';
import type { OfflineHousehold, OfflineTask, OfflineVillageResponse } from '../../../src/contract/offline.js';
import { INDICATOR_LABELS, RELATION_LABELS } from '../../../src/domain/labels.js';
import { dateTime } from '../lib/format.js';
import { ConflictDialog } from './ConflictDialog.js';
import { listQueue, loadMeta, putQueueItem, type OfflineMeta } from './db.js';
import { headOf, IncomeForm, MemberCorrectForm, MemberRemoveForm, TaskCompleteForm, VisitForm } from './forms.js';
import { QueueList } from './QueueList.js';
import { cacheLoadedAssets } from './serviceWorker.js';
import type { QueueItem } from './queueTypes.js';
import { sendQueue, takeVillage } from './sync.js';
import { useOnline } from './useOnline.js';
import './offline.css';

type Dialog =
  | { kind: 'income'; h: OfflineHousehold }
  | { kind: 'member'; h: OfflineHousehold; memberId: string }
  | { kind: 'remove'; h: OfflineHousehold; memberId: string }
  | { kind: 'visit'; h: OfflineHousehold }
  | { kind: 'task'; t: OfflineTask }
  | { kind: 'conflict'; item: QueueItem };

/** The class as a tag, from the package: the rulebook endpoint is out of reach without signal. */
function ClassTag({ code, classes }: { code: string | null; classes: OfflineVillageResponse['classes'] }) {
  if (!code) return <Tag>未评估</Tag>;
  const c = classes.find((x) => x.code === code);
  return (
    <Tag color={c?.colour ?? 'blue'} data-class={code}>
      {c?.label ?? code}
    </Tag>
  );
}

interface Props {
  /** The signed-in user (online); null when the app opened without signal and no session. */
  user: { username: string; name: string } | null;
}

export function OfflineWorkspace({ user }: Props) {
  const { message } = AntApp.useApp();
  const online = useOnline();
  const [meta, setMeta] = useState<OfflineMeta | null>(null);
  const [queue, setQueue] = useState<QueueItem[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [tab, setTab] = useState('households');
  const [open, setOpen] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [search, setSearch] = useState('');
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const [m, q] = await Promise.all([loadMeta(), listQueue()]);
    setMeta(m);
    setQueue(q);
    setLoaded(true);
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  const send = useCallback(async () => {
    setBusy(true);
    try {
      const r = await sendQueue();
      if (r.stopped) void message.warning(r.stopped);
      else if (r.sent + r.attention > 0)
        void message.info(r.attention > 0 ? `已发送 ${r.sent} 条，${r.attention} 条需要处理（见离线队列）` : `已发送 ${r.sent} 条`);
      await reload();
      if (r.attention > 0) setTab('queue');
    } finally {
      setBusy(false);
    }
  }, [message, reload]);

  // Back in signal: what waits goes out by itself. The queue is read from IndexedDB at that moment,
  // not from this component's state, which may not yet hold a change saved just before.
  useEffect(() => {
    if (!online) return;
    void listQueue().then((q) => (q.some((i) => i.state === 'waiting') ? send() : undefined));
  }, [online, send]);

  const take = async () => {
    if (!user) return;
    setBusy(true);
    try {
      const pkg = await takeVillage(user);
      void message.success(`已带走本村数据：${pkg.households.length} 户，${pkg.tasks.length} 项待办任务`);
      // This page's own chunks must be there when the phone reopens the app without signal.
      void cacheLoadedAssets().catch(() => undefined);
      await reload();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const pkg = meta?.pkg ?? null;
  const households = useMemo(() => {
    const open = new Map<string, number>();
    for (const t of pkg?.tasks ?? []) open.set(t.householdId, (open.get(t.householdId) ?? 0) + 1);
    const q = search.trim();
    const list = (pkg?.households ?? []).filter((h) => !q || h.members.some((m) => m.name.includes(q)) || h.household.id.includes(q));
    // Households with work still open first: those are the visits of the day.
    return [...list].sort((a, b) => (open.get(b.household.id) ?? 0) - (open.get(a.household.id) ?? 0));
  }, [pkg, search]);
  const attention = queue.filter((i) => i.state === 'conflict' || i.state === 'failed').length;
  const waiting = queue.filter((i) => i.state === 'waiting').length;
  const today = pkg?.takenAt.slice(0, 10) ?? '';
  const closeDialog = () => setDialog(null);
  const queued = () => {
    setDialog(null);
    void message.success(online ? '已存入离线队列，正在发送' : '已存入离线队列，恢复网络后发送');
    void reload().then(() => (online ? send() : undefined));
  };

  const status = (
    <Alert
      type={online ? 'success' : 'warning'}
      showIcon
      data-testid="offline-status"
      title={online ? '在线' : '离线：修改存在手机上，恢复网络后发送'}
      description={
        pkg ? `本村数据取自 ${dateTime(pkg.takenAt)}（${pkg.villages.map((v) => v.name).join('、')}，${pkg.households.length} 户）` : '尚未带走本村数据'
      }
    />
  );

  const household = open ? pkg?.households.find((h) => h.household.id === open) : undefined;
  const tasksOf = (id: string) => (pkg?.tasks ?? []).filter((t) => t.householdId === id);

  const taskCard = (t: OfflineTask) => {
    const done = queue.some((i) => i.change.kind === 'task-complete' && i.change.taskId === t.id && i.state !== 'discarded');
    return (
      <Card key={t.id} size="small" className="offline-card" data-task={t.id} style={{ marginBottom: 8 }}>
        <div className="offline-card-title">
          {INDICATOR_LABELS.label(t.indicator)} · {t.headName ?? t.householdId}
        </div>
        <Typography.Text type="secondary">
          {t.id}，完成时限 {t.dueDate}
          {t.responsible ? `，责任人 ${t.responsible}` : ''}
        </Typography.Text>
        {t.note && <div>{t.note}</div>}
        <div style={{ marginTop: 6 }}>
          {done ? (
            <Tag color="blue">已在离线队列</Tag>
          ) : t.steps.includes('complete') ? (
            <Button type="primary" size="small" onClick={() => setDialog({ kind: 'task', t })}>
              完成
            </Button>
          ) : (
            <Typography.Text type="secondary">此任务您的账号不能办理</Typography.Text>
          )}
        </div>
      </Card>
    );
  };

  let body;
  if (!loaded) body = null;
  else if (!pkg)
    body = (
      <Empty
        description={user ? '点击“带走本村数据”，把本村的户、成员、收入测算表和待办任务存到手机上' : '此手机上没有本村数据：请在有网络时登录并带走本村数据'}
      />
    );
  else if (household)
    body = (
      <div data-testid="offline-household">
        <Button icon={<ArrowLeftOutlined />} onClick={() => setOpen(null)} style={{ marginBottom: 8 }}>
          返回农户列表
        </Button>
        <Card size="small" title={`${headOf(household)}家`} extra={<ClassTag code={household.class} classes={pkg.classes} />} className="offline-card">
          <Typography.Paragraph type="secondary">
            户编号 {household.household.id}
            {household.income ? `；收入测算表 ${household.income.year} 年` : '；尚无收入测算表'}
          </Typography.Paragraph>
          <Space wrap>
            <Button type="primary" onClick={() => setDialog({ kind: 'income', h: household })}>
              收入测算表
            </Button>
            <Button onClick={() => setDialog({ kind: 'visit', h: household })}>走访记录</Button>
          </Space>
        </Card>
        <Typography.Title level={5} style={{ marginTop: 12 }}>
          家庭成员
        </Typography.Title>
        {household.members.map((m) => (
          <Card key={m.id} size="small" className="offline-card" style={{ marginBottom: 8 }}>
            <div className="offline-card-title">
              {m.name}（{m.relation ? RELATION_LABELS.label(m.relation) : '—'}）
            </div>
            <Typography.Text type="secondary">
              {[m.migrantPlace ? `务工：${m.migrantPlace}` : null, m.migrantMonths !== null ? `${m.migrantMonths} 个月` : null].filter(Boolean).join('，') ||
                '—'}
            </Typography.Text>
            <div>
              <Space size={8}>
                <Button size="small" onClick={() => setDialog({ kind: 'member', h: household, memberId: m.id })}>
                  更正
                </Button>
                {household.members.length > 1 && (
                  <Button size="small" onClick={() => setDialog({ kind: 'remove', h: household, memberId: m.id })}>
                    减员
                  </Button>
                )}
              </Space>
            </div>
          </Card>
        ))}
        <Typography.Title level={5}>整改任务</Typography.Title>
        {tasksOf(household.household.id).length === 0 ? (
          <Typography.Text type="secondary">没有待办的整改任务</Typography.Text>
        ) : (
          tasksOf(household.household.id).map(taskCard)
        )}
      </div>
    );
  else
    body = (
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'households',
            label: `农户（${pkg.households.length}）`,
            children: (
              <>
                <Input.Search placeholder="按姓名或户编号查找" allowClear onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 8 }} />
                {households.map((h) => (
                  <Card
                    key={h.household.id}
                    size="small"
                    hoverable
                    className="offline-card"
                    data-household={h.household.id}
                    onClick={() => setOpen(h.household.id)}
                    style={{ marginBottom: 8 }}
                  >
                    <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                      <span className="offline-card-title">{headOf(h)}家</span>
                      <ClassTag code={h.class} classes={pkg.classes} />
                    </Space>
                    <Typography.Text type="secondary">
                      {h.members.length} 人 · {tasksOf(h.household.id).length} 项待办任务
                    </Typography.Text>
                  </Card>
                ))}
              </>
            ),
          },
          {
            key: 'tasks',
            label: `待办任务（${pkg.tasks.length}）`,
            children: pkg.tasks.length === 0 ? <Empty description="没有待办的整改任务" /> : pkg.tasks.map(taskCard),
          },
          {
            key: 'queue',
            label: (
              <Badge count={attention} size="small" offset={[8, 0]}>
                离线队列{waiting > 0 ? `（${waiting}）` : ''}
              </Badge>
            ),
            children: (
              <QueueList
                items={queue}
                onResolve={(item) => setDialog({ kind: 'conflict', item })}
                onDiscard={(item) => void putQueueItem({ ...item, state: 'discarded', message: `已放弃：${item.message ?? ''}` }).then(reload)}
              />
            ),
          },
        ]}
      />
    );

  return (
    <div className="offline-page" data-testid="offline-workspace">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        离线采集
      </Typography.Title>
      {status}
      <Space wrap style={{ margin: '12px 0' }}>
        {user && (
          <Button icon={<CloudDownloadOutlined />} disabled={!online || busy} onClick={() => void take()}>
            {pkg ? '更新本村数据' : '带走本村数据'}
          </Button>
        )}
        <Button type="primary" icon={<CloudUploadOutlined />} disabled={!online || busy || waiting === 0} onClick={() => void send()}>
          发送队列{waiting > 0 ? `（${waiting}）` : ''}
        </Button>
      </Space>
      {body}
      {dialog?.kind === 'income' && <IncomeForm household={dialog.h} onClose={closeDialog} onQueued={queued} />}
      {dialog?.kind === 'member' && <MemberCorrectForm household={dialog.h} memberId={dialog.memberId} onClose={closeDialog} onQueued={queued} />}
      {dialog?.kind === 'remove' && <MemberRemoveForm household={dialog.h} memberId={dialog.memberId} onClose={closeDialog} onQueued={queued} />}
      {dialog?.kind === 'visit' && <VisitForm household={dialog.h} today={today} onClose={closeDialog} onQueued={queued} />}
      {dialog?.kind === 'task' && pkg && (
        <TaskCompleteForm
          task={dialog.t}
          household={pkg.households.find((h) => h.household.id === dialog.t.householdId)}
          checklist={pkg.hygieneChecklist}
          today={today}
          onClose={closeDialog}
          onQueued={queued}
        />
      )}
      {dialog?.kind === 'conflict' && (
        <ConflictDialog
          item={dialog.item}
          onClose={closeDialog}
          onDecided={(resend) => {
            setDialog(null);
            void reload().then(() => (resend ? send() : undefined));
          }}
        />
      )}
    </div>
  );
}
