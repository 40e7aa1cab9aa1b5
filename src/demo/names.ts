/**
 * Synthetic name parts for the demo county. People's names are random combinations of common
 * surnames and given-name characters; place names are combinations of common place-name
 * elements of the north-west loess and mountain country. None is meant to be a real person or
 * a real place: the county code is impossible (see generate.ts), so no generated ID number can
 * belong to anyone.
 */
import type { Random } from '../domain/random.js';
import type { Sex } from '../domain/types.js';

/** Weighted roughly by how common the surname is in the north-west. */
const HAN_SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 9],
  ['李', 9],
  ['张', 8],
  ['刘', 6],
  ['杨', 6],
  ['陈', 4],
  ['赵', 4],
  ['马', 4],
  ['何', 2],
  ['孙', 2],
  ['周', 2],
  ['吴', 2],
  ['徐', 2],
  ['朱', 2],
  ['胡', 2],
  ['郭', 2],
  ['高', 2],
  ['魏', 2],
  ['牛', 2],
  ['包', 1],
  ['罗', 1],
  ['梁', 1],
  ['宋', 1],
  ['郑', 1],
  ['谢', 1],
  ['韩', 2],
  ['唐', 1],
  ['冯', 1],
  ['董', 1],
  ['萧', 1],
  ['程', 1],
  ['曹', 1],
  ['袁', 1],
  ['邓', 1],
  ['许', 1],
  ['傅', 1],
  ['苏', 1],
  ['卢', 1],
  ['蒋', 1],
  ['蔡', 1],
  ['贾', 1],
  ['丁', 1],
  ['薛', 1],
  ['叶', 1],
  ['闫', 2],
  ['余', 1],
  ['潘', 1],
  ['杜', 1],
  ['戴', 1],
  ['姚', 1],
  ['石', 1],
  ['任', 1],
  ['姜', 1],
  ['范', 1],
  ['付', 1],
  ['汪', 1],
  ['安', 1],
  ['雷', 1],
  ['田', 1],
  ['侯', 1],
  ['文', 1],
  ['康', 1],
  ['巩', 1],
  ['令', 1],
  ['蒲', 1],
  ['岳', 1],
  ['漆', 1],
  ['尚', 1],
  ['柴', 1],
  ['景', 1],
];

const HUI_SURNAMES: readonly (readonly [string, number])[] = [
  ['马', 30],
  ['韩', 5],
  ['何', 4],
  ['丁', 4],
  ['穆', 3],
  ['沙', 3],
  ['白', 3],
  ['杨', 3],
  ['王', 3],
  ['张', 3],
  ['李', 2],
  ['苏', 2],
  ['冶', 2],
  ['喇', 2],
  ['海', 1],
  ['拜', 1],
  ['者', 1],
  ['虎', 1],
];

const DONGXIANG_SURNAMES: readonly (readonly [string, number])[] = [
  ['马', 25],
  ['妥', 6],
  ['汪', 5],
  ['唐', 4],
  ['何', 3],
  ['赵', 3],
  ['韩', 2],
  ['陈', 2],
  ['龙', 1],
  ['祁', 1],
];

// Given-name characters by era: names follow fashions, and a roster where a 1940s grandmother
// and a 2010s granddaughter are both called 梓涵 looks wrong to anyone who knows the villages.
const MALE_OLD = '福贵明文德忠生国才发有全财宝成玉山永华祥林海春喜旺兴禄学';
const MALE_MID = '军平强勇刚伟建红亮东斌峰武辉杰波磊俊涛龙鹏利强小志新军';
const MALE_YOUNG = '浩宇轩博鑫杰瑞阳晨睿泽天磊子豪俊凯逸航文涛佳皓然宸硕煜';
const FEMALE_OLD = '兰英秀梅花珍翠芳凤桂玉莲香菊琴娥叶巧仙爱彩银';
const FEMALE_MID = '霞燕丽娟红艳静敏玲萍芳琴雪梅慧娜丽霞小娟';
const FEMALE_YOUNG = '欣怡涵萱雨婷佳琪悦妍诗瑶梓馨思彤可可雅静乐语';

/** Tibetan personal names (no surname), all two characters. */
const TIBETAN_MALE = [
  '扎西',
  '才让',
  '多杰',
  '次仁',
  '东智',
  '索南',
  '旦增',
  '尼玛',
  '桑吉',
  '加措',
  '贡布',
  '仁青',
  '完么',
  '更登',
  '洛桑',
  '尕藏',
  '拉加',
  '万玛',
];
const TIBETAN_FEMALE = ['卓玛', '拉毛', '卓嘎', '措毛', '拉姆', '央金', '德吉', '才措', '吉毛', '仁措', '拉吉', '卓措', '草毛', '周毛', '当知', '拉措'];

export type Ethnicity = '汉族' | '回族' | '藏族' | '东乡族' | '土族' | '撒拉族';

export function surnameFor(rng: Random, ethnicity: Ethnicity): string {
  switch (ethnicity) {
    case '回族':
    case '撒拉族':
      return rng.weighted(HUI_SURNAMES);
    case '东乡族':
      return rng.weighted(DONGXIANG_SURNAMES);
    default:
      return rng.weighted(HAN_SURNAMES);
  }
}

function givenPool(sex: Sex, birthYear: number): string {
  if (sex === 'M') return birthYear < 1965 ? MALE_OLD : birthYear < 1995 ? MALE_MID : MALE_YOUNG;
  return birthYear < 1965 ? FEMALE_OLD : birthYear < 1995 ? FEMALE_MID : FEMALE_YOUNG;
}

