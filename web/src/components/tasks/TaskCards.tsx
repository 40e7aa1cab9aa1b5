// Tasks at phone width: one card per task saying what it is (indicator, member, household, what
// to do, due date, status) above the buttons, so 完成 is pressed on a task a person has read.
import type { ReactNode } from 'react';
import { Checkbox, Empty, Pagination, Spin, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { INDICATOR_LABELS, TASK_STATUS_LABELS } from '../../../../src/domain/labels.js';
import type { TaskView } from '../../api/tasks.js';
import { Link } from '../../router.js';
import { Attachments } from './Attachments.js';

export const STATUS_COLORS: Record<string, string> = {
  proposed: 'purple',
  open: 'default',
  'in-progress': 'processing',
  done: 'gold',
  verified: 'success',
  returned: 'error',
  declined: 'default',
  cancelled: 'default',
};

/** 整改内容 and what was done: the task's note, the evidence, who verified, the files. */
export function TaskWhat({ t }: { t: TaskView }) {
  return (
    <>
      {t.note && <div>{t.note}</div>}
      {t.evidenceNote && (
        <div>
          <Typography.Text type="success">完成：</Typography.Text>
          {t.evidenceNote}
          {t.closeOutText ? `（${t.closeOutText}）` : ''}
          {t.doneByName ? ` · ${t.doneByName}` : ''}
        </div>
      )}
      {t.verifiedByName && (
        <div>
          <Typography.Text type="success">验收：</Typography.Text>
          {t.verifiedByName} {t.verifiedAt?.slice(0, 10)}
        </div>
      )}
      {t.attachments > 0 && (
        <div>
          <Attachments taskId={t.id} count={t.attachments} />
        </div>
      )}
    </>
  );
}

interface Props {
  items: TaskView[];
  loading?: boolean;
  showHousehold: boolean;
  selection?: { keys: string[]; onChange: (keys: string[]) => void } | undefined;
  pagination?: TableProps<TaskView>['pagination'] | undefined;
  buttons: (t: TaskView) => ReactNode;
}

export function TaskCards({ items, loading, showHousehold, selection, pagination, buttons }: Props) {
  const p = pagination || null;
  return (
    <Spin spinning={loading ?? false}>
      {items.length === 0 && !loading ? (
        <Empty description="没有符合条件的整改任务" />
      ) : (
        <ul className="task-cards" data-testid="task-cards">
          {items.map((t) => (
            <li key={t.id} className="task-card" data-testid="task-card" data-task={t.id}>
              <div className="task-card-top">
                {selection && (
                  <Checkbox
                    checked={selection.keys.includes(t.id)}
                    aria-label={`选择 ${t.id}`}
                    onChange={(e) => selection.onChange(e.target.checked ? [...selection.keys, t.id] : selection.keys.filter((k) => k !== t.id))}
                  />
                )}
                <span className="task-card-title">
                  {INDICATOR_LABELS.label(t.indicator)}
                  {t.memberName ? ` · ${t.memberName}` : ''}
                </span>
                <Tag color={STATUS_COLORS[t.status]} data-status={t.status}>
                  {TASK_STATUS_LABELS.label(t.status)}
                </Tag>
              </div>
              {showHousehold && (
                <div className="task-card-line">
                  <Link to={`/households/${encodeURIComponent(t.householdId)}?tab=tasks`}>{t.headName ?? t.householdId}户</Link>
                  <span className="muted">
                    {' '}
                    {t.townshipName} {t.villageName}
                  </span>
                </div>
              )}
              <div className="task-card-line muted">
                {t.sector ?? '乡镇'} · {t.responsible ?? '未指定责任人'} · {t.dueDate}前完成
                {t.overdue && (
                  <Tag color="red" style={{ marginInlineStart: 4 }}>
                    逾期
                  </Tag>
                )}
              </div>
              <div className="task-card-what">
                <TaskWhat t={t} />
                {t.status === 'returned' && t.returnReason && <div className="muted">退回：{t.returnReason}</div>}
                {t.status === 'declined' && t.declineReason && <div className="muted">{t.declineReason}</div>}
              </div>
              <div className="task-card-foot">
                <span className="muted task-id">{t.id}</span>
                {buttons(t)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {p && (
        <Pagination
          simple
          align="center"
          style={{ marginTop: 12 }}
          current={p.current}
          pageSize={p.pageSize}
          total={p.total}
          showTotal={p.showTotal}
          onChange={p.onChange}
        />
      )}
    </Spin>
  );
}
