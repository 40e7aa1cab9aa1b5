// A visit's photos: thumbnails that open full size, and for the visitor an upload (JPG or PNG,
// at most 5 MB; the server checks the content, not the name).
import { Button, Image, Space, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { supervisionApi, type VisitView } from '../../api/supervision.js';

export function VisitPhotos({ visit, canAdd, onAdded }: { visit: VisitView; canAdd: boolean; onAdded: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Space size={4} wrap>
      <Image.PreviewGroup>
        {visit.photos.map((p) => (
          <Image key={p.id} width={40} height={40} style={{ objectFit: 'cover' }} src={supervisionApi.photoUrl(visit.id, p.id)} alt={p.fileName} />
        ))}
      </Image.PreviewGroup>
      {canAdd && (
        <Upload
          accept="image/jpeg,image/png"
          showUploadList={false}
          beforeUpload={(file) => {
            setBusy(true);
            supervisionApi
              .addPhoto(visit.id, file)
              .then(onAdded, () => undefined)
              .finally(() => setBusy(false));
            return false;
          }}
        >
          <Button size="small" icon={<CameraOutlined />} loading={busy} aria-label="添加照片">
            照片
          </Button>
        </Upload>
      )}
      {!canAdd && visit.photos.length === 0 && '—'}
    </Space>
  );
}