/**
 * A full name of 2 or 3 characters. Tibetan names carry no surname; `surname` is ignored then.
 * Rural names of the older generations are mostly three characters; one-character given names
 * are a minority in every era.
 */
export function personName(rng: Random, surname: string, sex: Sex, birthYear: number, ethnicity: Ethnicity): string {
  if (ethnicity === '藏族') return rng.pick(sex === 'M' ? TIBETAN_MALE : TIBETAN_FEMALE);
  const pool = givenPool(sex, birthYear);
  const first = pool.charAt(rng.int(0, pool.length - 1));
  if (rng.chance(0.22)) return surname + first;
  let second = pool.charAt(rng.int(0, pool.length - 1));
  // Reduplicated names (可可, 婷婷) are fine for girls of the young generation only.
  if (second === first && !(sex === 'F' && birthYear >= 1995)) second = pool.charAt((pool.indexOf(first) + 1) % pool.length);
  return surname + first + second;
}

// ------------------------------------------------------------------ places

/** First elements of township names; each township takes one, so there must be more than 17. */
export const TOWNSHIP_STEMS = [
  '石门',
  '新集',
  '柳林',
  '红崖',
  '杨河',
  '白杨',
  '金坪',
  '青石',
  '大营',
  '龙泉',
  '黄渠',
  '三岔',
  '沙沟',
  '峡口',
  '古城',
  '双岔',
  '马营',
  '高庙',
  '南阳',
  '北山',
  '东湾',
  '西源',
  '盐池',
  '桥头',
  '木寨',
  '唐坝',
  '寺滩',
  '麻川',
] as const;

const VILLAGE_FIRST = [
  '红',
  '石',
  '新',
  '上',
  '下',
  '东',
  '西',
  '南',
  '北',
  '中',
  '大',
  '小',
  '黑',
  '白',
  '青',
  '柳',
  '杏',
  '桃',
  '槐',
  '沙',
  '金',
  '银',
  '马',
  '杨',
  '李',
  '王',
  '张',
  '刘',
  '陈',
  '赵',
  '何',
  '牛',
  '高',
  '尖',
  '平',
  '长',
  '阳',
  '阴',
  '寺',
  '庙',
  '营',
  '堡',
  '岔',
  '峡',
  '草',
  '麦',
  '榆',
  '松',
  '梨',
  '枣',
  '龙',
  '凤',
  '双',
  '三',
  '五',
  '九',
] as const;

const VILLAGE_MIDDLE = ['', '', '', '家', '家', '家'] as const;

const VILLAGE_LAST = [
  '沟',
  '湾',
  '坪',
  '岔',
  '川',
  '塬',
  '峡',
  '梁',
  '岘',
  '滩',
  '庄',
  '坡',
  '台',
  '寨',
  '堡',
  '河',
  '泉',
  '山',
  '岭',
  '崖',
  '屲',
  '洼',
  '咀',
  '渠',
  '集',
  '坝',
  '窑',
  '岗',
  '峪',
  '掌',
] as const;

/** A village-like place name such as 杨家沟 or 红崖; uniqueness is the caller's job. */
export function placeName(rng: Random): string {
  const first = rng.pick(VILLAGE_FIRST);
  const middle = rng.pick(VILLAGE_MIDDLE);
  let last = rng.pick(VILLAGE_LAST);
  while (last === first) last = rng.pick(VILLAGE_LAST);
  return first + middle + last;
}

const GROUP_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'] as const;

/** Natural villages are recorded as “X社” (numbered) or by their own name (“杨家湾社”). */
export function groupName(index: number, ownName: string | null): string {
  if (ownName !== null) return `${ownName}社`;
  return `${GROUP_NUMERALS[index] ?? String(index + 1)}社`;
}

// ------------------------------------------------------------------ units and places of work

/** County departments and institutions that send assistance cadres (帮扶单位). */
export const CADRE_UNITS = [
  '县扶贫开发办公室',
  '县教育局',
  '县卫生健康局',
  '县医疗保障局',
  '县住房和城乡建设局',
  '县水务局',
  '县农业农村局',
  '县财政局',
  '县人力资源和社会保障局',
  '县民政局',
  '县公安局',
  '县自然资源局',
  '县林业和草原局',
  '县交通运输局',
  '县市场监督管理局',
  '县统计局',
  '县审计局',
  '县人民医院',
  '县中医院',
  '县第一中学',
  '县职业中学',
  '县供电公司',
  '县农村信用合作联社',
  '县委组织部',
  '县委宣传部',
  '县人民法院',
  '县人民检察院',
  '县发展和改革局',
  '县商务局',
] as const;

/** Where migrant workers from the north-west typically go (destinations, not people). */
export const MIGRANT_PLACES: readonly (readonly [string, number])[] = [
  ['县内', 14],
  ['省内县外', 18],
  ['兰州市', 12],
  ['新疆', 12],
  ['内蒙古', 6],
  ['青海', 5],
  ['宁夏', 4],
  ['陕西省西安市', 6],
  ['天津市', 4],
  ['北京市', 3],
  ['江苏省苏州市', 4],
  ['浙江省宁波市', 4],
  ['广东省东莞市', 5],
  ['广东省深圳市', 3],
  ['福建省厦门市', 3],
];
