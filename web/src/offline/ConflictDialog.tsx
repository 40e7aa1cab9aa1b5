// A change the server refused because the record changed after it was made offline (409
// version-conflict, docs/offline.md). Theirs and mine side by side; the person keeps the server's,
// keeps theirs own (sent again on the server's current version), or picks item by item (merge).
// Nothing is overwritten unseen, nothing is lost: a discarded change stays in the queue's history.
import { useEffect, useState } from 'react';
import { Alert, Button, Modal, Radio, Space, Spin, Table, Typography } from 'antd';
import type { OfflineVillageResponse } from '../../../src/contract/offline.js';
import { TASK_STATUS_LABELS } from '../../../src/domain/labels.js';
import { INCOME_CATALOGUE } from '../lib/income.js';
import { putQueueItem } from './db.js';
import type { QueueItem } from './queueTypes.js';
import { refreshPackage } from './sync.js';

interface Props {
  item: QueueItem;
  onClose: () => void;
  /** After a decision: `resend` when the change waits again (to be sent now). */
  onDecided: (resend: boolean) => void;
}

interface Row {
  key: string;
  label: string;
  theirs: string;
  mine: string;
}

const MEMBER_FIELD_LABELS: Record<string, string> = { migrantPlace: '务工地点', migrantMonths: '务工时间（月）', basicMedical: '参加基本医疗保险' };
const itemLabel = (code: string) => INCOME_CATALOGUE.find((d) => d.code === code)?.label ?? code;
const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : v === true ? '是' : v === false ? '否' : String(v));

/** The server's side of the conflicting part, and its current version. */
function serverSide(item: QueueItem, pkg: OfflineVillageResponse): { rows: Row[]; version: string | null; gone: string | null } {
  const c = item.change;
  const h = pkg.households.find((x) => x.household.id === c.householdId);
  if (c.kind === 'income') {
    if (!h) return { rows: [], version: null, gone: '该户已不在本村的数据中' };
    const theirs = (h.income?.items ?? {}) as Record<string, number>;
    const codes = [...new Set([...Object.keys(theirs), ...Object.keys(c.items)])];
    const rows = codes.filter((k) => theirs[k] !== c.items[k]).map((k) => ({ key: k, label: itemLabel(k), theirs: shown(theirs[k]), mine: shown(c.items[k]) }));
    return { rows, version: h.versions.income, gone: null };
  }
  if (c.kind === 'member-correct') {
    const m = h?.members.find((x) => x.id === c.memberId) as Record<string, unknown> | undefined;
    if (!h || !m) return { rows: [], version: null, gone: '该成员已不在户中（可能已减员）' };
    const rows = Object.keys(c.fields).map((k) => ({ key: k, label: MEMBER_FIELD_LABELS[k] ?? k, theirs: shown(m[k]), mine: shown(c.fields[k]) }));
    return { rows, version: h.versions.members[c.memberId] ?? null, gone: null };
  }
  if (c.kind === 'member-remove') {
    const m = h?.members.find((x) => x.id === c.memberId);
    if (!h || !m) return { rows: [], version: null, gone: '该成员已不在户中（已由他人减员），只能保留服务器上的' };
    const rows = Object.entries(MEMBER_FIELD_LABELS).map(([k, label]) => ({
      key: k,
      label,
      theirs: shown((m as Record<string, unknown>)[k]),
      mine: '（减员）',
    }));
    return { rows, version: h.versions.members[c.memberId] ?? null, gone: null };
  }
  if (c.kind === 'task-complete') {
    const t = pkg.tasks.find((x) => x.id === c.taskId);
    if (!t || !t.steps.includes('complete')) return { rows: [], version: null, gone: '该任务已由他人办理（不再是待办任务），只能保留服务器上的' };
    const rows = [
      { key: 'status', label: '状态', theirs: TASK_STATUS_LABELS.label(t.status), mine: '已完成' },
      { key: 'responsible', label: '责任人', theirs: shown(t.responsible), mine: '（未改）' },
      { key: 'dueDate', label: '完成时限', theirs: shown(t.dueDate), mine: '（未改）' },
      { key: 'evidence', label: '完成情况', theirs: '（无）', mine: c.evidenceNote },
    ];
    return { rows, version: t.version, gone: null };
  }
  return { rows: [], version: null, gone: '走访记录没有版本，不会冲突' };
}

