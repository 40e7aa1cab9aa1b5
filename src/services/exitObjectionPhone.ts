// The objection phone (监督电话) printed on the notice list: one county default and one per
// township, kept in the settings (so every change is in the change log). The county office sets
// the default and any township's; a township office sets its own. An empty value clears it (the
// notice then falls back to the county default, or a line to write on).
import { can } from '../domain/roles.js';
import { ALL, type Store } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { objectionPhoneKey } from './exitNotice.js';

export interface ObjectionPhoneEntry {
  /** null: the county default. */
  townshipCode: string | null;
  name: string;
  phone: string | null;
  canEdit: boolean;
}

// Landline with area code (0931-8123456, 0931 8123456, 09318123456, optional extension -801 / 转801)
// or an office mobile (13912345678).
const LANDLINE = /^0\d{2,3}[- ]?\d{7,8}(?:(?:-|转)\d{1,6})?$/;
const MOBILE = /^1[3-9]\d{9}$/;

/** The phone in a normal form, or a Chinese refusal. */
export function normalizeObjectionPhone(input: string): string {
  const s = input.trim().replace(/（/g, '(').replace(/）/g, ')').replace(/－/g, '-');
  if (s === '') return '';
  const paren = /^\((0\d{2,3})\)\s*(.+)$/.exec(s);
  const flat = paren === null ? s : `${paren[1]}-${paren[2]}`;
  if (MOBILE.test(flat)) return flat;
  if (LANDLINE.test(flat)) {
    // 09318123456 → 0931-8123456 is ambiguous for 3/4-digit area codes, so only spaces become dashes.
    return flat.replace(' ', '-');
  }
  throw new AccessError(400, 'bad-phone', `监督电话“${input.trim()}”格式不对：应为带区号的办公电话（如 0931-8123456）或 11 位手机号`);
}

function canEdit(viewer: Access, townshipCode: string | null, visibleTownships: Set<string>): boolean {
  if (townshipCode === null) return can(viewer.role, 'objectionPhone.county');
  return can(viewer.role, 'objectionPhone.township') && visibleTownships.has(townshipCode);
}

/** The county default and the townships in the viewer's scope, with their phones. */
export async function objectionPhones(store: Store, viewer: Access): Promise<ObjectionPhoneEntry[]> {
  const visible = (await store.regions.list(viewer.scope)).filter((r) => r.level === 'township');
  const county = (await store.regions.list(ALL)).find((r) => r.level === 'county');
  const codes = new Set(visible.map((r) => r.code));
  const value = async (code: string | null) => (await store.settings.get(objectionPhoneKey(code))) || null;
  const out: ObjectionPhoneEntry[] = [
    { townshipCode: null, name: `${county?.name ?? '全县'}（未设乡镇电话时通用）`, phone: await value(null), canEdit: canEdit(viewer, null, codes) },
  ];
  for (const t of visible.sort((a, b) => a.code.localeCompare(b.code))) {
    out.push({ townshipCode: t.code, name: t.name, phone: await value(t.code), canEdit: canEdit(viewer, t.code, codes) });
  }
  return out;
}

/** Sets (or, with an empty value, clears) the county's or a township's objection phone. */
export async function setObjectionPhone(ctx: ServiceContext, viewer: Access, townshipCode: string | null, phone: string): Promise<ObjectionPhoneEntry[]> {
  const { store } = ctx;
  if (!can(viewer.role, 'objectionPhone.township')) throw notAllowed('监督电话由县扶贫办或乡镇设置');
  if (townshipCode === null) {
    if (!can(viewer.role, 'objectionPhone.county')) throw notAllowed('全县通用的监督电话由县扶贫办设置');
  } else {
    const township = (await store.regions.list(ALL)).find((r) => r.code === townshipCode && r.level === 'township');
    if (township === undefined) throw notFound('该乡镇');
    if (!(await store.regions.list(viewer.scope)).some((r) => r.code === townshipCode)) throw notFound('该乡镇');
  }
  const value = normalizeObjectionPhone(phone);
  // The notice is posted publicly: a number registered for a household or a member is somebody's
  // own phone, and objections would go to (or past) the very people they are about.
  if (value !== '' && (await store.registry.isRegisteredPhone(value.replace(/\D/g, '')))) {
    throw new AccessError(400, 'phone-in-registry', `监督电话“${value}”是花名册中登记的农户或成员本人的电话，不能作为公示监督电话，请填写扶贫办或乡镇办公电话`);
  }
  const what = townshipCode === null ? '全县' : townshipCode;
  await store.transaction((trx) =>
    store.settings.set(trx, objectionPhoneKey(townshipCode), value, ctx.actor, value === '' ? `清除公示监督电话（${what}）` : `设置公示监督电话（${what}）`, {
      at: ctx.clock(),
    }),
  );
  return objectionPhones(store, viewer);
}
