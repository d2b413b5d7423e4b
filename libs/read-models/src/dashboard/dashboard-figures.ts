/**
 * The dashboards' figures: what each one counts, in words and as a query over dashboard_facts. A figure is either a
 * count (or sum, or average) of one metric's facts in the period, optionally of one value of a dimension, or one of
 * the few that need two metrics at once (open, overdue, corrected), named `derived`. Every figure's items can be
 * listed with the same definition (`/v1/dashboard/items?figure=…`), so that a count can be checked one by one.
 */

export interface FigureDefinition {
  key: string;
  label: string;
  /** The metric counted; for a derived figure, the metric whose items are listed. */
  metric: string;
  dim1?: string;
  dim2?: string;
  /** count (default), sum or avg of the facts' values. */
  aggregate?: 'count' | 'sum' | 'avg';
  /** A figure of two metrics: see DERIVED_CONDITIONS. */
  derived?: 'alerts.open' | 'operations.overdue' | 'findings.corrected' | 'rectifications.completed';
  /** A state now (or as of `asOf`), whatever the period: what is overdue. */
  state?: boolean;
}

const ALERT_GROUND_KEYS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const FINDING_KINDS: [string, string][] = [
  ['inaction', '不作为'],
  ['slow-action', '缓作为'],
  ['arbitrary-action', '乱作为'],
  ['exceeding-authority', '超越职权'],
  ['abuse-of-authority', '滥用职权'],
  ['abandoning-authority', '放弃职权'],
  ['procedural-violation', '程序违法'],
  ['rules-not-implemented', '配套制度未落实'],
];

