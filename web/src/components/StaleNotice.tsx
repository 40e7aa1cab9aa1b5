// Said on every page that shows a class while the latest run is behind the registry (the server
// is re-assessing): the figures may be about to change.
import { Alert } from 'antd';
import type { AssessmentState } from '../../../src/contract/api.js';

export function StaleNotice({ state }: { state: AssessmentState }) {
  if (!state.stale) return null;
  return (
    <Alert
      data-testid="stale-notice"
      style={{ marginBottom: 16 }}
      type="warning"
      showIcon
      title={`测算结果不是最新：${state.reason ?? '登记数据有改动'}`}
      description={state.working ? '系统正在重新测算全县，完成后刷新本页即可看到最新类别。' : '系统将自动重新测算，请稍后刷新本页。'}
    />
  );
}
