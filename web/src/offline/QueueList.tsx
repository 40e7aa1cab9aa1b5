// 离线队列: what is waiting, what was sent, what needs attention (docs/offline.md).
import { Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { dateTime } from '../lib/format.js';
import { STATE_LABELS, type QueueItem, type QueueState } from './queueTypes.js';

const COLORS: Record<QueueState, string> = { waiting: 'blue', sent: 'green', conflict: 'red', failed: 'red', held: 'default', discarded: 'default' };

const SECTIONS: { title: string; states: QueueState[] }[] = [
  { title: '需要处理', states: ['conflict', 'failed'] },
  { title: '待发送', states: ['waiting', 'held'] },
  { title: '已发送', states: ['sent', 'discarded'] },
];

interface Props {
  items: QueueItem[];
  onResolve: (item: QueueItem) => void;
  onDiscard: (item: QueueItem) => void;
}

export function QueueList({ items, onResolve, onDiscard }: Props) {
  if (items.length === 0) return <Empty description="离线队列是空的：离线记录的修改会列在这里" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {SECTIONS.map((s) => {
        const list = items.filter((i) => s.states.includes(i.state)).reverse();
        return (
          <section key={s.title} data-testid={`queue-${s.states[0]}`}>
            <Typography.Title level={5}>
              {s.title}（{list.length}）
            </Typography.Title>
            {list.map((i) => (
              <Card key={i.id} size="small" className="offline-card" data-queue-state={i.state} style={{ marginBottom: 8 }}>
                <div className="offline-card-title">{i.label}</div>
                <Space wrap size={4}>
                  <Tag color={COLORS[i.state]}>{STATE_LABELS[i.state]}</Tag>
                  <Typography.Text type="secondary">记录于 {dateTime(i.createdAt)}</Typography.Text>
                  {i.sentAt && <Typography.Text type="secondary">发送于 {dateTime(i.sentAt)}</Typography.Text>}
                </Space>
                {i.message && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{i.message}</Typography.Paragraph>}
                {i.state === 'conflict' && (
                  <Button type="primary" size="small" style={{ marginTop: 6 }} onClick={() => onResolve(i)}>
                    处理冲突
                  </Button>
                )}
                {i.state === 'failed' && (
                  <Button size="small" style={{ marginTop: 6 }} onClick={() => onDiscard(i)}>
                    放弃这条修改
                  </Button>
                )}
              </Card>
            ))}
          </section>
        );
      })}
    </Space>
  );
}
