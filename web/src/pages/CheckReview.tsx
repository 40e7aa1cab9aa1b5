// 疑似匹配确认: a list row the linkage could not settle, beside the registry member(s) it may be,
// with each field marked as agreeing or not and how (同音字, 月日颠倒 ...). A person confirms the
// match (to the best candidate or the runner-up) or rejects it. Keyboard: Y or Enter confirms,
// N rejects, 1/2 choose the candidate, ← → move between rows; the server decides what follows.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Empty, Input, Result, Segmented, Space, Table, Tag, Typography, message } from 'antd';
import { CheckOutlined, CloseOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { checkApi, type ReviewItem } from '../api/checks.js';
import { PageTitle } from '../components/PageTitle.js';
import { dateTime } from '../lib/format.js';
import { useLoad } from '../lib/useLoad.js';
import { Link, setQuery, useLocation } from '../router.js';

type Side = ReviewItem['list'];
type Candidate = ReviewItem['candidates'][number];
type Agreement = Candidate['comparisons'][number];

interface FieldRow {
  key: string;
  label: string;
  list: string | null;
  values: (string | null)[];
  agreement: (Agreement | null)[];
}

const FIELDS: { key: string; label: string; pick: (s: Side) => string | null; agreement: Agreement['field'] | null }[] = [
  { key: 'name', label: '姓名', pick: (s) => s.name, agreement: 'name' },
  { key: 'idNumber', label: '身份证号', pick: (s) => s.idNumber, agreement: 'idNumber' },
  { key: 'sex', label: '性别', pick: (s) => s.sex, agreement: 'sex' },
  { key: 'birthDate', label: '出生日期', pick: (s) => s.birthDate, agreement: 'birthDate' },
  { key: 'place', label: '乡镇 / 村', pick: (s) => [s.townshipName, s.villageName].filter(Boolean).join(' ') || null, agreement: 'place' },
  { key: 'relation', label: '与户主关系', pick: (s) => s.relation, agreement: 'relation' },
];

function fieldRows(item: ReviewItem): FieldRow[] {
  const rows: FieldRow[] = FIELDS.map((f) => ({
    key: f.key,
    label: f.label,
    list: f.pick(item.list),
    values: item.candidates.map((c) => f.pick(c)),
    agreement: item.candidates.map((c) => c.comparisons.find((x) => x.field === f.agreement) ?? null),
  }));
  // The list's own columns (学校, 参保状态 ...) and the member's facts, matched by label.
  const labels = [...new Set([...item.list.extra.map((e) => e.label), ...item.candidates.flatMap((c) => c.extra.map((e) => e.label))])];
  for (const label of labels)
    rows.push({
      key: `extra:${label}`,
      label,
      list: item.list.extra.find((e) => e.label === label)?.value ?? null,
      values: item.candidates.map((c) => c.extra.find((e) => e.label === label)?.value ?? null),
      agreement: item.candidates.map(() => null),
    });
  return rows;
}

function Mark({ a }: { a: Agreement | null }) {
  if (a === null) return null;
  return (
    <Tag color={a.agrees ? 'success' : a.weight < 0 ? 'error' : 'default'} icon={a.agrees ? <CheckOutlined /> : <CloseOutlined />} className="agree-mark">
      {a.levelLabel}
      <span className="sr-only">{a.agrees ? '（一致）' : '（不一致）'}</span>
    </Tag>
  );
}

function Compare({ item, chosen }: { item: ReviewItem; chosen: number }) {
  const rows = fieldRows(item);
  return (
    <Table<FieldRow>
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: 300 + item.candidates.length * 220 }}
      dataSource={rows}
      data-testid="review-compare"
      columns={[
        { title: '项目', dataIndex: 'label', key: 'label', width: 96, fixed: 'left' },
        {
          title: `名单（第 ${item.row} 行）`,
          key: 'list',
          width: 200,
          render: (_, r) => r.list ?? <span className="muted">（空）</span>,
        },
        ...item.candidates.map((c, i) => ({
          title: (
            <span className={i === chosen ? 'review-chosen-title' : undefined}>
              {i === 0 ? '花名册候选 1（最佳）' : `花名册候选 ${i + 1}`} · {c.score.toFixed(1)} 分
            </span>
          ),
          key: `c${i}`,
          width: 220,
          onCell: () => ({ className: i === chosen ? 'review-chosen' : undefined }),
          render: (_: unknown, r: FieldRow) => (
            <Space size={4} wrap>
              <span>{r.values[i] ?? <span className="muted">（空）</span>}</span>
              <Mark a={r.agreement[i] ?? null} />
            </Space>
          ),
        })),
      ]}
    />
  );
}

