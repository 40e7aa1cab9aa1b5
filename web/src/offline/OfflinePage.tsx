// The 离线采集 page inside the signed-in app (menu entry of the village role).
import { useSession } from '../session.js';
import { OfflineWorkspace } from './OfflineWorkspace.js';

export default function OfflinePage() {
  const { user } = useSession();
  return <OfflineWorkspace user={{ username: user.username, name: user.name }} />;
}
