// The printable project notice (项目计划公示 / 完工公示) of one village: what the project is,
// where, how much from which source, who builds it, the targets, and the households it reaches
// (heads' names, natural village, size only). Everything typed by people passes the one masking
// helper at the public-notice level, so no ID number, phone, bank account or health detail is
// printed whoever asks; the objection phone is the township's or the county's (as for exits).
import { formatYuan } from '../domain/projects.js';
import { maskEmbedded, maskFor, masker } from '../domain/mask.js';
import { ALL, type Store } from '../store/index.js';
import { notFound, type Access } from './access.js';
import { objectionPhoneKey } from './exitNotice.js';
import { projectSettings } from './projects.js';
import { noticeEarliestEnd } from '../domain/projects.js';

export interface ProjectNoticeSheet {
  title: string;
  kindLabel: string;
  countyName: string;
  townshipName: string;
  villageName: string;
  postedOn: string;
  /** The day the notice may come down at the earliest, or the day it did. */
  endOn: string;
  ended: boolean;
  days: number;
  facts: { label: string; value: string }[];
  households: { no: number; headName: string; group: string; size: number }[];
  objectionPhone: string | null;
  footer: string[];
  signature: string;
}

const KIND_LABELS = { plan: '计划公示', completion: '完工公示' } as const;

export async function projectNoticeSheet(store: Store, viewer: Access, projectId: string, noticeId: string): Promise<ProjectNoticeSheet> {
  const p = await store.projects.get(viewer.scope, projectId);
  const n = p?.notices.find((x) => x.id === noticeId);
  if (p === null || n === undefined) throw notFound('该公示');
  const settings = await projectSettings(store);
  const regions = new Map((await store.regions.list(ALL)).map((r) => [r.code, r]));
  const village = regions.get(n.villageCode);
  const township = village?.parentCode == null ? undefined : regions.get(village.parentCode);
  const county = [...regions.values()].find((r) => r.level === 'county');
  const m = masker(maskFor('public-notice'));
  const free = (s: string | null) => (s === null || s.trim() === '' ? '—' : maskEmbedded(s, m.options));

  // Only the households of this village: the notice is posted there.
  const ids = p.households;
  const records = ids.length === 0 ? [] : await store.registry.loadRecords(ALL, { householdIds: ids });
  const here = records
    .filter((r) => r.household.villageCode === n.villageCode)
    .sort((a, b) => (a.household.group ?? '').localeCompare(b.household.group ?? '', 'zh') || a.household.id.localeCompare(b.household.id));
  const households = here.map((rec, i) => {
    const head = rec.members.find((x) => x.relation === 'head') ?? rec.members[0];
    return { no: i + 1, headName: head?.name ?? '', group: rec.household.group ?? '', size: rec.members.length };
  });

  const planned = Object.entries(p.fundSources).filter(([, fen]) => fen > 0);
  const total = planned.reduce((s, [, fen]) => s + fen, 0);
  const facts = [
    { label: '项目名称', value: free(p.name) },
    { label: '项目编号', value: p.id },
    { label: '项目类型', value: settings.types[p.type] ?? p.type },
    { label: '建设地点', value: p.villages.map((v) => regions.get(v)?.name ?? v).join('、') },
    { label: '建设内容', value: free(p.content) },
    { label: '建设期限', value: p.startDate === null ? '—' : `${p.startDate} 至 ${p.endDate ?? '—'}` },
    {
      label: '资金规模及来源',
      value:
        planned.length === 0 ? '—' : `${formatYuan(total)}（${planned.map(([s, fen]) => `${settings.fundSources[s] ?? s} ${formatYuan(fen)}`).join('，')}）`,
    },
    { label: '实施单位', value: free(p.implementer) },
    { label: '项目责任人', value: free(p.responsibleName) },
    { label: '质量目标', value: free(p.qualityTarget) },
    {
      label: '绩效目标',
      value:
        [
          p.benefitHouseholds === null ? '' : `受益 ${p.benefitHouseholds} 户`,
          p.benefitPeople === null ? '' : `${p.benefitPeople} 人`,
          p.incomeGainFen === null ? '' : `户均增收 ${formatYuan(p.incomeGainFen)}`,
        ]
          .filter(Boolean)
          .join('，') || '—',
    },
  ];
  if (n.kind === 'completion') {
    const accepted = p.statusChanges.filter((s) => settings.statuses.find((x) => x.code === s.to)?.accepted).at(0);
    facts.push({
      label: '完成情况',
      value: `${settings.statuses.find((s) => s.code === p.status)?.label ?? p.status}${accepted ? `（${accepted.date} 验收）` : ''}`,
    });
    facts.push({ label: '已拨付资金', value: formatYuan(p.disbursements.reduce((s, d) => s + d.fen, 0)) });
  }
  const phone = (await store.settings.get(objectionPhoneKey(township?.code ?? null))) || (await store.settings.get(objectionPhoneKey(null))) || null;
  // The office's number is public; one typed with a person's number is masked like any other.
  const personal = new Set(records.flatMap((r) => [r.household.phone, r.household.cadre.phone, ...r.members.map((x) => x.phone)]).filter(Boolean));
  const endOn = n.endedOn ?? noticeEarliestEnd(n.postedOn, settings.noticeDays);
  return {
    title: `${free(p.name)}${KIND_LABELS[n.kind]}`,
    kindLabel: KIND_LABELS[n.kind],
    countyName: county?.name ?? '',
    townshipName: township?.name ?? '',
    villageName: village?.name ?? n.villageCode,
    postedOn: n.postedOn,
    endOn,
    ended: n.endedOn !== null,
    days: settings.noticeDays,
    facts,
    households,
    objectionPhone: phone === null ? null : personal.has(phone) ? m.phone(phone) : phone,
    footer: [
      `现将该项目${n.kind === 'plan' ? '实施计划' : '完成情况'}予以公示，公示期不少于 ${settings.noticeDays} 天。`,
      `公示期间如有异议，请向村委会或乡镇人民政府反映${phone === null ? '。监督电话：____________' : `，监督电话：${personal.has(phone) ? m.phone(phone) : phone}`}。`,
    ],
    signature: `${township?.name ?? ''}${village?.name ?? ''}村民委员会　${n.postedOn}`,
  };
}
