// A procedure as antd Steps, in the order of the active rulebook's steps: each step with its date,
// who recorded it and its document; the notice (公示) is one item with its start and end (the step
// marked `objections` closes the notice its previous step opened); 补录 steps are marked. Vertical: seven steps
// with a date, a name and a document number each do not fit side by side at 1366 or 1024 px.
import { Steps, Tag, Typography } from 'antd';
import type { ProcedureDefView, ProcedureView } from '../../api/exit.js';

type Step = ProcedureView['steps'][number];

/** The step's name in the procedure; a code it does not know (another rulebook's) reads as itself. */
export function stepLabel(def: ProcedureDefView, step: string): string {
  return def.steps.find((s) => s.code === step)?.name ?? step;
}

/** The codes of the steps that open and close the notice, if the procedure has one. */
export function noticeCodes(def: ProcedureDefView): { start: string; end: string } | null {
  const i = def.steps.findIndex((s) => s.objections);
  return i <= 0 ? null : { start: def.steps[i - 1]!.code, end: def.steps[i]!.code };
}

function StepText({ s }: { s: Step }) {
  return (
    <div className="exit-step">
      {s.date} · {s.by.name} · <span className="muted">{s.document}</span>
      {s.votesFor !== null && (
        <span className="muted">
          {' '}
          · 赞成 {s.votesFor} 票，反对 {s.votesAgainst ?? 0} 票
        </span>
      )}
      {s.backdateReason && (
        <Tag color="orange" title={s.backdateReason} style={{ marginLeft: 8 }}>
          补录：{s.backdateReason}
        </Tag>
      )}
    </div>
  );
}

export function ExitSteps({
  definition,
  procedure,
  noticeEarliestEnd,
  size = 'small',
}: {
  definition: ProcedureDefView;
  procedure: ProcedureView | null;
  noticeEarliestEnd?: string | null;
  size?: 'small' | 'default';
}) {
  const notice = noticeCodes(definition);
  const order = definition.steps.map((s) => s.code).filter((s) => s !== notice?.end);
  const done = new Map((procedure?.steps ?? []).map((s) => [s.step, s]));
  const sentBack = procedure?.status === 'sent-back';
  let current = order.findIndex((s) => !done.has(s) || (notice !== null && s === notice.start && !done.has(notice.end)));
  if (current < 0) current = order.length;
  const items = order.map((step, i) => {
    const rec = done.get(step);
    let content: React.ReactNode = null;
    if (notice !== null && step === notice.start && rec) {
      const end = done.get(notice.end);
      content = (
        <div className="exit-step">
          {rec.date} 至 {end ? end.date : `（最早 ${noticeEarliestEnd ?? '—'} 结束）`} · {rec.by.name} · <span className="muted">{rec.document}</span>
          {(rec.backdateReason || end?.backdateReason) && (
            <Tag color="orange" style={{ marginLeft: 8 }}>
              补录
            </Tag>
          )}
        </div>
      );
    } else if (rec) content = <StepText s={rec} />;
    const status = i < current ? 'finish' : i === current ? (sentBack ? 'error' : 'process') : 'wait';
    return { key: step, title: stepLabel(definition, step), content, status: status as 'finish' | 'process' | 'wait' | 'error' };
  });
  return (
    <>
      <Steps orientation="vertical" size={size} current={current} items={items} className="exit-steps" />
      {sentBack && (
        <Typography.Paragraph type="danger" style={{ marginTop: 8 }}>
          已退回：{procedure?.closedReason}
        </Typography.Paragraph>
      )}
    </>
  );
}
