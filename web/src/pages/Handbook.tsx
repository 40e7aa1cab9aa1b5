// 户册: the printable household handbook, rendered without the app's menu and header so the
// browser prints just the A4 document (layout in handbook.css). Everything personal is already
// masked by the server for a public notice; this page only lays the text out.
import { Button, Result, Spin } from 'antd';
import { PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { useEffect } from 'react';
import { api } from '../api/endpoints.js';
import { ApiError } from '../api/client.js';
import type { HandbookResponse } from '../../../src/contract/api.js';
import { useLoad } from '../lib/useLoad.js';
import { navigate } from '../router.js';
import './handbook.css';

const money = (n: number | null) => (n === null ? '—' : n.toFixed(2));

function Sheet({ b }: { b: HandbookResponse }) {
  const place = [b.townshipName, b.villageName, b.group].filter(Boolean).join(' ');
  const byCategory = new Map<string, HandbookResponse['income']['lines']>();
  for (const l of b.income.lines) byCategory.set(l.categoryLabel, [...(byCategory.get(l.categoryLabel) ?? []), l]);

  return (
    <article className="handbook" data-testid="handbook">
      <h1>建档立卡贫困户户册</h1>
      <div className="hb-sub">
        {place} · {b.headName ?? '（无户主）'}户 · {b.size}人 · {b.year}年度
      </div>

      <section className="hb-keep">
        <h2>一、基本情况</h2>
        <table>
          <tbody>
            {Array.from({ length: Math.ceil(b.facts.length / 2) }, (_, i) => b.facts.slice(i * 2, i * 2 + 2)).map((pair, i) => (
              <tr key={i}>
                {pair.map((f) => [<th key={`${f.label}-h`}>{f.label}</th>, <td key={`${f.label}-v`}>{f.value}</td>])}
                {pair.length === 1 && (
                  <>
                    <th />
                    <td />
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h2>二、家庭成员</h2>
        <table>
          <thead>
            <tr>
              <th>姓名</th>
              <th>与户主关系</th>
              <th>性别</th>
              <th>出生年份</th>
              <th>身份证号</th>
              <th>文化程度</th>
              <th>在校情况</th>
              <th>劳动能力</th>
              <th>联系电话</th>
            </tr>
          </thead>
          <tbody>
            {b.members.map((m, i) => (
              <tr key={i}>
                <td>{m.name}</td>
                <td>{m.relation}</td>
                <td>{m.sex}</td>
                <td>{m.birthYear}</td>
                <td>{m.idNumber}</td>
                <td>{m.education}</td>
                <td>{m.schoolStatus}</td>
                <td>{m.labour}</td>
                <td>{m.phone}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="hb-keep">
        <h2>三、致贫原因与帮扶目标</h2>
        <table>
          <tbody>
            <tr>
              <th>主要致贫原因</th>
              <td>{b.mainCause ?? '—'}</td>
              <th>其他致贫原因</th>
              <td>{b.otherCauses.length ? b.otherCauses.join('、') : '—'}</td>
            </tr>
            <tr>
              <th>帮扶目标</th>
              <td colSpan={3}>{b.goals ?? '—'}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section>
        <h2>四、{b.income.year}年收入测算</h2>
        {b.income.lines.length === 0 ? (
          <p>本年度尚未填报收入测算表。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>类别</th>
                <th>项目</th>
                <th>金额（元）</th>
                <th>是否计入纯收入</th>
              </tr>
            </thead>
            <tbody>
              {[...byCategory.entries()].flatMap(([cat, lines]) =>
                lines.map((l, i) => (
                  <tr key={`${cat}-${l.label}`}>
                    {i === 0 && <td rowSpan={lines.length}>{cat}</td>}
                    <td>{l.label}</td>
                    <td className="num">{money(l.amount)}</td>
                    <td>{l.counted ? '计入' : '不计入'}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        )}
        <table className="hb-result hb-keep">
          <tbody>
            <tr>
              <th>家庭纯收入</th>
              <td className="num">{money(b.income.net)} 元</td>
              <th>家庭人口</th>
              <td className="num">{b.income.size ?? b.size} 人</td>
            </tr>
            <tr>
              <th>人均纯收入</th>
              <td className="num" data-testid="per-capita">
                {money(b.income.perCapita)} 元
              </td>
              <th>{b.income.lineName}</th>
              <td className="num">{b.income.line} 元</td>
            </tr>
            <tr>
              <th>测算结果</th>
              <td colSpan={3}>
                {b.income.arithmetic ?? '尚未测算'}
                {b.income.pass === null ? '' : b.income.pass ? '（超过收入线）' : '（未超过收入线）'}
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section className="hb-keep">
        <h2>五、“两不愁三保障”及饮水安全核验{b.classLabel ? `（${b.classLabel}）` : ''}</h2>
        {b.indicators.length === 0 ? (
          <p>尚未核验。</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>指标</th>
                <th>结果</th>
                <th>说明</th>
              </tr>
            </thead>
            <tbody>
              {b.indicators.map((c) => (
                <tr key={c.label}>
                  <td>{c.label}</td>
                  <td>{c.met ? '达标' : '未达标'}</td>
                  <td>{c.reasons.join('；') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section>
        <h2>六、帮扶措施（一户一策）</h2>
        {b.measures.length === 0 ? (
          <p>尚未制定帮扶措施。</p>
        ) : (
          <table data-testid="handbook-measures">
            <thead>
              <tr>
                <th>类别</th>
                <th>措施内容</th>
                <th>责任单位 / 责任人</th>
                <th>到户资金</th>
                <th>起止日期</th>
                <th>状态</th>
              </tr>
            </thead>
            <tbody>
              {b.measures.map((m) => (
                <tr key={m.id}>
                  <td>{m.category}</td>
                  <td>
                    {m.content}
                    {m.note ? `（${m.note}）` : ''}
                  </td>
                  <td>{m.responsible}</td>
                  <td className="num">{m.funds}</td>
                  <td>
                    {m.startDate} 至 {m.endDate}
                  </td>
                  <td>{m.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="hb-keep">
        <h2>七、帮扶记录</h2>
        {b.assistance.length === 0 ? (
          <p>暂无已完成的帮扶措施或已验收的整改任务。</p>
        ) : (
          <ul>
            {b.assistance.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        )}
      </section>

      <section className="hb-keep" data-testid="handbook-projects">
        <h2>八、扶贫项目</h2>
        {b.projects.length === 0 ? (
          <p>暂无覆盖本户的到户项目。</p>
        ) : (
          <ul>
            {b.projects.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </section>

      <div className="hb-signatures">
        <div className="hb-sign">
          户主签字：<div className="hb-date">日期：　　年　　月　　日</div>
        </div>
        <div className="hb-sign">
          帮扶责任人签字：<div className="hb-date">日期：　　年　　月　　日</div>
        </div>
        <div className="hb-sign">
          村委会（盖章）：<div className="hb-date">日期：　　年　　月　　日</div>
        </div>
      </div>
      <div className="hb-foot">本户册存放于农户家中，可公开查看；身份证号、联系电话等个人信息已按公示要求隐去。户编号 {b.householdId}</div>
    </article>
  );
}

export default function HandbookPage({ id }: { id: string }) {
  const state = useLoad(() => api.handbook(id), [id]);
  useEffect(() => {
    if (state.data) document.title = `户册 - ${state.data.headName ?? id}户`;
  }, [state.data, id]);
  if (state.error) {
    const e = state.error;
    return (
      <Result status={e instanceof ApiError && e.status === 403 ? '403' : e instanceof ApiError && e.status === 404 ? '404' : 'warning'} title={e.message} />
    );
  }
  if (!state.data)
    return (
      <div className="center-fill">
        <Spin size="large" />
      </div>
    );
  return (
    <div className="handbook-desk">
      <div className="handbook-toolbar no-print">
        <Button icon={<RollbackOutlined />} onClick={() => navigate(`/households/${encodeURIComponent(id)}?tab=plan`)}>
          返回户详情
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </div>
      <Sheet b={state.data} />
    </div>
  );
}
