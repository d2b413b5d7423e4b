/**
 * Value types and enumerations of the power catalogue (职权目录). Field names are the API's (the HTTP contract's
 * shapes, docs/architecture.md); every enumeration has a Chinese label map because `GET /v1/meta/enums` serves them.
 */

export const POWER_CATEGORIES = [
  'licensing',
  'penalty',
  'coercion',
  'levy',
  'payment',
  'inspection',
  'confirmation',
  'reward',
  'adjudication',
  'non-licensing-approval',
  'major-decision',
  'internal-management',
  'other',
] as const;
export type PowerCategory = (typeof POWER_CATEGORIES)[number];
export const POWER_CATEGORY_LABELS: Readonly<Record<PowerCategory, string>> = {
  licensing: '行政许可',
  penalty: '行政处罚',
  coercion: '行政强制',
  levy: '行政征收',
  payment: '行政给付',
  inspection: '行政检查',
  confirmation: '行政确认',
  reward: '行政奖励',
  adjudication: '行政裁决',
  'non-licensing-approval': '非行政许可审批',
  'major-decision': '重大事项决策',
  'internal-management': '内部管理',
  other: '其他',
};

export const TIME_LIMIT_UNITS = ['working', 'calendar'] as const;
export type TimeLimitUnit = (typeof TIME_LIMIT_UNITS)[number];
export const TIME_LIMIT_UNIT_LABELS: Readonly<Record<TimeLimitUnit, string>> = {
  working: '工作日',
  calendar: '自然日',
};

export const DISCRETION_LEVELS = ['exempt', 'mitigated', 'lenient', 'general', 'severe'] as const;
export type DiscretionLevel = (typeof DISCRETION_LEVELS)[number];
export const DISCRETION_LEVEL_LABELS: Readonly<Record<DiscretionLevel, string>> = {
  exempt: '不予处罚',
  mitigated: '减轻',
  lenient: '从轻',
  general: '一般',
  severe: '从重',
};

export const CHANGE_KINDS = ['amendment', 'correction'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Readonly<Record<ChangeKind, string>> = {
  amendment: '变更',
  correction: '更正',
};

export const ACTOR_ROLES = ['department', 'reviewer', 'supervisor', 'investigator', 'admin'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];
export const ACTOR_ROLE_LABELS: Readonly<Record<ActorRole, string>> = {
  department: '职能部门',
  reviewer: '规范办（法制办）',
  supervisor: '纪检监察（效能办）',
  investigator: '责任追究调查人员',
  admin: '系统管理员',
};

/** Status of a power on the date asked about (effective time). */
export const POWER_STATUSES = ['in-force', 'not-yet-in-force', 'cancelled'] as const;
export type PowerStatus = (typeof POWER_STATUSES)[number];
export const POWER_STATUS_LABELS: Readonly<Record<PowerStatus, string>> = {
  'in-force': '有效',
  'not-yet-in-force': '尚未生效',
  cancelled: '已取消',
};

export const POWER_FACT_KINDS = ['granted', 'changed', 'transferred', 'cancelled', 'published'] as const;
export type PowerFactKind = (typeof POWER_FACT_KINDS)[number];
export const POWER_FACT_KIND_LABELS: Readonly<Record<PowerFactKind, string>> = {
  granted: '设定/新增',
  changed: '变更',
  transferred: '转移/下放',
  cancelled: '取消',
  published: '公开',
};

/** Where a department's proposal (申报) stands in its review (审核). */
export const PROPOSAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
export const PROPOSAL_STATUS_LABELS: Readonly<Record<ProposalStatus, string>> = {
  pending: '待审核',
  approved: '已审定',
  rejected: '不予审定',
};

export const POWER_WARNINGS = ['COMMITTED_NOT_ONE_THIRD_SHORTER'] as const;
export type PowerWarning = (typeof POWER_WARNINGS)[number];
export const POWER_WARNING_LABELS: Readonly<Record<PowerWarning, string>> = {
  COMMITTED_NOT_ONE_THIRD_SHORTER: '承诺时限未比法定时限缩短三分之一',
};

/** Every enumeration of this folder with its labels, keyed by the name `GET /v1/meta/enums` uses. */
export const POWER_ENUM_LABELS = {
  powerCategory: POWER_CATEGORY_LABELS,
  timeLimitUnit: TIME_LIMIT_UNIT_LABELS,
  discretionLevel: DISCRETION_LEVEL_LABELS,
  changeKind: CHANGE_KIND_LABELS,
  actorRole: ACTOR_ROLE_LABELS,
  powerStatus: POWER_STATUS_LABELS,
  powerFactKind: POWER_FACT_KIND_LABELS,
  powerWarning: POWER_WARNING_LABELS,
  proposalStatus: PROPOSAL_STATUS_LABELS,
} as const;

/** Department codes as the admin API accepts them. */
export const DEPARTMENT_CODE_PATTERN = /^[A-Z][A-Z0-9-]{1,31}$/;
/** Power codes go into stream ids and URLs (`power-CG-XK-0001`), so they stay in a URL-safe alphabet. */
export const POWER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,63}$/;

