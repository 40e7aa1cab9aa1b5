// The task rows with the buttons the signed-in user may press (the server lists them per task),
// shared by the 整改任务 page and the household page's task panel.
import { useState } from 'react';
import { Button, Grid, Space, Table, Tag, Tooltip, message } from 'antd';
import type { TableProps } from 'antd';
import { INDICATOR_LABELS, TASK_STATUS_LABELS } from '../../../../src/domain/labels.js';
import { STEP_LABELS, type TaskStep } from '../../../../src/domain/taskLabels.js';
import type { TaskStepResponse, TaskView } from '../../api/tasks.js';
import { Link } from '../../router.js';
import { StepDialog } from './StepDialog.js';
import { STATUS_COLORS, TaskCards, TaskWhat } from './TaskCards.js';

interface Props {
  items: TaskView[];
  today: string;
  deadline: string;
  loading?: boolean;
  showHousehold?: boolean;
  selection?: { keys: string[]; onChange: (keys: string[]) => void };
  pagination?: TableProps<TaskView>['pagination'];
  onChanged: (r: TaskStepResponse) => void;
}

export function TaskTable({ items, today, deadline, loading, showHousehold = true, selection, pagination, onChanged }: Props) {
  const [open, setOpen] = useState<{ task: TaskView; step: TaskStep } | null>(null);
  const [msg, holder] = message.useMessage();
  // On a phone each task is a card that says what it is above its buttons: the table showed a
  // cut-off task number and the 完成 buttons, so a task could be closed unseen.
  const phone = Grid.useBreakpoint().md === false;

  const buttons = (t: TaskView) =>
    t.steps.length === 0 ? (
      <span className="muted">—</span>
    ) : (
      <Space size={4} wrap>
        {t.steps
          .filter((s) => s !== 'assign' || t.status !== 'proposed')
          .map((s) => (
            <Tooltip key={s} title={s === 'verify' ? '由完成人以外的人验收' : undefined}>
              <Button
                size="small"
                type={s === 'complete' || s === 'verify' || s === 'accept' ? 'primary' : 'default'}
                danger={s === 'return' || s === 'decline'}
                onClick={() => setOpen({ task: t, step: s })}
              >
                {STEP_LABELS[s]}
              </Button>
            </Tooltip>
          ))}
      </Space>
    );

  // Columns merged in pairs (task + number, department + person, due + status) so the table fits
  // a 1366 laptop beside the menu: it needed 1,420 px.
  const columns: TableProps<TaskView>['columns'] = [
    {
      title: '整改任务',
      key: 'indicator',
      width: 150,
      render: (_, t) => (
        <>
          <div>
            {INDICATOR_LABELS.label(t.indicator)}
            {t.memberName ? <span className="muted"> · {t.memberName}</span> : null}
          </div>
          <div className="muted task-id">{t.id}</div>
        </>
      ),
    },
    ...(showHousehold
      ? [
          {
            title: '农户',
            key: 'household',
            width: 140,
            render: (_: unknown, t: TaskView) => (
              <>
                <Link to={`/households/${encodeURIComponent(t.householdId)}?tab=tasks`}>{t.headName ?? t.householdId}户</Link>
                <div className="muted">
                  {t.townshipName} {t.villageName}
                </div>
              </>
            ),
          },
        ]
      : []),
    {
      title: '责任部门 / 责任人',
      key: 'responsible',
      width: 110,
      render: (_, t) => (
        <>
          <div>{t.sector ?? '乡镇'}</div>
          <div>{t.responsible ?? <span className="muted">未指定</span>}</div>
        </>
      ),
    },
    {
      title: '完成时限 / 状态',
      key: 'due',
      width: 120,
      render: (_, t) => (
        <>
          <div>
            {t.dueDate}
            {t.overdue && (
              <Tag color="red" style={{ marginInlineStart: 4 }}>
                逾期
              </Tag>
            )}
          </div>
          <Tag color={STATUS_COLORS[t.status]} data-status={t.status}>
            {TASK_STATUS_LABELS.label(t.status)}
          </Tag>
          {t.status === 'returned' && t.returnReason && <div className="muted">退回：{t.returnReason}</div>}
          {t.status === 'declined' && t.declineReason && <div className="muted">{t.declineReason}</div>}
        </>
      ),
    },
    {
      title: '整改内容 / 完成情况',
      key: 'what',
      render: (_, t) => <TaskWhat t={t} />,
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, t) => buttons(t),
    },
  ];

  const dialog = open && (
    <StepDialog
      task={open.task}
      step={open.step}
      today={today}
      deadline={deadline}
      onClose={() => setOpen(null)}
      onDone={(r) => {
        setOpen(null);
        const moved = r.classBefore !== null && r.classBefore !== r.classAfter ? `，该户类别 ${r.classBefore}类 → ${r.classAfter}类` : '';
        void msg.success(`已${STEP_LABELS[open.step]}整改任务 ${open.task.id}${moved}`);
        onChanged(r);
      }}
    />
  );

  if (phone) {
    return (
      <>
        {holder}
        <TaskCards items={items} loading={loading} showHousehold={showHousehold} selection={selection} pagination={pagination} buttons={buttons} />
        {dialog}
      </>
    );
  }

  return (
    <>
      {holder}
      <Table<TaskView>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        scroll={{ x: showHousehold ? 980 : 840 }}
        pagination={pagination ?? false}
        {...(selection ? { rowSelection: { selectedRowKeys: selection.keys, onChange: (k) => selection.onChange(k as string[]) } } : {})}
        locale={{ emptyText: '没有符合条件的整改任务' }}
      />
      {dialog}
    </>
  );
}