function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return t !== null && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
}

const REVIEW_LABELS: Record<string, { text: string; color: string }> = {
  pending: { text: '待确认', color: 'processing' },
  confirmed: { text: '已确认为同一人', color: 'success' },
  rejected: { text: '已否定', color: 'default' },
};

export default function CheckReviewPage() {
  const { search } = useLocation();
  const runId = Number(search.get('runId')) || undefined;
  const status = (search.get('review') ?? 'pending') as 'pending' | 'confirmed' | 'rejected';
  const state = useLoad((signal) => checkApi.reviews({ runId, review: status, pageSize: 200 }, signal), [runId, status]);
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [index, setIndex] = useState(0);
  const [chosen, setChosen] = useState(0);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, holder] = message.useMessage();

  useEffect(() => {
    setItems(state.data?.items ?? []);
    setIndex(0);
  }, [state.data]);
  const item = items[index] ?? null;
  useEffect(() => {
    setChosen(0);
    setNote('');
  }, [item?.runId, item?.row]);

  const decide = useCallback(
    async (decision: 'confirm' | 'reject') => {
      if (item === null || busy || !item.canReview) return;
      setBusy(true);
      try {
        const memberId = decision === 'confirm' ? item.candidates[chosen]?.memberId : undefined;
        const r = await checkApi.decide(item.runId, item.row, { decision, memberId, note: note.trim() || null });
        setItems((xs) => xs.map((x) => (x.runId === r.item.runId && x.row === r.item.row ? r.item : x)));
        const parts = [decision === 'confirm' ? '已确认为同一人' : '已否定为同一人'];
        if (r.pointsOpened > 0) parts.push(`新增疑点 ${r.pointsOpened} 条`);
        if (r.pointsClosed > 0) parts.push(`销号疑点 ${r.pointsClosed} 条`);
        void msg.success(parts.join('，'));
        // On to the next row still waiting.
        const next = items.findIndex((x, i) => i > index && x.review === 'pending');
        if (next >= 0) setIndex(next);
      } catch {
        // The API client has shown the reason.
      } finally {
        setBusy(false);
      }
    },
    [item, busy, chosen, note, items, index, msg],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e) || e.altKey || e.ctrlKey || e.metaKey) return;
      const k = e.key.toLowerCase();
      // Enter on a focused button is that button's own click.
      if (k === 'enter' && (e.target as HTMLElement | null)?.closest('button, a, [role="radio"], [role="option"]')) return;
      if (k === 'y' || k === 'enter') void decide('confirm');
      else if (k === 'n') void decide('reject');
      else if (k === 'arrowright' || k === 'j') setIndex((i) => Math.min(i + 1, Math.max(0, items.length - 1)));
      else if (k === 'arrowleft' || k === 'k') setIndex((i) => Math.max(0, i - 1));
      else if (/^[1-9]$/.test(k) && item && Number(k) <= item.candidates.length) setChosen(Number(k) - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide, items.length, item]);

  const pending = useMemo(() => items.filter((x) => x.review === 'pending').length, [items]);
  const candidate = item?.candidates[chosen] ?? null;

  return (
    <>
      {holder}
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/checks">名单比对</Link> },
          ...(runId ? [{ title: <Link to={`/checks/runs/${runId}`}>本次比对</Link> }] : []),
          { title: '疑似匹配确认' },
        ]}
      />
      <PageTitle
        title="疑似匹配确认"
        sub={state.data ? `共 ${state.data.total} 条${status === 'pending' ? `，尚余 ${pending} 条待确认` : ''}` : null}
        extra={
          <Segmented
            value={status}
            onChange={(v) => setQuery({ runId, review: v === 'pending' ? undefined : String(v) })}
            options={[
              { value: 'pending', label: '待确认' },
              { value: 'confirmed', label: '已确认' },
              { value: 'rejected', label: '已否定' },
            ]}
          />
        }
      />
      {state.error && !state.data ? (
        <Result status="warning" title={state.error.message} />
      ) : item === null ? (
        <Card loading={state.loading}>
          <Empty description={status === 'pending' ? '没有待确认的疑似匹配' : '没有记录'} />
        </Card>
      ) : (
        <Card
          className="review-card"
          data-testid="review-card"
          title={
            <Space wrap>
              <span>
                {item.kindLabel} · {item.source} · 第 {item.row} 行
              </span>
              <Tag color={REVIEW_LABELS[item.review]?.color}>{REVIEW_LABELS[item.review]?.text}</Tag>
            </Space>
          }
          extra={
            <span className="muted">
              {index + 1} / {items.length}
            </span>
          }
        >
          {candidate && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={candidate.summary}
              description={
                candidate.surnameAdjustment
                  ? // The adjustment is by surname or, for a rare whole name, by the name: the summary above says which.
                    `“${candidate.surnameAdjustment.surname}”在本县占 ${(candidate.surnameAdjustment.frequency * 100).toFixed(1)}%，权重调整 ${candidate.surnameAdjustment.weight >= 0 ? '+' : ''}${candidate.surnameAdjustment.weight.toFixed(1)}`
                  : undefined
              }
            />
          )}
          <Compare item={item} chosen={chosen} />
          {candidate && (
            <Typography.Paragraph className="muted" style={{ marginTop: 8 }}>
              候选 {chosen + 1}：
              <Link to={`/households/${encodeURIComponent(candidate.householdId)}?tab=members`}>{candidate.headName ?? candidate.householdId}户</Link>
              （户编号 {candidate.householdId}，人编号 {candidate.memberId}）
            </Typography.Paragraph>
          )}
          {item.review !== 'pending' && (
            <Alert
              type="success"
              style={{ marginTop: 8 }}
              title={`${REVIEW_LABELS[item.review]?.text}：${item.reviewedBy?.name ?? ''} ${dateTime(item.reviewedAt)}${item.confirmedMemberId ? `（人编号 ${item.confirmedMemberId}）` : ''}`}
            />
          )}
          {item.canReview && item.review === 'pending' && (
            <div className="review-actions">
              {item.candidates.length > 1 && (
                <Segmented
                  value={chosen}
                  onChange={(v) => setChosen(Number(v))}
                  options={item.candidates.map((_, i) => ({ value: i, label: `候选 ${i + 1}（按 ${i + 1}）` }))}
                  aria-label="选择候选人"
                />
              )}
              <Input placeholder="说明（可不填）" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} aria-label="确认说明" />
              <Space wrap>
                <Button type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void decide('confirm')} aria-keyshortcuts="Y Enter">
                  是同一人（Y）
                </Button>
                <Button danger icon={<CloseOutlined />} disabled={busy} onClick={() => void decide('reject')} aria-keyshortcuts="N">
                  不是同一人（N）
                </Button>
                <Button icon={<LeftOutlined />} disabled={index === 0} onClick={() => setIndex(index - 1)} aria-label="上一条" aria-keyshortcuts="ArrowLeft" />
                <Button
                  icon={<RightOutlined />}
                  disabled={index >= items.length - 1}
                  onClick={() => setIndex(index + 1)}
                  aria-label="下一条"
                  aria-keyshortcuts="ArrowRight"
                />
              </Space>
              <Typography.Text type="secondary" className="review-keys">
                键盘：Y 或回车 确认，N 否定，1/2 选择候选人，← → 切换
              </Typography.Text>
            </div>
          )}
        </Card>
      )}
    </>
  );
}