export interface Actor {
  id: string;
  role: ActorRole;
  department?: string;
}

export interface LegalBasis {
  title: string;
  article: string;
  text?: string;
}

export interface TimeLimit {
  legalDays: number;
  committedDays: number;
  unit?: TimeLimitUnit;
}

export interface Approval {
  authority: string;
  /** 审定文号, e.g. `宁城监〔2009〕35号` */
  documentNo: string;
  /** YYYY-MM-DD */
  date: string;
}

/** 收费及依据标准 */
export interface PowerFees {
  charged: boolean;
  standard?: string;
  basis?: string;
}

/** 公开形式 / 公开范围 / 公开时间 */
export interface PowerDisclosure {
  form?: string;
  scope?: string;
  timing?: string;
}

export interface ProcessStep {
  name: string;
  /** 承办岗位 */
  post: string;
  days?: number;
}

/** 运行流程: the seven elements of the seed, all optional because departments complete them over time. */
export interface PowerProcess {
  conditions?: string[];
  steps?: ProcessStep[];
  interfaces?: string[];
  checkpoints?: string[];
  counterpartyRights?: string[];
  complaintChannels?: string[];
}

export interface DiscretionBand {
  level: DiscretionLevel;
  conditions: string;
  /** yuan */
  min: number;
  /** yuan */
  max: number;
}

export interface Classification {
  classified: boolean;
  reason?: string;
}

/** One catalogue item as it stands on some date, defaults applied. */
export interface PowerAttributes {
  code: string;
  name: string;
  category: PowerCategory;
  department: string;
  responsibleUnit?: string;
  responsiblePerson?: string;
  supervisionLevel?: string;
  legalBasis: LegalBasis[];
  timeLimit: Required<TimeLimit>;
  fees?: PowerFees;
  disclosure?: PowerDisclosure;
  process?: PowerProcess;
  discretion?: DiscretionBand[];
  licensingConditions?: string[];
  important: boolean;
  classification: Classification;
}

/** What a grant accepts: the catalogue fields with their defaults still open. */
export interface PowerInput {
  code: string;
  name: string;
  category: PowerCategory;
  department: string;
  responsibleUnit?: string;
  responsiblePerson?: string;
  supervisionLevel?: string;
  legalBasis: LegalBasis[];
  timeLimit: TimeLimit;
  fees?: PowerFees;
  disclosure?: PowerDisclosure;
  process?: PowerProcess;
  discretion?: DiscretionBand[];
  licensingConditions?: string[];
  important?: boolean;
  classification?: Classification;
}

/** Fields a change may clear by sending `null`. */
export const POWER_CLEARABLE_FIELDS = [
  'responsibleUnit',
  'responsiblePerson',
  'supervisionLevel',
  'fees',
  'disclosure',
  'process',
  'discretion',
  'licensingConditions',
] as const;
export type PowerClearableField = (typeof POWER_CLEARABLE_FIELDS)[number];

/** Fields a change may touch: everything but `code`, and `department`, which moves only by transfer. */
export const POWER_CHANGEABLE_FIELDS = [
  'name',
  'category',
  'responsibleUnit',
  'responsiblePerson',
  'supervisionLevel',
  'legalBasis',
  'timeLimit',
  'fees',
  'disclosure',
  'process',
  'discretion',
  'licensingConditions',
  'important',
  'classification',
] as const;
export type PowerChangeableField = (typeof POWER_CHANGEABLE_FIELDS)[number];

type Clearable<K extends PowerChangeableField, V> = K extends PowerClearableField ? V | null : V;

/**
 * A change as a command gives it: any changeable field; `timeLimit` may be partial (merged with the limits in force
 * on the change's effective date); `null` clears an optional field.
 */
export type PowerChangesInput = {
  [K in PowerChangeableField]?: K extends 'timeLimit'
    ? Partial<TimeLimit>
    : Clearable<K, Exclude<PowerAttributes[K], undefined>>;
};

/** A change as an event records it: only fields that really change, `timeLimit` complete. */
export type PowerChanges = {
  [K in PowerChangeableField]?: Clearable<K, Exclude<PowerAttributes[K], undefined>>;
};
