// 监督电话 on the 退出程序 page: the phone the notice list prints for this village's township and
// the county default, each with its current value; the county office edits both, a township
// office its own township's. Saved through the settings, so each change is in the change log.
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Space } from 'antd';
import { ApiError } from '../../api/client.js';
import { exitApi, type ObjectionPhonesResponse } from '../../api/exit.js';
import { useLoad } from '../../lib/useLoad.js';

type Entry = ObjectionPhonesResponse['phones'][number];

function PhoneRow({ e, onSaved }: { e: Entry; onSaved: (next: ObjectionPhonesResponse) => void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(e.phone ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await exitApi.setObjectionPhone({ townshipCode: e.townshipCode, phone: value }));
      setEditing(false);
    } catch (err) {
      if (err instanceof ApiError) setError(err.message);
      else throw err;
    } finally {
      setBusy(false);
    }
  };
  if (!editing) {
    return (
      <Space>
        <span>{e.phone ?? <span className="muted">未设置</span>}</span>
        {e.canEdit && (
          <Button
            size="small"
            onClick={() => {
              setValue(e.phone ?? '');
              setEditing(true);
            }}
          >
            修改
          </Button>
        )}
      </Space>
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input
          aria-label={`${e.name}监督电话`}
          value={value}
          onChange={(x) => setValue(x.target.value)}
          placeholder="如 0931-8123456；留空则清除"
          style={{ width: 220 }}
        />
        <Button type="primary" size="small" loading={busy} onClick={() => void save()}>
          保存
        </Button>
        <Button
          size="small"
          onClick={() => {
            setEditing(false);
            setError(null);
          }}
        >
          取消
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} />}
    </Space>
  );
}

export function ObjectionPhoneForm({ townshipCode }: { townshipCode: string | null }) {
  const state = useLoad(() => exitApi.objectionPhones(), []);
  const [override, setOverride] = useState<ObjectionPhonesResponse | null>(null);
  const d = override ?? state.data;
  if (d === null) return null;
  const shown = d.phones.filter((e) => e.townshipCode === null || e.townshipCode === townshipCode);
  return (
    <Card size="small" title="公示监督电话" style={{ marginBottom: 16 }} data-testid="objection-phone">
      <Descriptions
        size="small"
        column={1}
        items={shown.map((e) => ({
          key: e.townshipCode ?? 'county',
          label: e.townshipCode === null ? e.name : `${e.name}（本村所属乡镇）`,
          children: <PhoneRow key={`${e.townshipCode}-${e.phone}`} e={e} onSaved={setOverride} />,
        }))}
      />
      <div className="muted">公示名单上印乡镇的电话，乡镇未设置时印全县通用的电话。请填办公电话（带区号）或单位的手机号，不要填个人电话。</div>
    </Card>
  );
}
