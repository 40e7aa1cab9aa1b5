// 村退出程序 on the village page: the village's own sequence as Steps, the form for the step the
// signed-in role records, objections during the village's notice (registered and handled by the
// county office, which runs that notice), and the way to the households' exit page.
import { Button, Card, Space } from 'antd';
import { exitApi } from '../../api/exit.js';
import { useLoad } from '../../lib/useLoad.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session.js';
import { ExitSteps, noticeCodes } from './ExitSteps.js';
import { ObjectionControls } from './ObjectionControls.js';
import { StepForm } from './StepForm.js';

export function VillageExitPanel({ code }: { code: string }) {
  const { user } = useSession();
  const state = useLoad(() => exitApi.village(code), [code]);
  const d = state.data;
  if (d === null) return null;
  const def = d.procedures.village;
  // Objections are registered and handled by the role that closes the notice.
  const notice = noticeCodes(def);
  const noticeRole = def.steps.find((s) => s.code === notice?.end)?.role ?? null;
  return (
    <Card
      title={def.name}
      style={{ marginBottom: 16 }}
      data-testid="village-exit-panel"
      extra={
        <Space>
          <Button onClick={() => navigate(`/villages/${encodeURIComponent(code)}/exit`)}>农户退出程序（{d.households.length}户）</Button>
        </Space>
      }
    >
      <ExitSteps definition={def} procedure={d.procedure} noticeEarliestEnd={d.noticeEarliestEnd} />
      {d.procedure !== null && (
        <ObjectionControls
          procedure={d.procedure}
          subject={d.village.name}
          today={d.today}
          canRecord={user.role === noticeRole}
          noticeRunning={d.procedure.status === 'open' && d.noticeEarliestEnd !== null}
          onChanged={state.reload}
        />
      )}
      {d.next !== null && (
        <div style={{ marginTop: 16 }}>
          <StepForm
            definition={def}
            role={user.role}
            suggested={d.next}
            today={d.today}
            backdateDays={d.rules.village.backdateDays}
            submitLabel="记录"
            onSubmit={async (v) => {
              await exitApi.recordVillageStep(code, v);
              state.reload();
            }}
          />
        </div>
      )}
    </Card>
  );
}
