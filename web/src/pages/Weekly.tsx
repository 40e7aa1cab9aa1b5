// 周调度: the week's figures per township (ranked) and for the county with the change on the week
// before; the county office's analysis and the weekly meeting's record; the workbook; the print
// sheet (A4 landscape); and the what-if for the analysis. A closed week is a snapshot.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { supervisionApi, type WeeklyResponse } from '../api/supervision.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { WEEKLY_CSS, WeeklyTable } from '../components/supervision/WeeklyTable.js';
import { WhatIfCard } from '../components/supervision/WhatIfCard.js';
import { dateTime } from '../lib/format.js';
import { useLoad } from '../lib/useLoad.js';
import { Link, setQuery, useLocation } from '../router.js';

/** 疑点 as they stand now and the spot checks drawn this week (not part of the stored snapshot). */
function ChecksCard({ report }: { report: WeeklyResponse }) {
  const p = report.pointsToVerify;
  const s = report.spotChecks;
  if (p === null && s === null) return null;
  return (
    <Card title="疑点核实与抽查" style={{ marginTop: 16 }} data-testid="weekly-checks">
      {p !== null && (
        <Typography.Paragraph>
          当前疑点：待核实 {p.open} 条（其中逾期 {p.overdue} 条），已核实待审核 {p.checked} 条。<Link to="/checks/points">疑点核实</Link>
        </Typography.Paragraph>
      )}
      {s !== null &&
        (s.length === 0 ? (
          <Typography.Paragraph type="secondary">本周没有新抽取的抽查或三率自评估样本。</Typography.Paragraph>
        ) : (
          s.map((c) => (
            <Typography.Paragraph key={c.id}>
              {c.kind === 'three-rate' ? '三率自评估' : '抽查'}（{c.populationLabel}）：样本 {c.sampleSize} 户，已核查 {c.checked} 户。
              <Link to={`/spot-checks/${c.id}`}>查看</Link>
            </Typography.Paragraph>
          ))
        ))}
    </Card>
  );
}

const PRINT_CSS = `
@page { size: A4 landscape; margin: 12mm; }
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content, body { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  .wk-table th, .wk-table td { border-color: #000; font-size: 11px; padding: 3px 4px; }
}
.wk-sheet h1 { text-align: center; font-size: 20px; margin: 0 0 4px; }
.wk-sheet .period { text-align: center; margin-bottom: 12px; }
.wk-sheet .notes { white-space: pre-wrap; border: 1px solid #d9d9d9; padding: 8px; min-height: 40px; }
`;

function Notes({ report, onSaved }: { report: WeeklyResponse; onSaved: (r: WeeklyResponse) => void }) {
  const [busy, setBusy] = useState(false);
  const save = async (v: { analysis?: string; meeting?: string }) => {
    setBusy(true);
    try {
      onSaved(await supervisionApi.weeklyNotes(report.week, { analysis: v.analysis || null, meeting: v.meeting || null }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form layout="vertical" initialValues={{ analysis: report.analysis ?? '', meeting: report.meeting ?? '' }} onFinish={(v) => void save(v)}>
      <Form.Item name="analysis" label="县扶贫办分析">
        <Input.TextArea aria-label="县扶贫办分析" rows={3} maxLength={5000} />
      </Form.Item>
      <Form.Item name="meeting" label="例会记录">
        <Input.TextArea aria-label="例会记录" rows={3} maxLength={5000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        保存分析和例会记录
      </Button>
    </Form>
  );
}

export function WeeklySheet({ report }: { report: WeeklyResponse }) {
  return (
    <div className="wk-sheet" data-testid="weekly-sheet">
      <h1>{report.countyName}脱贫攻坚周调度</h1>
      <div className="period">
        第 {report.week} 周（{report.start} 至 {report.end}）
      </div>
      <WeeklyTable report={report} />
      <h3>分析</h3>
      <div className="notes">{report.analysis ?? '（未填写）'}</div>
      <h3>例会记录</h3>
      <div className="notes">{report.meeting ?? '（未填写）'}</div>
      {/* Hooks for the cross-check (points to verify) and spot-check results: docs/supervision.md. */}
    </div>
  );
}

export default function WeeklyPage({ print = false }: { print?: boolean }) {
  const week = useLocation().search.get('week') ?? undefined;
  const state = useLoad((signal) => supervisionApi.weekly(week, signal), [week]);
  return (
    <>
      <style>{WEEKLY_CSS + PRINT_CSS}</style>
      <LoadState state={state}>
        {(r) =>
          print ? (
            <>
              <Space className="no-print" style={{ marginBottom: 16 }}>
                <Link to={`/supervision/weekly?week=${r.week}`}>返回周调度</Link>
                <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
                  打印
                </Button>
              </Space>
              <WeeklySheet report={r} />
            </>
          ) : (
            <>
              <PageTitle
                title="周调度"
                sub={`第 ${r.week} 周（${r.start} 至 ${r.end}）`}
                extra={
                  <Space wrap>
                    <Select
                      aria-label="周次"
                      style={{ width: 130 }}
                      value={r.week}
                      onChange={(w: string) => setQuery({ week: w })}
                      options={[...new Set([r.week, ...r.stored])]
                        .sort()
                        .reverse()
                        .map((w) => ({ value: w, label: w }))}
                    />
                    <Link to={`/supervision/weekly/print?week=${r.week}`}>
                      <Button icon={<PrinterOutlined />}>打印</Button>
                    </Link>
                    <Button icon={<DownloadOutlined />} onClick={() => void supervisionApi.exportWeekly(r.week)}>
                      下载 Excel
                    </Button>
                  </Space>
                }
              />
              {r.snapshot ? (
                <Tag color="blue" style={{ marginBottom: 12 }}>
                  已存档：{dateTime(r.createdAt)} 写入，不再改变
                </Tag>
              ) : (
                <Alert type="info" showIcon style={{ marginBottom: 12 }} title="本周尚未结束：数字随工作进展实时变化，周结束后存档。" />
              )}
              <Card title="各乡镇进度（按综合得分排名）">
                <WeeklyTable report={r} />
              </Card>
              <ChecksCard report={r} />
              <Card title="分析和例会" style={{ marginTop: 16 }}>
                {r.canNotes ? (
                  <Notes key={r.week} report={r} onSaved={state.setData} />
                ) : (
                  <>
                    <Typography.Paragraph>分析：{r.analysis ?? '（未填写）'}</Typography.Paragraph>
                    <Typography.Paragraph>例会记录：{r.meeting ?? '（未填写）'}</Typography.Paragraph>
                  </>
                )}
              </Card>
              <WhatIfCard />
            </>
          )
        }
      </LoadState>
    </>
  );
}
