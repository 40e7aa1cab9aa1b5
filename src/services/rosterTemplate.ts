// The roster template (花名册模板) offered beside 《花名册列说明》: the importer's own columns under
// their printed names, with two fictitious example households of the demo county so a person sees
// how a household's rows, its head's row and its income fill in. Nothing of the real county goes in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCounty } from '../demo/generate.js';
import { writeRoster } from '../io/roster/write.js';

const EXAMPLE_HOUSEHOLDS = 2;
export const TEMPLATE_FILE_NAME = '建档立卡花名册模板.xlsx';

export async function rosterTemplate(): Promise<{ path: string; fileName: string; cleanup: () => void }> {
  // The smallest demo county there is; its households, names and ID numbers are made up.
  const county = generateCounty({ seed: 1, scale: 0.002 });
  const households = county.households.slice(0, EXAMPLE_HOUSEHOLDS);
  const ids = new Set(households.map((h) => h.id));
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-template-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const path = join(dir, TEMPLATE_FILE_NAME);
    await writeRoster(
      path,
      {
        regions: county.regions,
        households,
        members: county.members.filter((m) => ids.has(m.householdId)),
        incomes: county.incomes.filter((f) => ids.has(f.householdId)),
        tasks: [],
      },
      { title: '建档立卡贫困人口花名册（模板：示例户为虚构数据，填写前请删除）' },
    );
    return { path, fileName: TEMPLATE_FILE_NAME, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
