// 项目公示 (print): an A4 sheet of the project notice posted in one village. The server builds
// it through the public-notice masker (src/services/projectNotice.ts): no ID numbers, phones,
// bank accounts or health details reach this page.
import { Button, Space } from 'antd';
import { projectApi, type ProjectNoticeSheetResponse } from '../api/projects.js';
import { LoadState } from '../components/LoadState.js';
import { useLoad } from '../lib/useLoad.js';
import { Link } from '../router.js';

const PRINT_CSS = `
@page { size: A4 portrait; margin: 18mm 16mm; }
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content, body { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .notice-sheet { box-shadow: none !important; margin: 0 !important; width: auto !important; min-height: 0 !important; padding: 0 !important; }
}
.notice-sheet { background: #fff; width: 210mm; max-width: 100%; min-height: 297mm; margin: 0 auto; padding: 18mm 16mm; box-shadow: 0 0 8px rgba(0,0,0,.15);
  font-family: "Noto Serif CJK SC", "SimSun", serif; color: #000; box-sizing: border-box; }
.notice-sheet h1 { text-align: center; font-size: 22px; margin: 0 0 8px; }
.notice-sheet .period { text-align: center; margin-bottom: 16px; }
.notice-sheet table { width: 100%; border-collapse: collapse; margin-bottom: 12px; }
.notice-sheet th, .notice-sheet td { border: 1px solid #000; padding: 6px 4px; font-size: 14px; }
.notice-sheet th { width: 8em; }
.notice-sheet .beneficiaries td, .notice-sheet .beneficiaries th { text-align: center; width: auto; }
.notice-sheet tr { page-break-inside: avoid; }
.notice-sheet .footer p { margin: 12px 0 0; text-indent: 2em; line-height: 1.8; }
.notice-sheet .signature { text-align: right; margin-top: 32px; }
@media (max-width: 600px) { .notice-sheet { padding: 6mm 4mm; min-height: 0; } }
`;

function Sheet({ n, projectId, noticeId }: { n: ProjectNoticeSheetResponse; projectId: string; noticeId: string }) {
  return (
    <>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 16 }} wrap>
        <Link to={`/projects/${encodeURIComponent(projectId)}`}>返回项目</Link>
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Button onClick={() => void projectApi.noticeXlsx(projectId, noticeId)}>下载 Excel</Button>
      </Space>
      <div className="notice-sheet" data-testid="project-notice-sheet">
        <h1>{n.title}</h1>
        <div className="period">
          {n.countyName}
          {n.townshipName}
          {n.villageName}　公示期：{n.postedOn} 至 {n.endOn}（不少于 {n.days} 天）
        </div>
        <table>
          <tbody>
            {n.facts.map((f) => (
              <tr key={f.label}>
                <th>{f.label}</th>
                <td>{f.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {n.households.length > 0 && (
          <table className="beneficiaries">
            <thead>
              <tr>
                <th>序号</th>
                <th>户主姓名</th>
                <th>自然村（组）</th>
                <th>家庭人口（人）</th>
              </tr>
            </thead>
            <tbody>
              {n.households.map((h) => (
                <tr key={h.no}>
                  <td>{h.no}</td>
                  <td>{h.headName}</td>
                  <td>{h.group}</td>
                  <td>{h.size}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="footer">
          {n.footer.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
        <div className="signature">{n.signature}</div>
      </div>
    </>
  );
}

export default function ProjectNoticePage({ projectId, noticeId }: { projectId: string; noticeId: string }) {
  const state = useLoad((signal) => projectApi.noticeSheet(projectId, noticeId, signal), [projectId, noticeId]);
  return <LoadState state={state}>{(n) => <Sheet n={n} projectId={projectId} noticeId={noticeId} />}</LoadState>;
}
