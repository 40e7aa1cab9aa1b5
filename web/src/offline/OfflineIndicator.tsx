// The header's sign that the phone has no signal, leading to the 离线采集 page.
import { Tag } from 'antd';
import { DisconnectOutlined } from '@ant-design/icons';
import { Link } from '../router.js';
import { useOnline } from './useOnline.js';

export function OfflineIndicator() {
  const online = useOnline();
  if (online) return null;
  return (
    <Link to="/offline" data-testid="offline-indicator">
      <Tag icon={<DisconnectOutlined />} color="warning">
        离线
      </Tag>
    </Link>
  );
}
