/**
 * The demo's organisations and their catalogues, from the seed documents: the tobacco monopoly bureau of Zhangzhou
 * (漳州市烟草专卖局) and one of its county bureaus, the city-management bureau (漳州市城市管理行政执法局) and its
 * directly managed brigade (直属大队), and 宁化县城建监察大队. The powers of YC and CG are rows of
 * samples/catalogue-seed.csv (same codes, names and time limits); the units' are the same kinds of power.
 */

export interface DemoDepartment {
  code: string;
  name: string;
  parent?: string;
  /** Operations a working day, on average: a county brigade registers less than a city bureau. */
  workload: number;
}

export const DEMO_DEPARTMENTS: readonly DemoDepartment[] = [
  { code: 'YC', name: '漳州市烟草专卖局', workload: 0.9 },
  { code: 'YC-LH', name: '龙海市烟草专卖局', parent: 'YC', workload: 0.5 },
  { code: 'CG', name: '漳州市城市管理行政执法局', workload: 1.0 },
  { code: 'CG-ZS', name: '漳州市城市管理行政执法局直属大队', parent: 'CG', workload: 0.7 },
  { code: 'NH', name: '宁化县城建监察大队', workload: 0.4 },
];

export interface DemoPower {
  code: string;
  name: string;
  category: 'licensing' | 'penalty';
  department: string;
  legalBasis: { title: string; article: string }[];
  timeLimit: { legalDays: number; committedDays: number; unit?: 'calendar' };
  important: boolean;
}

const TOBACCO_LAW = '中华人民共和国烟草专卖法实施条例';
const CITY_RULES = '城市市容和环境卫生管理条例';

const tobacco = (department: string, prefix: string): DemoPower[] => [
  {
    code: `${prefix}-XK-0001`,
    name: '烟草专卖零售许可证核发',
    category: 'licensing',
    department,
    legalBasis: [{ title: '中华人民共和国烟草专卖法', article: '第十六条' }],
    timeLimit: { legalDays: 20, committedDays: 10 },
    important: false,
  },
  {
    code: `${prefix}-CF-0001`,
    name: '对无证运输烟草专卖品违法违规行为的处罚',
    category: 'penalty',
    department,
    legalBasis: [{ title: TOBACCO_LAW, article: '第五十六条' }],
    timeLimit: { legalDays: 90, committedDays: 60, unit: 'calendar' },
    important: true,
  },
  {
    code: `${prefix}-CF-0002`,
    name: '对销售无标识外国卷烟、专供出口卷烟违法违规行为的处罚',
    category: 'penalty',
    department,
    legalBasis: [{ title: TOBACCO_LAW, article: '第五十七条' }],
    timeLimit: { legalDays: 90, committedDays: 60, unit: 'calendar' },
    important: true,
  },
];

const cityManagement = (department: string, prefix: string): DemoPower[] => [
  {
    code: `${prefix}-XK-0001`,
    name: '设置大型户外广告审批',
    category: 'licensing',
    department,
    legalBasis: [{ title: CITY_RULES, article: '第十一条' }],
    timeLimit: { legalDays: 20, committedDays: 10 },
    important: false,
  },
  {
    code: `${prefix}-XK-0003`,
    name: '临时占用城市道路审批',
    category: 'licensing',
    department,
    legalBasis: [{ title: '城市道路管理条例', article: '第三十一条' }],
    timeLimit: { legalDays: 20, committedDays: 10 },
    important: false,
  },
  {
    code: `${prefix}-CF-0001`,
    name: '对擅自在街道两侧和公共场地堆放物料、占道经营的处罚',
    category: 'penalty',
    department,
    legalBasis: [{ title: CITY_RULES, article: '第三十六条' }],
    timeLimit: { legalDays: 90, committedDays: 60, unit: 'calendar' },
    important: true,
  },
  {
    code: `${prefix}-CF-0003`,
    name: '对运输建筑垃圾（渣土）沿途泄漏、遗撒的处罚',
    category: 'penalty',
    department,
    legalBasis: [{ title: '城市建筑垃圾管理规定', article: '第二十三条' }],
    timeLimit: { legalDays: 90, committedDays: 60, unit: 'calendar' },
    important: true,
  },
];

export const DEMO_POWERS: readonly DemoPower[] = [
  ...tobacco('YC', 'YC'),
  ...tobacco('YC-LH', 'YCLH'),
  ...cityManagement('CG', 'CG'),
  ...cityManagement('CG-ZS', 'CGZS'),
  ...cityManagement('NH', 'NH').filter((power) => power.category === 'penalty' || power.code.endsWith('XK-0003')),
];

/** The approval every demo grant cites: the 清权确权 of the seed. */
export const DEMO_APPROVAL = {
  authority: '漳州市规范行政权力运行工作领导小组办公室',
  documentNo: '漳规范〔2010〕35号',
  date: '2010-09-20',
};

const SURNAMES = [...'陈林黄张李王吴刘蔡杨郑许谢洪郭邱曾廖赖徐周叶苏庄'];
const GIVEN = [
  '志强',
  '秀英',
  '建华',
  '丽娟',
  '国平',
  '小明',
  '伟',
  '芳',
  '海燕',
  '文斌',
  '金水',
  '美玲',
  '永福',
  '春生',
];
const SHOPS = ['便利店', '商行', '烟酒店', '超市', '建材有限公司', '运输有限公司', '广告有限公司', '餐饮店'];
const PLACES = ['芗城', '龙文', '角美', '石码', '海澄', '翠林', '水仙', '胜利', '延安', '新华'];

/** A person's or a business's name from the demo's pseudo-random stream. */
export function counterpartyName(random: () => number, kind: 'person' | 'organization'): string {
  const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)];
  if (kind === 'person') return `${pick(SURNAMES)}${pick(GIVEN)}`;
  return `漳州市${pick(PLACES)}${pick(SURNAMES)}${pick(GIVEN)}${pick(SHOPS)}`;
}

export function handlerName(random: () => number): string {
  return counterpartyName(random, 'person');
}
