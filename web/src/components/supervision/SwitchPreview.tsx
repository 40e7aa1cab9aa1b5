// Before a rulebook switch is confirmed: how many households would change class under the chosen
// rulebook, pair by pair (assessed on the server without writing anything).
import { Alert, Spin, Table } from 'antd';
import { get } from '../../api/client.js';
import type { RulebookPreviewResponse } from '../../../../src/contract/supervision.js';
import { int } from '../../lib/format.js';
import { useLoad } from '../../lib/useLoad.js';

type Move = RulebookPreviewResponse['movements'][number];

export function SwitchPreview({ id }: { id: string }) {
  const state = useLoad((signal) => get<RulebookPreviewResponse>('/api/supervision/rulebook-preview', { query: { id }, signal }), [id]);
  if (state.loading && !state.data) return <Spin size="small" />;
  const p = state.data;
  if (!p) return null;
  return (
    <div data-testid="rulebook-preview" style={{ marginBottom: 12 }}>
      <Alert
        type={p.changed > 0 ? 'warning' : 'info'}
        showIcon
        title={
          p.changed > 0 ? `按新规则，全县 ${int(p.households)} 户中有 ${int(p.changed)} 户类别将改变` : `按新规则，全县 ${int(p.households)} 户的类别都不变`
        }
      />
      {p.movements.length > 0 && (
        <Table<Move>
          size="small"
          style={{ marginTop: 8 }}
          rowKey={(m) => `${m.from}>${m.to}`}
          pagination={false}
          dataSource={p.movements}
          columns={[
            { title: '现在', dataIndex: 'fromLabel', key: 'from' },
            { title: '更换后', dataIndex: 'toLabel', key: 'to' },
            { title: '户数', dataIndex: 'households', key: 'n', render: (n: number) => int(n) },
          ]}
        />
      )}
    </div>
  );
}
