import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS, Rulebook } from '../domain/rulebook.js';
import { defaultRulebookDir, loadRulebook } from './loader.js';

describe('the projects section of a rulebook', () => {
  it('is explicit in the province and the seed county rulebooks, with 10 notice days', () => {
    for (const id of ['gansu-2018', 'seed-county-2018']) {
      const raw = JSON.parse(readFileSync(join(defaultRulebookDir(), `${id}.json`), 'utf8')) as Record<string, unknown>;
      expect(raw['projects'], id).toBeDefined();
      const rb = loadRulebook(id);
      expect(rb.projects.noticeDays).toBe(10);
      expect(Object.values(rb.projects.fundSources)).toContain('群众自筹');
      expect(rb.projects.statuses.map((s) => s.label)).toEqual(['储备', '批复', '实施', '完工', '验收', '移交', '终止']);
    }
  });

  it('defaults for an older rulebook without it, which stays valid', () => {
    const raw = JSON.parse(readFileSync(join(defaultRulebookDir(), 'gansu-2018.json'), 'utf8')) as Record<string, unknown>;
    delete raw['projects'];
    const rb = Rulebook.parse(raw);
    expect(rb.projects).toEqual(DEFAULT_PROJECT_SETTINGS);
  });

  it('refuses a status flow naming an undefined status', () => {
    const raw = JSON.parse(readFileSync(join(defaultRulebookDir(), 'gansu-2018.json'), 'utf8')) as { projects: { statuses: { next: string[] }[] } };
    raw.projects.statuses[0]!.next.push('nowhere');
    const r = Rulebook.safeParse(raw);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('状态“nowhere”未定义');
  });
});
