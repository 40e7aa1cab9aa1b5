// 待审核 on the household page: the changes of this household waiting for a second person, each
// as before → after; the requester may withdraw, an approver is sent to the 待审批 page.
import { Alert, Button, Popconfirm, Space, Typography } from 'antd';
import { api } from '../../api/endpoints.js';
import { useLoad } from '../../lib/useLoad.js';
import { Link } from '../../router.js';
import { can } from '../../../../src/domain/roles.js';
import { useSession } from '../../session.js';
import { dateTime } from '../../lib/format.js';

interface Props {
  householdId: string;
  /** Moves when the page reloads after a change, so the banner follows. */
  version: unknown;
  onChanged: () => void;
}

export function PendingBanner({ householdId, version, onChanged }: Props) {
  const { user } = useSession();
  const allowed = can(user, 'change.read');
  const state = useLoad(
    () => (allowed ? api.changeRequests({ status: 'pending', household: householdId }, { silent: true }) : Promise.resolve(null)),
    [householdId, version, allowed],
  );
  const items = state.data?.items ?? [];
  if (items.length === 0) return null;
  const anyMine = items.some((i) => i.canDecide);
  return (
    <Alert
      style={{ marginTop: 12 }}
      type="warning"
      showIcon
      data-testid="pending-banner"
      title={`有 ${items.length} 项变更待乡镇审核，批准后才生效`}
      description={
        <ul className="reason-list">
          {items.map((r) => (
            <li key={r.id}>
              <Typography.Text strong>{r.kindLabel}</Typography.Text>：{r.lines.join('；')}
              <Typography.Text type="secondary">
                （{r.requestedBy} {dateTime(r.requestedAt)} 提交，原因：{r.reason}）
              </Typography.Text>
              {r.canWithdraw && (
                <Popconfirm
                  title="撤回这项申请？"
                  okText="撤回"
                  cancelText="取消"
                  onConfirm={async () => {
                    await api.withdrawRequest(r.id);
                    state.reload();
                    onChanged();
                  }}
                >
                  <Button size="small" type="link">
                    撤回
                  </Button>
                </Popconfirm>
              )}
            </li>
          ))}
        </ul>
      }
      action={
        anyMine ? (
          <Space>
            <Link to="/approvals">去审批</Link>
          </Space>
        ) : undefined
      }
    />
  );
}
