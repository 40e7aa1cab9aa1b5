// The county summary printed by `tuopin assess` and `tuopin start`, and the JSON form for scripts.
import { OUT_OF_SCOPE } from '../domain/assessment.js';
import type { CountyReport } from '../services/assessCounty.js';
import { percent, renderTable } from './table.js';

function count(rec: Record<string, number>, key: string): number {
  return rec[key] ?? 0;
}

export function formatSummary(report: CountyReport): string {
  const { rulebook, county, townships, results } = report;
  const classes = rulebook.classes.map((c) => c.code);
  const line = rulebook.lines[rulebook.income.line];
  const out: string[] = [];
  out.push(
    `${county?.name ?? '（未命名县）'} · ${rulebook.name}`,
    `测算基准日 ${report.referenceDate} · 收入线 ${line} 元/人·年 · 整改期限 ${rulebook.tasks.deadline}`,
    '',
  );

  const header = ['乡镇', ...classes.map((c) => `${c}类户`), '不在范围户', '预脱贫人口', '发生率(现)', '发生率(退出后)', '预退出村/贫困村'];
  const rows = townships.map((t) => {
    const preExitPeople = classes.filter((c) => rulebook.classes.find((d) => d.code === c)?.preExit).reduce((s, c) => s + count(t.people, c), 0);
    const poor = report.villages.filter((v) => v.townshipCode === t.code && v.poorVillage).length;
    return [
      t.name,
      ...classes.map((c) => String(count(t.households, c))),
      String(count(t.households, OUT_OF_SCOPE)),
      String(preExitPeople),
      percent(t.incidenceNow),
      percent(t.incidenceAfter),
      `${t.preExitVillages}/${poor}`,
    ];
  });
  if (county) {
    const preExitPeople = rulebook.classes.filter((d) => d.preExit).reduce((s, d) => s + count(county.people, d.code), 0);
    rows.push([
      '全县',
      ...classes.map((c) => String(count(county.households, c))),
      String(count(county.households, OUT_OF_SCOPE)),
      String(preExitPeople),
      percent(county.incidenceNow),
      percent(county.incidenceAfter),
      `${county.poorVillagesPreExit}/${county.poorVillages}`,
    ]);
  }
  out.push(renderTable(header, rows), '');

  if (county) {
    out.push(
      `建档立卡 ${county.registeredPoor} 人，未脱贫 ${county.remainingPoor} 人；筛查范围内 ${county.inScopeHouseholds} 户 ${county.inScopePeople} 人；` +
        `农村户籍人口 ${county.ruralPopulation} 人`,
      `贫困村 ${county.poorVillages} 个：已退出 ${county.poorVillagesExited} 个，本年预退出 ${county.poorVillagesPreExit} 个`,
      '',
      '县退出条件：',
    );
    for (const c of county.criteria) {
      const state = c.met === null ? '待核查' : c.met ? '达到' : '未达到';
      const value = c.value === null ? '—' : c.threshold <= 1 ? percent(c.value) : String(c.value);
      const threshold = c.threshold <= 1 ? percent(c.threshold, 0) : String(c.threshold);
      out.push(`  ${state.padEnd(3, '　')} ${c.label}：${value}（要求 ${c.comparison} ${threshold}）${c.note ? `，${c.note}` : ''}`);
    }
    if (county.blockers.length > 0) out.push('', '制约全县退出的问题：', ...county.blockers.map((b) => `  · ${b}`));
  }

  // The indicators that most often stand in the way, counted over in-scope households.
  const failing = new Map<string, number>();
  let incomeFails = 0;
  for (const r of results) {
    if (!r.inScope) continue;
    if (r.income && !r.income.pass) incomeFails++;
    for (const i of r.indicators) if (i.veto && !i.met) failing.set(i.label, (failing.get(i.label) ?? 0) + 1);
  }
  const top = [...failing.entries()].sort((a, b) => b[1] - a[1]);
  out.push('', `未达标情况（筛查范围内户数）：收入未达标 ${incomeFails} 户${top.map(([k, n]) => `；${k} ${n} 户`).join('')}`);
  return out.join('\n');
}

/** Everything a script needs: each household's class with reasons, each village's result, the county. */
export function reportJson(report: CountyReport): unknown {
  return {
    rulebook: { id: report.rulebook.id, name: report.rulebook.name, year: report.rulebook.year },
    referenceDate: report.referenceDate,
    runId: report.runId,
    county: report.county,
    townships: report.townships,
    villages: report.villages,
    households: report.results,
  };
}