export function ConflictDialog({ item, onClose, onDecided }: Props) {
  const [pkg, setPkg] = useState<OfflineVillageResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pick, setPick] = useState<Record<string, 'theirs' | 'mine'>>({});

  useEffect(() => {
    refreshPackage().then(
      (p) => setPkg(p),
      (e: unknown) => setError(e instanceof Error ? e.message : '无法取回服务器上的记录：请在有网络时处理冲突'),
    );
  }, []);

  const side = pkg ? serverSide(item, pkg) : null;
  const mergeable = item.change.kind === 'income' || item.change.kind === 'member-correct';

  const keepTheirs = async () => {
    await putQueueItem({ ...item, state: 'discarded', message: `已放弃我的修改，保留服务器上的记录（${item.message ?? ''}）` });
    onDecided(false);
  };

  /** Sends mine again, on the server's current version; `merge` takes the server's value where picked. */
  const resend = async (merge: boolean) => {
    if (!side?.version || !pkg) return;
    const c = structuredClone(item.change);
    const h = pkg.households.find((x) => x.household.id === c.householdId);
    if (merge && c.kind === 'income') {
      const theirs = (h?.income?.items ?? {}) as Record<string, number>;
      for (const r of side.rows) {
        if (pick[r.key] !== 'theirs') continue;
        if (theirs[r.key] === undefined) delete c.items[r.key];
        else c.items[r.key] = theirs[r.key]!;
      }
    }
    if (merge && c.kind === 'member-correct') for (const r of side.rows) if (pick[r.key] === 'theirs') delete c.fields[r.key];
    await putQueueItem({ ...item, change: c, baseVersion: side.version, state: 'waiting', message: merge ? '已合并，待发送' : '保留我的，待发送' });
    onDecided(true);
  };

  return (
    <Modal open title="处理冲突：服务器上的记录已被他人修改" onCancel={onClose} footer={null} width={640} destroyOnHidden>
      <Typography.Paragraph>{item.label}</Typography.Paragraph>
      <Alert type="warning" showIcon title={item.message ?? '记录在您离线修改之后已被他人修改'} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} />}
      {!pkg && !error && <Spin />}
      {side && (
        <>
          {side.gone && <Alert type="info" showIcon title={side.gone} style={{ marginBottom: 12 }} />}
          <Table<Row>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={side.rows}
            data-testid="conflict-table"
            columns={[
              { title: '项目', dataIndex: 'label' },
              { title: '服务器上的（他人的）', dataIndex: 'theirs' },
              { title: '我的', dataIndex: 'mine' },
              ...(mergeable
                ? [
                    {
                      title: '合并时取',
                      key: 'pick',
                      render: (_: unknown, r: Row) => (
                        <Radio.Group
                          size="small"
                          value={pick[r.key] ?? 'mine'}
                          onChange={(e) => setPick((p) => ({ ...p, [r.key]: e.target.value as 'theirs' | 'mine' }))}
                        >
                          <Radio value="theirs">他人的</Radio>
                          <Radio value="mine">我的</Radio>
                        </Radio.Group>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Space wrap style={{ marginTop: 12 }}>
            <Button onClick={() => void keepTheirs()}>保留服务器上的</Button>
            <Button type="primary" disabled={!side.version} onClick={() => void resend(false)}>
              保留我的
            </Button>
            {mergeable && (
              <Button disabled={!side.version} onClick={() => void resend(true)}>
                按所选合并后提交
              </Button>
            )}
          </Space>
        </>
      )}
    </Modal>
  );
}
