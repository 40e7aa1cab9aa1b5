// 退出程序 on the household page: the household's procedure as Steps, its objections and any
// earlier procedure sent back. Recording happens on the village's exit page (batch), linked here.
import { Card, Empty, List, Tag, Typography } from 'antd';
import { exitApi } from '../../api/exit.js';
import { useLoad } from '../../lib/useLoad.js';
import { Link } from '../../router.js';
import { ExitSteps, stepLabel } from '../exit/ExitSteps.js';

export function ExitPanel({ householdId }: { householdId: string }) {
  const state = useLoad(() => exitApi.household(householdId), [householdId]);
  const d = state.data;
  if (d === null) return null;
  const p = d.procedure;
  return (
    <Card
      title={d.definition.name}
      style={{ marginTop: 16 }}
      data-testid="exit-panel"
      extra={<Link to={`/villages/${encodeURIComponent(d.villageCode)}/exit`}>本村退出程序</Link>}
    >
      {p === null && d.earlier.length === 0 && (
        <Empty
          description={
            d.preExit ? `预脱贫户，尚未启动${d.definition.name}（下一步：${d.definition.steps[0]?.name ?? ''}）` : `不是预脱贫户，无需${d.definition.name}`
          }
        />
      )}
      {p !== null && <ExitSteps definition={d.definition} procedure={p} noticeEarliestEnd={d.noticeEarliestEnd} />}
      {p !== null && d.next && (
        <div className="muted" style={{ marginTop: 8 }}>
          下一步：{stepLabel(d.definition, d.next)}
        </div>
      )}
      {p !== null && p.objections.length > 0 && (
        <List
          size="small"
          header="公示异议"
          dataSource={p.objections}
          renderItem={(o) => (
            <List.Item>
              {o.receivedOn} 收到：{o.content}{' '}
              {o.resolution === null ? (
                <Tag color="red">待处理</Tag>
              ) : (
                <Tag color={o.resolution.outcome === 'upheld' ? 'red' : 'green'}>
                  {o.resolution.outcome === 'upheld' ? '属实' : '不属实'}（{o.resolution.date}，{o.resolution.note}）
                </Tag>
              )}
            </List.Item>
          )}
        />
      )}
      {d.earlier.map((e) => (
        <div key={e.id} style={{ marginTop: 12 }}>
          <Typography.Text type="secondary">此前的退出程序（{e.startedAt.slice(0, 10)} 启动）</Typography.Text>
          <ExitSteps definition={d.definition} procedure={e} />
        </div>
      ))}
    </Card>
  );
}
