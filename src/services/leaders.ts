// 联乡包村: the county office assigns each county leader townships and villages. The assignment is
// the leader account's region scope, so what the leader may read follows it in every store query
// (src/store/scope.ts), and the change is logged on the account like any other user change.
import { LeaderAreasRequest, type LeadersResponse, type LeaderView } from '../contract/supervision.js';
import { can } from '../domain/roles.js';
import type { Region } from '../domain/types.js';
import type { User } from '../store/index.js';
import { notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { bad, parse, regionMap } from './supervisionCommon.js';

function view(u: User, regions: Map<string, Region>): LeaderView {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    areas: u.scopeCodes.map((c) => ({ code: c, name: regions.get(c)?.name ?? c, level: regions.get(c)?.level ?? 'unknown' })),
  };
}

/** The county office sees every leader; a leader sees its own assignment; others have no business here. */
export async function listLeaders(ctx: ServiceContext, viewer: Access): Promise<LeadersResponse> {
  if (viewer.role !== 'leader' && !can(viewer.role, 'leader.assign')) throw notAllowed('只有县扶贫办和县级领导可以查看联乡包村安排');
  const regions = await regionMap(ctx.store);
  const users = (await ctx.store.users.list()).filter((u) => u.role === 'leader' && !u.disabled && (viewer.role !== 'leader' || u.id === viewer.userId));
  return { leaders: users.map((u) => view(u, regions)), canAssign: can(viewer.role, 'leader.assign') };
}

export async function assignLeaderAreas(ctx: ServiceContext, viewer: Access, leaderId: string, input: unknown): Promise<LeaderView> {
  if (!can(viewer.role, 'leader.assign')) throw notAllowed('只有县扶贫办可以安排县级领导联系的乡镇和村');
  const body = parse(LeaderAreasRequest, input);
  return ctx.store.transaction(async (trx) => {
    const user = await ctx.store.users.byId(leaderId, { trx });
    if (user === null || user.role !== 'leader') throw notFound('该县级领导');
    const regions = await regionMap(ctx.store, trx);
    const areas = [...new Set(body.areas)];
    const wrong = areas.filter((c) => {
      const level = regions.get(c)?.level;
      return level !== 'township' && level !== 'village';
    });
    if (wrong.length > 0) throw bad('invalid-areas', `联系点只能是乡镇或行政村：${wrong.map((c) => `“${c}”`).join('、')}不是本县的乡镇或村`);
    // Townships first, then villages, each by code: the same list reads the same in the log.
    const order = (c: string) => `${regions.get(c)!.level === 'township' ? 0 : 1}${c}`;
    areas.sort((a, b) => order(a).localeCompare(order(b)));
    const after = await ctx.store.users.update(trx, leaderId, { scopeCodes: areas }, ctx.actor, body.reason ?? '调整联乡包村安排', ctx.clock());
    return view(after, regions);
  });
}
