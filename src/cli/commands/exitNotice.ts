// `tuopin exit notice`: one village's public notice list as an A4 workbook.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { maskFor } from '../../domain/mask.js';
import { noticeWorkbook } from '../../io/notice/noticeWorkbook.js';
import { noticeList } from '../../services/exitNotice.js';
import { ALL } from '../../store/index.js';
import { withContext, type GlobalOptions } from '../context.js';
import { CliError } from '../errors.js';

export async function exitNotice(o: { village: string; out?: string }, g: GlobalOptions): Promise<void> {
  await withContext(g, async (ctx) => {
    // The command line runs as the county office: the whole county, masked for a public notice.
    const viewer = { userId: ctx.actor.id, name: ctx.actor.name, role: 'county' as const, scope: ALL, sector: null, mask: maskFor('public-notice') };
    const known = (await ctx.store.regions.list(ALL)).some((r) => r.code === o.village && r.level === 'village');
    if (!known) throw new CliError(`找不到村：${o.village}（请用 12 位村代码）`);
    const list = await noticeList(ctx.store, viewer, o.village);
    const file = resolve(o.out ?? `${list.villageName}贫困户退出公示名单.xlsx`);
    writeFileSync(file, await noticeWorkbook(list));
    const when = list.start === null ? '公示日期待定' : `公示期 ${list.start} 至 ${list.end}`;
    console.log(`已写出 ${file}\n  ${list.title}：${list.rows.length} 户，${when}，监督电话 ${list.objectionPhone ?? '未设置（留空手写）'}`);
  });
}
