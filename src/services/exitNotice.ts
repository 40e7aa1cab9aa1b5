// The public-notice list (公示名单) of a village: the households whose exit procedure has reached
// the notice (every step before the notice recorded, notice not yet ended; the steps are the
// rulebook's). Built from names, groups, sizes and
// classes only; personal values never enter it, and the masker for public notices is applied to
// the one phone it prints as a guard should a household phone ever be configured there.
import { classLabel } from '../domain/classes.js';
import { currentProcedure, addDays, noticeSteps, procedureDef } from '../domain/exitProcedure.js';
import { ATTRIBUTE_LABELS } from '../domain/labels.js';
import { maskFor, masker } from '../domain/mask.js';
import type { NoticeList } from '../io/notice/noticeWorkbook.js';
import { ALL, type Store } from '../store/index.js';
import { notFound, type Access } from './access.js';
import { activeRulebook } from './rulebooks.js';

/** Settings keys for the objection phone: per township first, then one for the county. */
export const objectionPhoneKey = (townshipCode: string | null) => (townshipCode === null ? 'exitObjectionPhone' : `exitObjectionPhone:${townshipCode}`);

const MOBILE = /^1[3-9]\d{9}$/;

export async function noticeList(store: Store, viewer: Access, code: string): Promise<NoticeList> {
  const regions = await store.regions.list(ALL);
  const village = regions.find((r) => r.code === code && r.level === 'village');
  if (village === undefined) throw notFound('该村');
  if (!(await store.regions.list(viewer.scope)).some((r) => r.code === code)) throw notFound('该村');
  const township = regions.find((r) => r.code === village.parentCode) ?? null;
  const county = regions.find((r) => r.level === 'county') ?? null;
  const rb = await activeRulebook(store);
  const def = procedureDef(rb, 'household');
  const notice = noticeSteps(def);
  // The steps before the notice opens: a household is listed once they are all recorded.
  const before = notice === null ? def.steps : def.steps.slice(0, def.steps.indexOf(notice.start));

  const procs = await store.exits.list(viewer.scope, { kind: 'household', villageCode: code });
  const bySubject = new Map<string, typeof procs>();
  for (const p of procs) bySubject.set(p.subjectId, [...(bySubject.get(p.subjectId) ?? []), p]);
  const listed: string[] = [];
  const starts: string[] = [];
  for (const [id, list] of bySubject) {
    const p = currentProcedure(list);
    if (p === null || p.status !== 'open') continue;
    const done = new Set(p.steps.map((s) => s.step));
    if (notice === null || !before.every((s) => done.has(s.code)) || done.has(notice.end.code)) continue;
    listed.push(id);
    const start = p.steps.find((s) => s.step === notice.start.code);
    if (start !== undefined) starts.push(start.date);
  }
  const results = new Map((await store.assessments.latestResults(viewer.scope, { villageCode: code })).map((r) => [r.householdId, r]));
  const records = await store.registry.loadRecords(viewer.scope, { householdIds: listed });
  records.sort((a, b) => (a.household.group ?? '').localeCompare(b.household.group ?? '', 'zh') || a.household.id.localeCompare(b.household.id));
  const rows = records.map((rec, i) => {
    const a = results.get(rec.household.id);
    const head = rec.members.find((m) => m.relation === 'head') ?? rec.members[0];
    return {
      no: i + 1,
      headName: head?.name ?? a?.headName ?? '',
      group: rec.household.group ?? '',
      size: rec.members.length,
      classLabel: a === undefined ? '' : classLabel(rb, a.class),
      attributeLabel: ATTRIBUTE_LABELS.labels[rec.household.attribute] ?? rec.household.attribute,
    };
  });
  starts.sort();
  const start = starts[0] ?? null;
  const days = notice?.end.minDays ?? 0;
  // An empty setting was cleared: the township falls back to the county default.
  const phone = (await store.settings.get(objectionPhoneKey(township?.code ?? null))) || (await store.settings.get(objectionPhoneKey(null))) || null;
  // The office's number (landline or office mobile) is public; should it ever be a phone registered
  // for a listed household or its cadre, it is somebody's own and is masked like any personal phone.
  const digitsOf = (p: string | null | undefined) => (p ?? '').replace(/\D/g, '');
  const personal = new Set(
    records
      .flatMap((r) => [r.household.phone, r.household.cadre.phone, ...r.members.map((m) => m.phone)])
      .map(digitsOf)
      .filter((d) => d !== ''),
  );
  const shownPhone =
    phone === null ? null : MOBILE.test(digitsOf(phone)) && personal.has(digitsOf(phone)) ? masker(maskFor('public-notice')).phone(phone) : phone;
  const where = `${township?.name ?? ''}${village.name}`;
  return {
    title: `${where}${rb.year}年${def.noticeTitle}`,
    countyName: county?.name ?? '',
    townshipName: township?.name ?? '',
    villageName: village.name,
    start,
    end: start === null ? null : addDays(start, days),
    days,
    objectionPhone: shownPhone,
    rows,
    footer: [
      `经${before.map((s) => s.name).join('、')}，以上 ${rows.length} 户拟于 ${rb.year} 年完成${def.name.replace(/程序$/u, '')}，现予公示，公示期不少于 ${days} 天。`,
      `公示期间如有异议，请向村委会或${township?.name ?? '乡镇'}人民政府反映。监督电话：${shownPhone ?? '________________'}`,
    ],
    signature: `${village.name}村民委员会　　${start ?? '____年__月__日'}`,
  };
}
