// The household page's 整改任务 tab: this household's tasks with the steps the user may take.
// A step re-assesses the household, so the page reloads to show the new class and history.
import { Empty } from 'antd';
import { taskApi } from '../../api/tasks.js';
import { useLoad } from '../../lib/useLoad.js';
import { TaskTable } from '../tasks/TaskTable.js';

export function TasksPanel({ householdId, onChanged }: { householdId: string; onChanged: () => void }) {
  const state = useLoad((signal) => taskApi.list({ household: householdId }, 1, 200, signal), [householdId]);
  const d = state.data;
  if (d !== null && d.items.length === 0) return <Empty description="没有整改任务" />;
  return (
    <div data-testid="household-tasks">
      <TaskTable
        items={d?.items ?? []}
        today={d?.today ?? ''}
        deadline={d?.deadline ?? ''}
        loading={state.loading}
        showHousehold={false}
        onChanged={() => {
          state.reload();
          onChanged();
        }}
      />
    </div>
  );
}
