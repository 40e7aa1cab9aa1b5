// 公示名单 (print): an A4 sheet with the village, the notice dates, the households (names of the
// heads, natural village, size, class) and the township's objection phone. No ID numbers or
// phones reach this page: the server builds the list without them.
import { Button, Space } from 'antd';
import { exitApi, type NoticeListResponse } from '../api/exit.js';
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
.notice-sheet { background: #fff; width: 210mm; min-height: 297mm; margin: 0 auto; padding: 18mm 16mm; box-shadow: 0 0 8px rgba(0,0,0,.15);
  font-family: "Noto Serif CJK SC", "SimSun", serif; color: #000; }
.notice-sheet h1 { text-align: center; font-size: 22px; margin: 0 0 8px; }
.notice-sheet .period { text-align: center; margin-bottom: 16px; }
.notice-sheet table { width: 100%; border-collapse: collapse; }
.notice-sheet th, .notice-sheet td { border: 1px solid #000; padding: 6px 4px; text-align: center; font-size: 14px; }
.notice-sheet tr { page-break-inside: avoid; }
.notice-sheet thead { display: table-header-group; }
.notice-sheet .footer p { margin: 12px 0 0; text-indent: 2em; line-height: 1.8; }
.notice-sheet .signature { text-align: right; margin-top: 32px; }
/* On a phone the sheet follows the screen; the print still gets the A4 page above. */
@media screen and (max-width: 820px) {
  .notice-sheet { width: auto; min-height: 0; padding: 16px 12px; overflow-x: auto; }
  .notice-sheet h1 { font-size: 18px; }
  .notice-sheet th, .notice-sheet td { font-size: 13px; }
}
`;

function Sheet({ n, code }: { n: NoticeListResponse; code: string }) {
  return (
    <>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/villages/${encodeURIComponent(code)}/exit`}>返回退出程序</Link>
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Button onClick={() => void exitApi.noticeXlsx(code)}>下载 Excel</Button>
      </Space>
      <div className="notice-sheet" data-testid="notice-sheet">
        <h1>{n.title}</h1>
        <div className="period">
          {n.countyName}
          {n.townshipName}
          {n.villageName}　{n.start ? `公示期：${n.start} 至 ${n.end}（${n.days} 天）` : `公示期：____年__月__日 至 ____年__月__日（不少于 ${n.days} 天）`}
        </div>
        <table>
          <thead>
            <tr>
              <th>序号</th>
              <th>户主姓名</th>
              <th>自然村（组）</th>
              <th>家庭人口（人）</th>
              <th>类别</th>
              <th>贫困户属性</th>
            </tr>
          </thead>
          <tbody>
            {n.rows.length === 0 && (
              <tr>
                <td colSpan={6}>（暂无进入公示的农户）</td>
              </tr>
            )}
            {n.rows.map((r) => (
              <tr key={r.no}>
                <td>{r.no}</td>
                <td>{r.headName}</td>
                <td>{r.group}</td>
                <td>{r.size}</td>
                <td>{r.classLabel}</td>
                <td>{r.attributeLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
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

export default function ExitNoticePage({ code }: { code: string }) {
  const state = useLoad(() => exitApi.notice(code), [code]);
  return <LoadState state={state}>{(n) => <Sheet n={n} code={code} />}</LoadState>;
}
