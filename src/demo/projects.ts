// The demo county's project library: a few projects per village over the rulebook's kinds and
// fund sources, moved through the status flow, with allocations, disbursements (most on schedule,
// a few late or idle) and plan notices. Deterministic from the seed; no clock: `today` is given.
import type { Project, ProjectSettings, StoredMoney } from '../domain/projects.js';
import { Random } from '../domain/random.js';

export interface DemoProjectPlan {
  project: Project;
  /** Status codes in order after the first, each with its date. */
  statuses: { to: string; date: string }[];
  allocations: Omit<StoredMoney, 'id' | 'projectId'>[];
  disbursements: Omit<StoredMoney, 'id' | 'projectId'>[];
  notices: { villageCode: string; postedOn: string; endedOn: string | null }[];
}

const NAMES: Record<string, string[]> = {
  industry: ['肉牛养殖', '中药材种植', '马铃薯良种繁育', '光伏扶贫电站', '食用菌大棚'],
  infrastructure: ['村组道路硬化', '生产便道', '桥涵建设', '村级综合服务中心'],
  water: ['人饮巩固提升工程', '自来水入户', '蓄水池建设'],
  housing: ['危房改造', '抗震农房改造'],
  education: ['村小学校舍维修', '幼儿园建设'],
  health: ['村卫生室标准化建设'],
  employment: ['扶贫车间', '劳务技能培训'],
  finance: ['扶贫小额信贷贴息'],
};
const TO_HOUSEHOLD = new Set(['industry', 'housing', 'finance']);

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function demoProjects(opts: {
  seed: number;
  year: number;
  today: string;
  settings: ProjectSettings;
  /** Villages with their households (ids), in a stable order. */
  villages: readonly { code: string; name: string; households: readonly string[] }[];
  countyCode: string | null;
  perVillage?: number;
}): DemoProjectPlan[] {
  const rnd = new Random(opts.seed ^ 0x5a17);
  const types = Object.keys(opts.settings.types).filter((t) => t in NAMES);
  const flow = opts.settings.statuses.filter((s) => s.next.length > 0 || s.accepted).map((s) => s.code);
  const out: DemoProjectPlan[] = [];
  let n = 0;
  for (const v of opts.villages) {
    const count = opts.perVillage ?? rnd.int(1, 3);
    for (let k = 0; k < count; k++) {
      n += 1;
      const type = rnd.pick(types);
      const id = `XM${opts.year}-${String(n).padStart(4, '0')}`;
      const central = rnd.int(5, 60) * 1_000_000;
      const county = rnd.chance(0.5) ? rnd.int(1, 20) * 500_000 : 0;
      const self = TO_HOUSEHOLD.has(type) && rnd.chance(0.4) ? rnd.int(1, 10) * 100_000 : 0;
      const fundSources: Record<string, number> = { central };
      if (county > 0) fundSources['county'] = county;
      if (self > 0) fundSources['self'] = self;
      const households = TO_HOUSEHOLD.has(type)
        ? rnd
            .shuffle([...v.households])
            .slice(0, rnd.int(3, 12))
            .sort()
        : [];
      const project: Project = {
        id,
        countyCode: opts.countyCode,
        name: `${v.name}${rnd.pick(NAMES[type]!)}项目`,
        type,
        year: opts.year,
        startDate: `${opts.year}-0${rnd.int(3, 5)}-01`,
        endDate: `${opts.year}-${rnd.pick(['10', '11', '12'])}-30`,
        content: `${opts.settings.types[type]}类项目，覆盖${v.name}`,
        implementer: `${v.name}村民委员会`,
        responsibleName: `${rnd.pick(['王', '李', '张', '刘', '陈'])}某`,
        responsibleUnit: '县扶贫办',
        sector: type === 'water' ? '水务' : type === 'housing' ? '住建' : type === 'education' ? '教育' : type === 'health' ? '卫健' : null,
        tenderMethod: rnd.pick(['公开招标', '竞争性谈判', '村级自建']),
        tenderWinner: null,
        contractFen: null,
        qualityTarget: '工程验收合格率 100%',
        benefitHouseholds: households.length > 0 ? households.length : rnd.int(20, 200),
        benefitPeople: null,
        incomeGainFen: TO_HOUSEHOLD.has(type) ? rnd.int(5, 30) * 10_000 : null,
        status: flow[0]!,
        villages: [v.code],
        households,
        fundSources,
      };
      // How far along: most under way, a few still in reserve, some finished.
      const reach = rnd.weighted([
        [0, 1],
        [1, 2],
        [2, 5],
        [3, 2],
        [4, 1],
      ] as const);
      const statuses: { to: string; date: string }[] = [];
      let day = `${opts.year}-03-01`;
      for (let i = 1; i <= Math.min(reach, flow.length - 1); i++) {
        day = addDays(day, rnd.int(10, 40));
        if (day > opts.today) break;
        statuses.push({ to: flow[i]!, date: day });
      }
      const allocations: DemoProjectPlan['allocations'] = [];
      const disbursements: DemoProjectPlan['disbursements'] = [];
      const notices: DemoProjectPlan['notices'] = [];
      const approved = statuses[0]?.date;
      if (approved !== undefined) {
        const planPosted = addDays(approved, -12);
        notices.push({ villageCode: v.code, postedOn: planPosted, endedOn: addDays(planPosted, opts.settings.noticeDays) });
        const allocDay = addDays(approved, 5);
        for (const [source, fen] of Object.entries(fundSources)) allocations.push({ source, fen, date: allocDay, voucher: `县财预〔${opts.year}〕${n}号` });
        // A few late ones: one early instalment and nothing since; the rest keep to the schedule.
        const late = rnd.chance(0.08);
        const share = late ? 0.15 : rnd.uniform(0.7, 1);
        const first = addDays(allocDay, rnd.int(10, 30));
        const last = late ? first : addDays(opts.today, -rnd.int(5, 45));
        for (const [source, fen] of Object.entries(fundSources)) {
          const total = Math.floor(fen * share);
          const parts = late || last <= first ? 1 : rnd.int(2, 4);
          const span = Math.max(0, Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000));
          let left = total;
          for (let i = 0; i < parts && left > 0; i++) {
            const date = addDays(first, parts === 1 ? 0 : Math.round((span * i) / (parts - 1)));
            if (date > opts.today) break;
            const amount = i === parts - 1 ? left : Math.floor(total / parts);
            disbursements.push({ source, fen: amount, date, voucher: `付-${n}-${disbursements.length + 1}` });
            left -= amount;
          }
        }
      }
      out.push({ project, statuses, allocations, disbursements, notices });
    }
  }
  return out;
}
