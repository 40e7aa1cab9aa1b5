// A procedure as antd Steps: each step with its date, who recorded it and its document; the
// notice (公示) is one item with its start and end; 补录 steps are marked. Vertical: seven steps
// with a date, a name and a document number each do not fit side by side at 1366 or 1024 px.
import { Steps, Tag, Typography } from 'antd';
import type { ProcedureView } from '../../api/exit.js';
import { EXIT_STEP_LABELS, HOUSEHOLD_STEPS, VILLAGE_STEPS, type ExitStep } from '../../../../src/domain/exitProcedure.js';

type Step = ProcedureView['steps'][number];

export function stepLabel(step: string): string {
  return EXIT_STEP_LABELS[step as ExitStep] ?? step;
}

function StepText({ s }: { s: Step }) {
  return (
    <div className="exit-step">
      {s.date} · {s.by.name} · <span className="muted">{s.document}</span>
      {s.votesFor !== null && <span className="muted"> · 赞成 {s.votesFor} 票，反对 {s.votesAgainst ?? 0} 票</span>}
      {s.backdateReason && <Tag color="orange" title={s.backdateReason} style={{ marginLeft: 8 }}>补录：{s.backdateReason}</Tag>}
    </div>
  );
}

export function ExitSteps({ kind, procedure, noticeEarliestEnd, size = 'small' }: {
  kind: 'household' | 'village';
  procedure: ProcedureView | null;
  noticeEarliestEnd?: string | null;
  size?: 'small' | 'default';
}) {
  const order = (kind === 'household' ? HOUSEHOLD_STEPS : VILLAGE_STEPS).filter((s) => s !== 'notice-end') as readonly ExitStep[];
  const done = new Map((procedure?.steps ?? []).map((s) => [s.step, s]));
  const sentBack = procedure?.status === 'sent-back';
  let current = order.findIndex((s) => !done.has(s) || (s === 'notice-start' && !done.has('notice-end')));
  if (current < 0) current = order.length;
  const items = order.map((step, i) => {
    const rec = done.get(step);
    let content: React.ReactNode = null;
    if (step === 'notice-start' && rec) {
      const end = done.get('notice-end');
      content = (
        <div className="exit-step">
          {rec.date} 至 {end ? end.date : `（最早 ${noticeEarliestEnd ?? '—'} 结束）`} · {rec.by.name} · <span className="muted">{rec.document}</span>
          {(rec.backdateReason || end?.backdateReason) && <Tag color="orange" style={{ marginLeft: 8 }}>补录</Tag>}
        </div>
      );
    } else if (rec) content = <StepText s={rec} />;
    const status = i < current ? 'finish' : i === current ? (sentBack ? 'error' : 'process') : 'wait';
    return { key: step, title: step === 'notice-start' ? '公示' : stepLabel(step), content, status: status as 'finish' | 'process' | 'wait' | 'error' };
  });
  return (
    <>
      <Steps orientation="vertical" size={size} current={current} items={items} className="exit-steps" />
      {sentBack && <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>已退回：{procedure?.closedReason}</Typography.Paragraph>}
    </>
  );
}
