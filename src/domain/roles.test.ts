import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS, can, coversCounty, isSectorBound, mayBeAdmin, PERMISSIONS, ROLE_LABELS, ROLES, type Action, type Role } from './roles.js';

// Written out by hand on purpose: a change to the table in roles.ts must be made here too.
const EXPECTED: Readonly<Record<Action, readonly Role[]>> = {
  'roster.import': ['county'],
  'rulebook.switch': ['county'],
  'user.admin': ['county'],
  'audit.verify': ['county'],
  'income.edit': ['county', 'township', 'village'],
  'member.edit': ['county', 'township', 'village'],
  'household.edit': ['county', 'township', 'village'],
  'household.exitDecision': ['county'],
  'change.read': ['county', 'leader', 'township', 'village'],
  'change.approve': ['county', 'township'],
  'plan.edit': ['county', 'township', 'village'],
  'handbook.view': ['county', 'leader', 'township', 'village'],
  'ledger.export': ['county', 'leader', 'township', 'village'],
  'task.propose': ['county', 'township'],
  'task.accept': ['county', 'township'],
  'task.assign': ['county', 'township'],
  'task.work': ['county', 'sector', 'township', 'village'],
  'task.verify': ['county', 'township'],
  'exit.record': ['county', 'township', 'village'],
  'objectionPhone.county': ['county'],
  'objectionPhone.township': ['county', 'township'],
  'project.edit': ['county', 'sector'],
  'project.money': ['county', 'sector'],
  'project.notice': ['county', 'sector', 'township', 'village'],
  'spotCheck.read': ['county', 'leader', 'township'],
  'spotCheck.draw': ['county'],
  'spotCheck.form': ['county', 'leader', 'township'],
  'check.upload': ['county', 'sector'],
  'check.review': ['county', 'sector'],
  'check.read': ['county', 'leader', 'township', 'village', 'sector'],
  'check.finding': ['county', 'township', 'village'],
  'check.verify': ['county', 'township'],
  'check.assign': ['county', 'township'],
  'check.close': ['county'],
  'leader.assign': ['county'],
  'visit.record': ['county', 'leader', 'township'],
  'problem.record': ['county', 'leader'],
  'problem.rectify': ['sector', 'township', 'village'],
  'problem.verify': ['county'],
  'accountability.decide': ['county'],
  'weekly.read': ['county', 'leader', 'township', 'village'],
  'weekly.notes': ['county'],
  'offline.take': ['village'],
};
const ADMIN_ONLY: readonly Action[] = ['user.admin', 'audit.verify'];

describe('the permission table', () => {
  it('names every action once, and nothing else', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(ROLES)('%s may do exactly what the table says, as an ordinary and as an admin account', (role) => {
    for (const action of ACTIONS) {
      const listed = EXPECTED[action].includes(role);
      const adminOnly = ADMIN_ONLY.includes(action);
      expect(can(role, action), `${role} ${action}`).toBe(listed && !adminOnly);
      expect(can({ role, admin: false }, action), `${role} ${action} (not admin)`).toBe(listed && !adminOnly);
      expect(can({ role, admin: true }, action), `${role} ${action} (admin)`).toBe(listed && (!adminOnly || mayBeAdmin(role)));
    }
  });

  it('an admin flag on a role that cannot carry it grants nothing more', () => {
    for (const role of ROLES.filter((r) => !mayBeAdmin(r))) {
      for (const action of ACTIONS) expect(can({ role, admin: true }, action), `${role} ${action}`).toBe(can(role, action));
    }
  });

  it('the leader reads, and writes only the spot-check forms of its area and what supervision asks of it: visits and the problems they find', () => {
    const writes = ACTIONS.filter((a) => can('leader', a));
    expect(writes).toEqual([
      'change.read',
      'handbook.view',
      'ledger.export',
      'spotCheck.read',
      'spotCheck.form',
      'check.read',
      'visit.record',
      'problem.record',
      'weekly.read',
    ]);
  });

  it('every permission has a label for the docs and an admin-only one is only for roles that can be admins', () => {
    for (const action of ACTIONS) {
      expect(PERMISSIONS[action].label.trim(), action).not.toBe('');
      if (PERMISSIONS[action].admin) expect(PERMISSIONS[action].roles.every(mayBeAdmin), action).toBe(true);
    }
  });
});

describe('role traits', () => {
  it('county and sector cover the whole county; only the sector is bound to its sector; only the county office may be admin', () => {
    expect(ROLES.filter(coversCounty)).toEqual(['county', 'sector']);
    expect(ROLES.filter(isSectorBound)).toEqual(['sector']);
    expect(ROLES.filter(mayBeAdmin)).toEqual(['county']);
  });
});

/** The docs' table as roles.ts implies it: the rows between the markers of docs/web.md. */
function expectedDocsTable(): string {
  const head = `| 权限 | ${ROLES.map((r) => ROLE_LABELS[r]).join(' | ')} |`;
  const sep = `| --- | ${ROLES.map(() => ':---:').join(' | ')} |`;
  const rows = ACTIONS.map((a) => {
    const p = PERMISSIONS[a];
    const cells = ROLES.map((r) => (p.roles.includes(r) ? (p.admin ? '管理员' : '✓') : '—'));
    return `| ${p.label} \`${a}\` | ${cells.join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

describe('docs/web.md', () => {
  it('its permission table is the one in roles.ts', () => {
    const doc = readFileSync(new URL('../../docs/web.md', import.meta.url), 'utf8');
    const m = /<!-- permissions: checked against src\/domain\/roles\.ts -->\n([\s\S]*?)\n<!-- \/permissions -->/u.exec(doc);
    expect(m, 'the permission table markers in docs/web.md').not.toBeNull();
    expect(m![1], 'replace the table in docs/web.md with the expected one').toBe(expectedDocsTable());
  });
});
