/**
 * Benchmark for the low-level sheet reader.
 *
 *   npx tsx bench/xlsx-read.ts [file.xlsx|file.csv]
 *   npx tsx --expose-gc bench/xlsx-read.ts      (cleaner RSS figures: collects between runs)
 *
 * Without a file it generates a county-sized roster (59,000 rows x 45 columns) with exceljs's
 * streaming writer into /tmp (reused if already there), then times readWorkbook + iterating every
 * row, best of 3, and reports peak RSS.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readWorkbook } from '../src/io/sheets/index.js';
import { ZipArchive } from '../src/io/sheets/zip.js';
import { Random } from '../src/domain/random.js';

const ROWS = 59_000;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国志强玉兰海燕红梅德福永红小红春花金凤光明世平';
const TOWNSHIPS = [
  '城关镇',
  '河口镇',
  '石门乡',
  '龙泉镇',
  '青山乡',
  '白水乡',
  '马场镇',
  '杨柳乡',
  '高桥镇',
  '新街乡',
  '大坝镇',
  '双河乡',
  '黄土镇',
  '平安乡',
  '松林镇',
];
const RELATIONS = ['户主', '配偶', '之子', '之女', '之儿媳', '之女婿', '之孙子', '之孙女', '之父', '之母', '其他'];
const EDUCATION = ['文盲或半文盲', '小学', '初中', '高中', '大专及以上', '学龄前儿童'];
const SCHOOL = ['非在校生', '学前', '小学', '七年级', '八年级', '九年级', '高中', '中职', '高职', '大专及以上'];
const HEALTH = ['健康', '长期慢性病', '患有大病', '残疾'];
const LABOUR = ['普通劳动力', '技能劳动力', '丧失劳动力', '无劳动力'];
const CAUSES = ['因病', '因残', '因学', '因灾', '缺土地', '缺水', '缺技术', '缺劳力', '缺资金', '交通条件落后', '自身发展动力不足', '其他'];
const STATUS = ['未脱贫', '预脱贫', '已脱贫', '返贫'];
const ATTR = ['一般贫困户', '低保贫困户', '特困供养贫困户'];
const YESNO = ['是', '否'];
const ETHNIC = ['汉族', '苗族', '彝族', '土家族', '布依族', '侗族'];

const HEADERS = [
  '序号',
  '县',
  '乡镇',
  '行政村',
  '自然村（组）',
  '户编号',
  '人编号',
  '姓名',
  '证件号码',
  '性别',
  '与户主关系',
  '民族',
  '出生日期',
  '文化程度',
  '在校生状况',
  '健康状况',
  '残疾等级',
  '劳动技能',
  '务工地点',
  '务工时间（月）',
  '城乡居民基本医疗保险',
  '大病保险',
  '城乡居民基本养老保险',
  '医疗救助',
  '家庭医生签约',
  '贫困户属性',
  '识别标准',
  '识别年度',
  '主要致贫原因',
  '其他致贫原因',
  '脱贫属性',
  '脱贫年度',
  '易地扶贫搬迁',
  '兜底保障',
  '住房等级',
  '住房面积',
  '饮水情况',
  '耕地面积（亩）',
  '林地面积（亩）',
  '距村主干道（公里）',
  '家庭人口',
  '人均纯收入（元）',
  '帮扶责任人',
  '联系电话',
  '填表日期',
];

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T;
}

async function generate(file: string): Promise<void> {
  const random = new Random(20240601);
  const rnd = () => random.next();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('花名册');
  ws.addRow(HEADERS).commit();
  const dateFmt = 'yyyy"年"m"月"d"日"';
  for (let i = 1; i <= ROWS; i++) {
    const township = pick(rnd, TOWNSHIPS);
    const village = `${township.slice(0, 2)}${1 + Math.floor(rnd() * 20)}村`;
    const hh = Math.floor((i - 1) / 4) + 1;
    const birth = new Date(Date.UTC(1940 + Math.floor(rnd() * 70), Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 28)));
    const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
    const id = `522401${ymd}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}${pick(rnd, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'])}`;
    const name = pick(rnd, [...SURNAMES]) + pick(rnd, [...GIVEN]) + (rnd() < 0.6 ? pick(rnd, [...GIVEN]) : '');
    const row = ws.addRow([
      i,
      '某某县',
      township,
      village,
      `${1 + Math.floor(rnd() * 9)}组`,
      `5224011${String(hh).padStart(8, '0')}`,
      `P${String(i).padStart(9, '0')}`,
      name,
      id,
      Number(ymd.slice(-1)) % 2 ? '男' : '女',
      pick(rnd, RELATIONS),
      pick(rnd, ETHNIC),
      birth,
      pick(rnd, EDUCATION),
      pick(rnd, SCHOOL),
      pick(rnd, HEALTH),
      rnd() < 0.9 ? null : pick(rnd, ['一级', '二级', '三级', '四级']),
      pick(rnd, LABOUR),
      rnd() < 0.5 ? null : pick(rnd, ['县内', '省内县外', '省外']),
      Math.floor(rnd() * 12),
      pick(rnd, YESNO),
      pick(rnd, YESNO),
      pick(rnd, YESNO),
      pick(rnd, YESNO),
      pick(rnd, YESNO),
      pick(rnd, ATTR),
      pick(rnd, ['国家', '省定', '市定']),
      2014 + Math.floor(rnd() * 6),
      pick(rnd, CAUSES),
      rnd() < 0.5 ? null : `${pick(rnd, CAUSES)},${pick(rnd, CAUSES)}`,
      pick(rnd, STATUS),
      2016 + Math.floor(rnd() * 5),
      pick(rnd, ['无', '未入住', '已入住']),
      pick(rnd, YESNO),
      pick(rnd, ['A级', 'B级', 'C级', 'D级']),
      Math.round(rnd() * 20000) / 100,
      pick(rnd, ['自来水', '集中供水', '分散供水']),
      Math.round(rnd() * 1000) / 100,
      Math.round(rnd() * 2000) / 100,
      Math.round(rnd() * 150) / 10,
      1 + Math.floor(rnd() * 7),
      Math.round((3000 + rnd() * 12000) * 100) / 100,
      pick(rnd, [...SURNAMES]) + pick(rnd, [...GIVEN]),
      `1${String(3_000_000_000 + Math.floor(rnd() * 6_999_999_999))}`,
      new Date(Date.UTC(2024, 8, 1 + Math.floor(rnd() * 30))),
    ]);
    row.getCell(13).numFmt = dateFmt;
    row.getCell(45).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

/** Sizes and raw inflate time of the parts, for comparison with the reader's own time. */
function describeParts(file: string, bestMs: number): void {
  const zip = new ZipArchive(readFileSync(file), file);
  let largest = 0;
  for (const e of zip.entries.values()) {
    if (e.uncompressedSize < 1_000_000) continue;
    const t = performance.now();
    zip.read(e);
    const ms = performance.now() - t;
    console.log(`  ${e.name}: ${(e.compressedSize / 1e6).toFixed(1)} MB -> ${(e.uncompressedSize / 1e6).toFixed(1)} MB, inflate alone ${ms.toFixed(0)} ms`);
    largest = Math.max(largest, e.uncompressedSize);
  }
  if (largest > 0) {
    const per10 = (bestMs / largest) * 10e6;
    console.log(`  => ${per10.toFixed(0)} ms per 10 MB of sheet XML; scaled to a 55 MB sheet: ~${(per10 * 5.5).toFixed(0)} ms`);
  }
}

