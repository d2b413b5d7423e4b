import { POWER_ENUM_LABELS } from '@app/domain';

/*
 * Enumerations whose stream types are not in libs/domain yet (operations, alerts). They sit here so that
 * GET /v1/meta/enums is complete now; each moves to its domain folder when that decider is written.
 */

/** Steps of an important power operation (API.md, DOMAIN.md). */
const STEP_KIND_LABELS = {
  filing: '受理/立案',
  investigation: '调查取证',
  'notice-of-rights': '告知',
  'statement-and-defence': '陈述申辩',
  hearing: '听证',
  'legal-review': '法制审核',
  'collective-discussion': '集体讨论',
  decision: '决定',
  service: '送达',
  execution: '执行',
  closure: '结案',
  pause: '中止计时（特别程序）',
  resume: '恢复计时',
  other: '其他',
} as const;

const DECISION_OUTCOME_LABELS = {
  approved: '准予',
  denied: '不予准予',
  penalty: '给予处罚',
  'no-penalty': '不予处罚',
  other: '其他',
} as const;

const COUNTERPARTY_KIND_LABELS = {
  person: '自然人',
  organization: '法人或其他组织',
} as const;

/** 电子监察 红黄牌. */
const ALERT_LEVEL_LABELS = {
  yellow: '黄牌',
  red: '红牌',
} as const;

const ALERT_STATUS_LABELS = {
  open: '待处理',
  acknowledged: '已确认',
  resolved: '已办结',
} as const;

/** The ten grounds of 责任追究制度 第五条, by number. */
const ALERT_GROUND_LABELS = {
  1: '不按要求行使行政权力',
  2: '应当公开的事项及内容未公开',
  3: '公开的事项或内容不真实',
  4: '公开事项或内容变更后未及时公开',
  5: '未执行行政处罚自由裁量细化标准',
  6: '擅自增设或创设许可条件',
  7: '未按承诺时限办结',
  8: '弄虚作假，损害群众合法利益',
  9: '对监督检查消极配合或抵制',
  10: '其他应当追究责任的行为',
} as const;

export interface EnumValue {
  value: string | number;
  label: string;
}

const asValues = (labels: Readonly<Record<string, string>>, numeric = false): EnumValue[] =>
  Object.entries(labels).map(([value, label]) => ({ value: numeric ? Number(value) : value, label }));

/** Every enumeration of the API, each value with its Chinese label, in the order the domain declares them. */
export const ENUMS: Readonly<Record<string, EnumValue[]>> = Object.freeze({
  ...Object.fromEntries(Object.entries(POWER_ENUM_LABELS).map(([name, labels]) => [name, asValues(labels)])),
  stepKind: asValues(STEP_KIND_LABELS),
  decisionOutcome: asValues(DECISION_OUTCOME_LABELS),
  counterpartyKind: asValues(COUNTERPARTY_KIND_LABELS),
  alertLevel: asValues(ALERT_LEVEL_LABELS),
  alertStatus: asValues(ALERT_STATUS_LABELS),
  alertGround: asValues(ALERT_GROUND_LABELS, true),
});
