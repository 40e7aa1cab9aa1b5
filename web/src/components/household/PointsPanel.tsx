// The household page's 疑点 tab: this household's points to verify (open ones first; closed
// ones stay listed with their finding), with the drawer to record a finding or verify.
import { Empty } from 'antd';
import { checkApi } from '../../api/checks.js';
import { useLoad } from '../../lib/useLoad.js';
import { PointDrawer } from '../checks/PointDrawer.js';
import { PointTable } from '../checks/PointTable.js';

export function PointsPanel({ householdId, onChanged }: { householdId: string; onChanged: () => void }) {
  const state = useLoad((signal) => checkApi.points({ household: householdId }, 1, 200, signal), [householdId]);
  const d = state.data;
  return (
    <div data-testid="household-points">
      {d !== null && d.items.length === 0 ? (
        <Empty description="没有比对疑点" />
      ) : (
        <PointTable
          items={[...(d?.items ?? [])].sort((a, b) => Number(a.status === 'closed') - Number(b.status === 'closed'))}
          loading={state.loading}
          showHousehold={false}
        />
      )}
      <PointDrawer
        today={d?.today ?? ''}
        onChanged={() => {
          state.reload();
          onChanged();
        }}
      />
    </div>
  );
}

/** The tab's label with the count of points still to verify. */
export function PointsTabLabel({ householdId }: { householdId: string }) {
  const { data } = useLoad(() => checkApi.summary(householdId), [householdId]);
  const open = data ? data.open + data.checked : 0;
  return <>疑点{open > 0 ? `（${open}）` : ''}</>;
}
