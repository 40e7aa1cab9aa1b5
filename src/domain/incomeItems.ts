// The itemised income form (docs/rulebooks.md): the form's design, free of Zod so that the browser
// can import it with the income rule. Which items count toward net income is a rulebook setting
// (`income.excludedItems`).

export const INCOME_ITEMS = [
  { code: 'migrantWage', category: 'wage', label: '外出务工收入' },
  { code: 'localWage', category: 'wage', label: '本地务工收入' },
  { code: 'publicWelfareJob', category: 'wage', label: '公益性岗位收入' },
  { code: 'farming', category: 'production', label: '种植业收入' },
  { code: 'forestry', category: 'production', label: '林业收入' },
  { code: 'livestock', category: 'production', label: '养殖业收入' },
  { code: 'fishery', category: 'production', label: '渔业收入' },
  { code: 'industry', category: 'production', label: '二产收入' },
  { code: 'services', category: 'production', label: '三产（服务业）收入' },
  { code: 'productionCost', category: 'cost', label: '生产经营性支出' },
  { code: 'rent', category: 'property', label: '租金收入' },
  { code: 'interest', category: 'property', label: '利息收入' },
  { code: 'dividends', category: 'property', label: '入股分红' },
  { code: 'assetIncomeDividend', category: 'property', label: '资产收益分红' },
  { code: 'pension', category: 'transfer', label: '养老金' },
  { code: 'dibao', category: 'transfer', label: '低保金' },
  { code: 'tekun', category: 'transfer', label: '特困供养金' },
  { code: 'familyPlanning', category: 'transfer', label: '计划生育奖扶' },
  { code: 'ecoCompensation', category: 'transfer', label: '生态补偿金' },
  { code: 'childSupport', category: 'transfer', label: '赡养费' },
  { code: 'otherTransfer', category: 'transfer', label: '其他转移性收入' },
  { code: 'oneOffRelief', category: 'transfer', label: '临时救助金' },
  { code: 'medicalReimbursement', category: 'transfer', label: '医疗报销' },
  { code: 'housingSubsidy', category: 'transfer', label: '危房改造补助' },
  { code: 'relocationSubsidy', category: 'transfer', label: '易地搬迁补助' },
  { code: 'microCredit', category: 'transfer', label: '扶贫小额信贷' },
  { code: 'donorHelp', category: 'transfer', label: '帮扶慰问金（物）' },
] as const;

export type IncomeItemCode = (typeof INCOME_ITEMS)[number]['code'];
export type IncomeCategory = (typeof INCOME_ITEMS)[number]['category'];
export const INCOME_ITEM_CODES = INCOME_ITEMS.map((i) => i.code) as unknown as readonly [IncomeItemCode, ...IncomeItemCode[]];
