// What the app shows when it opened without signal on a phone that took its village along: the
// offline workspace alone (the server's session cannot be checked), and a way back once online.
import { Button } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { OfflineWorkspace } from './OfflineWorkspace.js';

export function OfflineShell({ onRetry }: { onRetry: () => void }) {
  return (
    <div>
      <OfflineWorkspace user={null} />
      <div className="offline-page">
        <Button icon={<ReloadOutlined />} onClick={onRetry}>
          有网络后回到在线版
        </Button>
      </div>
    </div>
  );
}
