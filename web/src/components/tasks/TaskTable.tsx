// The task rows with the buttons the signed-in user may press (the server lists them per task),
// shared by the 整改任务 page and the household page's task panel.
import { useState } from 'react';
import { Button, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import type { TableProps } from 'antd';
import { INDICATOR_LABELS, TASK_STATUS_LABELS } from '../../../../src/domain/labels.js';
import { STEP_LABELS, type TaskStep } from '../../../../src/domain/taskLabels.js';
import type { TaskStepResponse, TaskView } from '../../api/tasks.js';
import { Link } from '../../router.js';
import { Attachments } from './Attachments.js';
import { StepDialog } from './StepDialog.js';

const STATUS_COLORS: Record<string, string> = {
  proposed: 'purple',
  open: 'default',
  'in-progress': 'processing',
  done: 'gold',
  verified: 'success',
  returned: 'error',
  declined: 'default',
  cancelled: 'default',
};

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

  const columns: TableProps<TaskView>['columns'] = [
    { title: '任务编号', dataIndex: 'id', key: 'id', width: 170, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span> },
    ...(showHousehold
      ? [
          {
            title: '农户',
            key: 'household',
            width: 170,
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
      title: '指标',
      key: 'indicator',
      width: 100,
      render: (_, t) => (
        <>
          {INDICATOR_LABELS.label(t.indicator)}
          {t.memberName ? <div className="muted">{t.memberName}</div> : null}
        </>
      ),
    },
    { title: '责任部门', dataIndex: 'sector', key: 'sector', width: 80, render: (v: string | null) => v ?? '乡镇' },
    { title: '责任人', dataIndex: 'responsible', key: 'responsible', width: 90, render: (v: string | null) => v ?? <span className="muted">未指定</span> },
    {
      title: '完成时限',
      key: 'due',
      width: 110,
      render: (_, t) => (
        <>
          {t.dueDate}
          {t.overdue && (
            <div>
              <Tag color="red">已逾期</Tag>
            </div>
          )}
        </>
      ),
    },
    {
      title: '状态',
      key: 'status',
      width: 120,
      render: (_, t) => (
        <>
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
      width: 300,
      render: (_, t) => (
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
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      fixed: 'right',
      render: (_, t) =>
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
        ),
    },
  ];

  return (
    <>
      {holder}
      <Table<TaskView>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        scroll={{ x: showHousehold ? 1420 : 1250 }}
        pagination={pagination ?? false}
        {...(selection ? { rowSelection: { selectedRowKeys: selection.keys, onChange: (k) => selection.onChange(k as string[]) } } : {})}
        locale={{ emptyText: '没有符合条件的整改任务' }}
      />
      {open && (
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
      )}
    </>
  );
}