let peakRss = 0;
function sample(): void {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) peakRss = rss;
}

async function main(): Promise<void> {
  let file = process.argv[2];
  let generated = false;
  if (!file) {
    file = join(tmpdir(), `tuopin-bench-roster-${ROWS}x${HEADERS.length}.xlsx`);
    if (!existsSync(file)) {
      console.log(`generating ${file} ...`);
      const t = performance.now();
      await generate(file);
      generated = true;
      console.log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  const size = statSync(file).size;
  console.log(`file: ${file} (${(size / 1e6).toFixed(1)} MB)`);
  if (global.gc) global.gc();
  const baseRss = process.memoryUsage.rss();
  peakRss = baseRss;

  const times: number[] = [];
  let firstRunMaxRss = 0;
  let rows: number;
  let cells: number;
  for (let run = 0; run < 3; run++) {
    // With --expose-gc, drop the previous run's buffers so the RSS figures describe one read.
    if (global.gc) global.gc();
    const t0 = performance.now();
    const wb = readWorkbook(file);
    const t1 = performance.now();
    rows = 0;
    cells = 0;
    for (const sheet of wb.sheets) {
      for (const row of sheet.rows()) {
        rows++;
        for (const v of row.cells) if (v !== null) cells++;
        if ((rows & 4095) === 0) sample();
      }
      void sheet.merges;
    }
    sample();
    const t2 = performance.now();
    times.push(t2 - t0);
    if (run === 0) firstRunMaxRss = process.resourceUsage().maxRSS / 1024;
    console.log(
      `run ${run + 1}: ${(t2 - t0).toFixed(0)} ms (open ${(t1 - t0).toFixed(0)} ms, rows ${(t2 - t1).toFixed(0)} ms), ` +
        `${rows} rows, ${cells} non-empty cells, format ${wb.format}${wb.encoding ? ` (${wb.encoding})` : ''}`,
    );
  }
  console.log(`best of 3: ${Math.min(...times).toFixed(0)} ms`);
  const maxRss = process.resourceUsage().maxRSS / 1024;
  // maxRSS covers the whole process, so it is only meaningful when the file was not generated in this run.
  // After run 1 it is the peak of one read; later runs add freed-but-not-returned malloc memory.
  console.log(
    `RSS: before reading ${(baseRss / 1048576).toFixed(0)} MB (node + tsx), sampled peak ${(peakRss / 1048576).toFixed(0)} MB, ` +
      `maxRSS after run 1 ${firstRunMaxRss.toFixed(0)} MB, after all runs ${maxRss.toFixed(0)} MB` +
      (generated ? ' (includes generating the file)' : ''),
  );
  if (/\.xlsx$/i.test(file)) describeParts(file, Math.min(...times));
}

await main();