export const FIGURES: readonly FigureDefinition[] = [
  { key: 'operations.registered', label: '登记重要权力运行事项', metric: 'operations.registered' },
  { key: 'operations.completed', label: '办结', metric: 'operations.completed' },
  { key: 'operations.completedOnTime', label: '按时办结', metric: 'operations.completed', dim1: 'on-time' },
  { key: 'operations.completedLate', label: '超期办结', metric: 'operations.completed', dim1: 'late' },
  {
    key: 'operations.overdue',
    label: '当前超期未办结',
    metric: 'operations.deadlinePassed',
    derived: 'operations.overdue',
    state: true,
  },
  {
    key: 'operations.averageWorkingDays',
    label: '平均办理工作日',
    metric: 'operations.completed',
    aggregate: 'avg',
  },
  { key: 'operations.registeredLate', label: '迟登记', metric: 'operations.registeredLate' },
  { key: 'alerts.raised', label: '红黄牌', metric: 'alerts.raised' },
  { key: 'alerts.red', label: '红牌', metric: 'alerts.raised', dim2: 'red' },
  { key: 'alerts.yellow', label: '黄牌', metric: 'alerts.raised', dim2: 'yellow' },
  ...ALERT_GROUND_KEYS.flatMap((ground) =>
    (['red', 'yellow'] as const).map((level) => ({
      key: `alerts.ground${ground}.${level}`,
      label: `第${ground}项情形${level === 'red' ? '红牌' : '黄牌'}`,
      metric: 'alerts.raised',
      dim1: String(ground),
      dim2: level,
    })),
  ),
  { key: 'alerts.open', label: '未办结红黄牌', metric: 'alerts.raised', derived: 'alerts.open' },
  { key: 'alerts.answered', label: '已解释说明', metric: 'alerts.answered' },
  { key: 'alerts.resolved', label: '已办结红黄牌', metric: 'alerts.resolved' },
  { key: 'complaints.received', label: '投诉受理', metric: 'complaints.received' },
  { key: 'complaints.repliedInTime', label: '按期答复', metric: 'complaints.replied', dim1: 'in-time' },
  { key: 'complaints.repliedLate', label: '逾期答复', metric: 'complaints.replied', dim1: 'late' },
  { key: 'complaints.closed', label: '投诉办结', metric: 'complaints.closed' },
  { key: 'complaints.substantiated', label: '属实', metric: 'complaints.closed', dim1: 'substantiated' },
  {
    key: 'complaints.partlySubstantiated',
    label: '部分属实',
    metric: 'complaints.closed',
    dim1: 'partly-substantiated',
  },
  { key: 'complaints.satisfied', label: '满意', metric: 'complaints.closed', dim2: 'satisfied' },
  {
    key: 'complaints.basicallySatisfied',
    label: '基本满意',
    metric: 'complaints.closed',
    dim2: 'basically-satisfied',
  },
  { key: 'complaints.dissatisfied', label: '不满意', metric: 'complaints.closed', dim2: 'dissatisfied' },
  { key: 'inspections.planned', label: '查访', metric: 'inspections.planned' },
  { key: 'inspections.operationsSampled', label: '抽查事项', metric: 'inspections.sampled', aggregate: 'sum' },
  { key: 'findings.recorded', label: '发现问题', metric: 'findings.recorded' },
  ...FINDING_KINDS.map(([kind, label]) => ({
    key: `findings.${kind}`,
    label,
    metric: 'findings.recorded',
    dim1: kind,
  })),
  {
    key: 'findings.corrected',
    label: '已纠正问题',
    metric: 'findings.recorded',
    derived: 'findings.corrected' as const,
  },
  { key: 'rectifications.ordered', label: '整改通知', metric: 'rectifications.ordered' },
  {
    key: 'rectifications.completed',
    label: '已整改到位',
    metric: 'rectifications.ordered',
    derived: 'rectifications.completed' as const,
  },
  { key: 'rectifications.acceptedInTime', label: '按期整改验收', metric: 'rectifications.accepted', dim1: 'in-time' },
  { key: 'rectifications.acceptedLate', label: '逾期整改验收', metric: 'rectifications.accepted', dim1: 'late' },
  { key: 'rectifications.overdue', label: '逾期未整改（红牌）', metric: 'rectifications.overdue' },
  { key: 'cases.opened', label: '责任追究立案', metric: 'cases.opened' },
  { key: 'cases.decidedMinor', label: '情节较轻', metric: 'cases.decided', dim1: 'minor' },
  { key: 'cases.decidedSerious', label: '情节较重', metric: 'cases.decided', dim1: 'serious' },
  { key: 'cases.decidedSevere', label: '情节严重', metric: 'cases.decided', dim1: 'severe' },
  { key: 'cases.noResponsibility', label: '不予追责', metric: 'cases.decided', dim1: 'no-responsibility' },
  { key: 'catalogue.granted', label: '新增职权', metric: 'catalogue.granted' },
  { key: 'catalogue.changed', label: '变更职权', metric: 'catalogue.changed' },
  { key: 'catalogue.cancelled', label: '取消职权', metric: 'catalogue.cancelled' },
  { key: 'catalogue.transferredIn', label: '划入职权', metric: 'catalogue.transferredIn' },
  { key: 'catalogue.transferredOut', label: '划出职权', metric: 'catalogue.transferredOut' },
  { key: 'alerts.publicationLate', label: '未按时公开（第2、4项）', metric: 'alerts.raised', dim1: '2|4' },
];

/**
 * The two rates the supervision office reports (the seed quotes 查纠率98.4%, 整改率98.1%):
 * - 查纠率, the share of the problems found that were put right: findings of the period for which a rectification
 *   order citing them has been accepted, over the findings of the period;
 * - 整改率, the share of rectification orders carried out: orders of the period whose report has been accepted, over
 *   the orders of the period.
 */
export const RATES = [
  { key: 'rates.correction', label: '查纠率', numerator: 'findings.corrected', denominator: 'findings.recorded' },
  {
    key: 'rates.rectification',
    label: '整改率',
    numerator: 'rectifications.completed',
    denominator: 'rectifications.ordered',
  },
  {
    key: 'rates.onTimeCompletion',
    label: '按时办结率',
    numerator: 'operations.completedOnTime',
    denominator: 'operations.completed',
  },
  {
    key: 'rates.complaintsClosed',
    label: '投诉办结率',
    numerator: 'complaints.closed',
    denominator: 'complaints.received',
  },
] as const;

export const FIGURE_KEYS = new Set([...FIGURES.map((figure) => figure.key)]);
export const figureByKey = (key: string): FigureDefinition | undefined => FIGURES.find((figure) => figure.key === key);
