// The day forms start on: the demo's fixed day when it runs one, else today in China time.
import dayjs from 'dayjs';
import { useSession } from '../../session.js';

export function useToday(): string {
  const { info } = useSession();
  return info.demoToday ?? dayjs().format('YYYY-MM-DD');
}
