// Demo accounts: created in demo mode when no account exists, one per role, scoped to regions
// of the stored county. The password is documented (README, the start banner), which is why
// only demo mode creates them; a real first run asks for an admin account instead.
import { ALL, type Actor, type Store } from '../../store/index.js';
import type { Role, Sector } from '../../domain/roles.js';
import { hashPassword } from './password.js';

export const DEMO_PASSWORD = 'tuopin-demo-2018';
const DEMO_ACTOR: Actor = { id: 'demo', name: '演示模式' };

export interface DemoAccount {
  username: string;
  password: string;
  name: string;
  role: Role;
  admin: boolean;
  sector: Sector | null;
  scope: string[];
  /** What the account shows, for the start banner. */
  description: string;
}

/**
 * The accounts for the stored regions: county admin; a leader over the first two townships;
 * 教育, 住建, 水务 and 医保 sector users (one per sector that owns a task indicator); the first township; the first village of that township. Accounts
 * whose region does not exist (nothing imported yet) are left out.
 */
export async function demoAccounts(store: Store): Promise<DemoAccount[]> {
  const regions = await store.regions.list(ALL);
  const townships = regions.filter((r) => r.level === 'township');
  const t1 = townships[0];
  const t2 = townships[1];
  const v1 = t1 === undefined ? undefined : regions.find((r) => r.level === 'village' && r.parentCode === t1.code);
  const out: DemoAccount[] = [];
  const add = (a: Omit<DemoAccount, 'password'>) => out.push({ ...a, password: DEMO_PASSWORD });
  add({ username: 'admin', name: '县扶贫办（管理员）', role: 'county', admin: true, sector: null, scope: [], description: '全县数据，管理用户' });
  if (t1 !== undefined) {
    const leaderScope = [t1, t2].filter((t) => t !== undefined);
    add({
      username: 'lingdao',
      name: '县级领导',
      role: 'leader',
      admin: false,
      sector: null,
      scope: leaderScope.map((t) => t.code),
      description: `联系${leaderScope.map((t) => t.name).join('、')}`,
    });
  }
  add({ username: 'jiaoyu', name: '县教育局', role: 'sector', admin: false, sector: '教育', scope: [], description: '全县，仅教育相关字段' });
  add({ username: 'zhujian', name: '县住建局', role: 'sector', admin: false, sector: '住建', scope: [], description: '全县，仅住房相关字段' });
  add({ username: 'shuiwu', name: '县水务局', role: 'sector', admin: false, sector: '水务', scope: [], description: '全县，仅饮水相关字段' });
  add({ username: 'yibao', name: '县医保局', role: 'sector', admin: false, sector: '医保', scope: [], description: '全县，仅医保相关字段' });
  if (t1 !== undefined) {
    add({ username: 'xiangzhen', name: `${t1.name}扶贫工作站`, role: 'township', admin: false, sector: null, scope: [t1.code], description: `${t1.name}` });
  }
  if (v1 !== undefined && t1 !== undefined) {
    add({ username: 'cun', name: `${v1.name}驻村工作队`, role: 'village', admin: false, sector: null, scope: [v1.code], description: `${t1.name}${v1.name}` });
  }
  return out;
}

/**
 * Creates the demo accounts when there is no account at all — or when only demo accounts exist
 * and some are missing because their regions were imported after the first start. Returns the
 * demo accounts that exist afterwards (so a restart prints them again) and whether any was created.
 */
export async function ensureDemoUsers(store: Store): Promise<{ created: boolean; accounts: DemoAccount[] }> {
  const wanted = await demoAccounts(store);
  const existing = new Set((await store.users.list()).map((u) => u.username));
  const demoNames = new Set(wanted.map((a) => a.username).concat(['admin', 'lingdao', 'jiaoyu', 'zhujian', 'xiangzhen', 'cun']));
  const onlyDemo = [...existing].every((u) => demoNames.has(u));
  const missing = wanted.filter((a) => !existing.has(a.username));
  if (onlyDemo && missing.length > 0) {
    // One hash for all: each costs 32 MiB and ~50 ms, and the password is the same anyway.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await store.transaction(async (trx) => {
      for (const a of missing) {
        await store.users.create(
          trx,
          { username: a.username, name: a.name, role: a.role, admin: a.admin, sector: a.sector, scopeCodes: a.scope, passwordHash },
          DEMO_ACTOR,
          '演示模式：创建演示账户',
        );
      }
    });
    return { created: true, accounts: wanted };
  }
  return { created: false, accounts: wanted.filter((a) => existing.has(a.username)) };
}
