// The evidence files of one task, loaded when the user opens the list (most rows are never opened).
import { useState } from 'react';
import { Button, List, Popover, Spin } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { taskApi, type AttachmentView } from '../../api/tasks.js';
import { dateTime } from '../../lib/format.js';

export function Attachments({ taskId, count }: { taskId: string; count: number }) {
  const [items, setItems] = useState<AttachmentView[] | null>(null);
  const load = (open: boolean) => {
    if (open && items === null) void taskApi.attachments(taskId).then((r) => setItems(r.attachments));
  };
  const content =
    items === null ? (
      <Spin size="small" />
    ) : (
      <List
        size="small"
        dataSource={items}
        style={{ maxWidth: 420 }}
        renderItem={(a) => (
          <List.Item>
            <a href={taskApi.attachmentUrl(taskId, a.id)} target="_blank" rel="noreferrer">
              {a.fileName}
            </a>
            <span className="muted">
              {Math.ceil(a.size / 1024)} KB · {a.uploadedByName} · {dateTime(a.uploadedAt)}
            </span>
          </List.Item>
        )}
      />
    );
  return (
    <Popover trigger="click" title="佐证材料" content={content} onOpenChange={load}>
      <Button type="link" size="small" icon={<PaperClipOutlined />} style={{ paddingInline: 0 }}>
        佐证材料 {count} 份
      </Button>
    </Popover>
  );
}
