import { DiscretionBand, DiscretionLevel, PowerCategory, TimeLimit } from '../power/power.types';

/**
 * Value types and enumerations of important power operations (重要行政权力运行动态登记). Field names are the API's
 * (the HTTP contract's shapes, docs/architecture.md); every enumeration has a Chinese label map for `GET /v1/meta/enums`.
 */

export const OPERATION_STEP_KINDS = [
  'filing',
  'investigation',
  'notice-of-rights',
  'statement-and-defence',
  'hearing',
  'legal-review',
  'collective-discussion',
  'decision',
  'service',
  'execution',
  'closure',
  'pause',
  'resume',
  'other',
] as const;
export type OperationStepKind = (typeof OPERATION_STEP_KINDS)[number];
export const OPERATION_STEP_KIND_LABELS: Readonly<Record<OperationStepKind, string>> = {
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
};

/**
 * The special procedures that stop the clock (特别程序), a fixed list so that paused time can be totalled per kind;
 * `other` must state its legal basis.
 */
export const PAUSE_KINDS = [
  'hearing',
  'testing',
  'appraisal',
  'expert-review',
  'public-notice',
  'correction',
  'on-site-verification',
  'other',
] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];
export const PAUSE_KIND_LABELS: Readonly<Record<PauseKind, string>> = {
  hearing: '听证',
  testing: '检验检测检疫',
  appraisal: '鉴定',
  'expert-review': '专家评审',
  'public-notice': '公告',
  correction: '补正材料',
  'on-site-verification': '现场核查',
  other: '其他（有法定依据）',
};

export const DECISION_OUTCOMES = ['approved', 'denied', 'penalty', 'no-penalty', 'other'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export const DECISION_OUTCOME_LABELS: Readonly<Record<DecisionOutcome, string>> = {
  approved: '准予',
  denied: '不予准予',
  penalty: '给予处罚',
  'no-penalty': '不予处罚',
  other: '其他',
};

export const COUNTERPARTY_KINDS = ['person', 'organization'] as const;
export type CounterpartyKind = (typeof COUNTERPARTY_KINDS)[number];
export const COUNTERPARTY_KIND_LABELS: Readonly<Record<CounterpartyKind, string>> = {
  person: '自然人',
  organization: '法人或其他组织',
};

export const OPERATION_STATUSES = ['open', 'paused', 'completed'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const OPERATION_STATUS_LABELS: Readonly<Record<OperationStatus, string>> = {
  open: '办理中',
  paused: '中止计时',
  completed: '已办结',
};

/**
 * Why a power was not in force for the registering department on the acceptance date; `not-in-catalogue`: the
 * catalogue holds no approved power of that code at all (凡未列入《职权目录》的权力,不得行使).
 */
export const POWER_NOT_IN_FORCE_REASONS = [
  'not-in-catalogue',
  'not-yet-granted',
  'not-yet-in-force',
  'cancelled',
  'other-department',
] as const;
export type PowerNotInForceReason = (typeof POWER_NOT_IN_FORCE_REASONS)[number];
export const POWER_NOT_IN_FORCE_REASON_LABELS: Readonly<Record<PowerNotInForceReason, string>> = {
  'not-in-catalogue': '未列入职权目录',
  'not-yet-granted': '尚未设定',
  'not-yet-in-force': '尚未生效',
  cancelled: '已取消',
  'other-department': '非本部门职权',
};

/** Every enumeration of this folder with its labels, keyed by the name `GET /v1/meta/enums` uses. */
export const OPERATION_ENUM_LABELS = {
  stepKind: OPERATION_STEP_KIND_LABELS,
  pauseKind: PAUSE_KIND_LABELS,
  decisionOutcome: DECISION_OUTCOME_LABELS,
  counterpartyKind: COUNTERPARTY_KIND_LABELS,
  operationStatus: OPERATION_STATUS_LABELS,
  powerNotInForceReason: POWER_NOT_IN_FORCE_REASON_LABELS,
} as const;

/** Operation ids go into stream ids, alert ids and URLs (`operation-01J…`): ULIDs and UUIDs fit. */
export const OPERATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** 相对人; private details are masked in public views, not here. */
export interface Counterparty {
  kind: CounterpartyKind;
  name: string;
  idNumber?: string;
}

/** 承办人 */
export interface OperationHandler {
  name: string;
  post: string;
}

/** A document referenced by name and SHA-256 (lowercase hex), never stored inline. */
export interface OperationDocument {
  name: string;
  sha256: string;
}

export interface OperationPenalty {
  /** yuan */
  amount: number;
  band: DiscretionLevel;
  /** Declared major (重大) by the department, whatever the amount. */
  major?: boolean;
}

/** Each the end of a day in Asia/Shanghai, `YYYY-MM-DDT23:59:59.999+08:00`. */
export interface OperationDeadlines {
  committed: string;
  legal: string;
}

/**
 * Deadlines that cannot be computed yet because the count reaches a calendar year nobody has published: the fact is
 * recorded all the same, and the deadlines once the year is published (OperationDeadlinesComputed).
 */
export interface PendingDeadlines {
  /** The unknown calendar years the count reached, ascending. */
  years: number[];
}

/**
 * The power as in force on the acceptance date for the registering department, resolved by the caller from the
 * bitemporal catalogue (one stream's decider cannot read another stream).
 */
export interface OperationPowerInput {
  code: string;
  /** False when the catalogue holds no approved power of that code: the operation is recorded, not in force. */
  exists: boolean;
  inForce: boolean;
  notInForceReason?: PowerNotInForceReason;
  name?: string;
  /** Who held the power on the acceptance date. */
  ownerDepartment?: string;
  category?: PowerCategory;
  important?: boolean;
  timeLimit?: TimeLimit;
  discretion?: DiscretionBand[];
  licensingConditions?: string[];
  /** 涉密不宜公开 on the acceptance date: only its department and the supervising roles may see the rest. */
  classified?: boolean;
  /** Version of the power's stream the caller read. */
  version?: number;
}

/** What the registration records of the power: the catalogue as it stood for this operation, frozen. */
export interface OperationPower {
  code: string;
  inForce: boolean;
  notInForceReason?: PowerNotInForceReason;
  name?: string;
  ownerDepartment?: string;
  category?: PowerCategory;
  important?: boolean;
  timeLimit?: Required<TimeLimit>;
  discretion?: DiscretionBand[];
  licensingConditions?: string[];
  classified?: boolean;
  version?: number;
}
