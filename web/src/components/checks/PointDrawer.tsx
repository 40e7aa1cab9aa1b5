// One point to verify, opened from a list (?point=ID): what differs and why, the list row as
// the list gave it, how the row was matched, the evidence, each step so far, and the steps the
// signed-in user may take now (the server lists them).
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Grid, List, Space, Tag, Timeline, Typography, message } from 'antd';
import { checkApi, loadCheckKinds, type CheckKindsResponse, type PointDetailResponse, type PointStepResponse } from '../../api/checks.js';
import { dateTime } from '../../lib/format.js';
import { useLoad } from '../../lib/useLoad.js';
import { Link, useLocation } from '../../router.js';
import { PointStepDialog, type PointDialog } from './PointStepDialogs.js';
import { POINT_STATUS_COLORS, useOpenPoint } from './PointTable.js';

const STEP_BUTTONS: { step: PointDialog; label: string; primary?: boolean }[] = [
  { step: 'finding', label: '录入核实结果', primary: true },
  { step: 'verify', label: '审核', primary: true },
  { step: 'close', label: '销号' },
];

function Detail({
  d,
  kinds,
  today,
  onChanged,
}: {
  d: PointDetailResponse;
  kinds: CheckKindsResponse;
  today: string;
  onChanged: (r: PointStepResponse) => void;
}) {
  const [dialog, setDialog] = useState<PointDialog | null>(null);
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color={POINT_STATUS_COLORS[d.status]}>{d.statusLabel}</Tag>
        {d.findingLabel && <Tag>{d.findingLabel}</Tag>}
        <span className="muted">已开 {d.ageDays} 天</span>
      </Space>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'household',
            label: '农户',
            children: d.householdId ? (
              <Link to={`/households/${encodeURIComponent(d.householdId)}?tab=points`}>
                {d.headName ?? d.householdId}户（{d.householdId}）
              </Link>
            ) : (
              '花名册无此人'
            ),
          },
          { key: 'member', label: '成员', children: d.memberName ? `${d.memberName}${d.memberId ? `（${d.memberId}）` : ''}` : '—' },
          { key: 'place', label: '乡镇 / 村', children: [d.townshipName, d.villageName].filter(Boolean).join(' ') || '—' },
          { key: 'source', label: '来源名单', children: `${d.listKindLabel} · ${d.source} · 截至 ${d.asOf}${d.row !== null ? ` · 第 ${d.row} 行` : ''}` },
          {
            key: 'diff',
            label: d.fieldLabel ?? '差异',
            children: (
              <>
                花名册 <b>{d.ours ?? '—'}</b> / 名单 <b>{d.theirs ?? '—'}</b>
              </>
            ),
          },
          { key: 'rule', label: '判定规则', children: d.ruleText },
          ...(d.linkExplanation ? [{ key: 'link', label: '匹配依据', children: d.linkExplanation }] : []),
          { key: 'assignee', label: '核实责任人', children: d.assignee ? `${d.assignee}${d.dueDate ? `（限 ${d.dueDate}）` : ''}` : '未分派' },
          ...(d.checkedBy
            ? [
                {
                  key: 'checked',
                  label: '核实',
                  children: `${d.findingLabel ?? ''} · ${d.checkedBy.name} · ${dateTime(d.checkedAt)}${d.note ? ` · ${d.note}` : ''}`,
                },
              ]
            : []),
          ...(d.verifiedBy ? [{ key: 'verified', label: '审核', children: `${d.verifiedBy.name} · ${dateTime(d.verifiedAt)}` }] : []),
        ]}
      />
      {d.correction && (
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 12 }}
          title={d.correction.kind === 'task' ? `已生成整改任务：${d.correction.text}` : `已提交更正：${d.correction.text}`}
          description={
            <>
              {d.correction.status}
              {d.correction.kind === 'task' ? (
                <Link to={`/tasks?household=${encodeURIComponent(d.householdId ?? '')}`}> 查看整改任务</Link>
              ) : (
                <Link to="/approvals"> 查看待审批</Link>
              )}
            </>
          }
          data-testid="point-correction"
        />
      )}
      {d.listRecord.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            名单原始记录
          </Typography.Title>
          <Descriptions size="small" column={1} items={d.listRecord.map((r, i) => ({ key: String(i), label: r.label, children: r.value }))} />
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        佐证材料（{d.evidenceFiles.length}）
      </Typography.Title>
      <List
        size="small"
        dataSource={d.evidenceFiles}
        locale={{ emptyText: '暂无' }}
        renderItem={(e) => (
          <List.Item>
            <a href={checkApi.evidenceUrl(d.id, e.id)} target="_blank" rel="noreferrer">
              {e.fileName}
            </a>
            <span className="muted">
              {Math.ceil(e.size / 1024)} KB · {e.uploadedBy.name}
            </span>
          </List.Item>
        )}
        data-testid="point-evidence"
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        办理记录
      </Typography.Title>
      <Timeline
        items={d.history.map((h, i) => ({
          key: i,
          content: (
            <>
              {h.text}
              <div className="muted">
                {h.actor} · {dateTime(h.at)}
              </div>
            </>
          ),
        }))}
        data-testid="point-history"
      />
      <Space wrap style={{ marginTop: 8 }}>
        {STEP_BUTTONS.filter((b) => d.steps.includes(b.step)).map((b) => (
          <Button key={b.step} type={b.primary ? 'primary' : 'default'} onClick={() => setDialog(b.step)}>
            {b.label}
          </Button>
        ))}
      </Space>
      {dialog && (
        <PointStepDialog
          point={d}
          dialog={dialog}
          findings={kinds.findings}
          today={today}
          onClose={() => setDialog(null)}
          onDone={(r) => {
            setDialog(null);
            onChanged(r);
          }}
        />
      )}
    </>
  );
}

/** The drawer of the point named by ?point=ID; `onChanged` lets the list behind it reload. */
export function PointDrawer({ today, onChanged }: { today: string; onChanged: () => void }) {
  const { search } = useLocation();
  const id = Number(search.get('point')) || null;
  const open = useOpenPoint();
  const screens = Grid.useBreakpoint();
  const kinds = useLoad(() => loadCheckKinds(), []);
  const state = useLoad(() => (id === null ? Promise.resolve(null) : checkApi.point(id)), [id]);
  const [msg, holder] = message.useMessage();
  useEffect(() => {
    if (state.error) void msg.error(state.error.message);
  }, [state.error, msg]);
  const d = state.data;
  return (
    <>
      {holder}
      <Drawer
        open={id !== null}
        size={screens.md ? 560 : '100%'}
        title={d ? `疑点：${d.kindLabel}` : '疑点'}
        onClose={() => open(null)}
        loading={state.loading}
        destroyOnHidden
      >
        {d && kinds.data && (
          <div data-testid="point-detail">
            <Detail
              d={d}
              kinds={kinds.data}
              today={today}
              onChanged={(r) => {
                const parts = [`已${r.point.statusLabel}`];
                if (r.classBefore && r.classAfter && r.classBefore !== r.classAfter) parts.push(`该户由 ${r.classBefore} 转为 ${r.classAfter}`);
                if (r.correction) parts.push(r.correction.text);
                void msg.success(parts.join('；'));
                state.reload();
                onChanged();
              }}
            />
          </div>
        )}
      </Drawer>
    </>
  );
}
