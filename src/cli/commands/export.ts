// `tuopin export <dir>`: the ledgers and income forms as workbooks, masked for their purpose.
import { resolve } from 'node:path';
import { maskFor, type MaskPurpose } from '../../domain/mask.js';
import { assessCounty } from '../../services/assessCounty.js';
import { exportLedgers } from '../../services/exportLedgers.js';
import { withContext, type GlobalOptions } from '../context.js';

export async function exportDir(dir: string, o: { for: MaskPurpose }, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx, rulebook) => {
    const report = await assessCounty(ctx, { rulebook, ...(g.date ? { referenceDate: g.date } : {}) });
    const result = await exportLedgers(report, resolve(dir), { mask: maskFor(o.for), generatedAt: ctx.clock() });
    for (const f of result.files) {
      console.log(`${f.path}\n  ${f.sheets.map((s) => `${s.name}（${s.rows}行）`).join('，')}`);
    }
  });
}
