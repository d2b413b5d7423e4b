/**
 * Accountability cases (责任追究, 责任追究制度 第五条至第七条): value types and enumerations, each with the Chinese labels
 * `GET /v1/meta/enums` serves.
 */

/** Where a case comes from: an alert of the electronic supervision, a finding, a complaint, a referral, or none. */
export const CASE_ORIGIN_KINDS = ['alert', 'finding', 'complaint', 'referral', 'own-initiative'] as const;
export type CaseOriginKind = (typeof CASE_ORIGIN_KINDS)[number];
export const CASE_ORIGIN_KIND_LABELS: Readonly<Record<CaseOriginKind, string>> = {
  alert: '电子监察预警',
  finding: '监督检查发现',
  complaint: '投诉举报',
  referral: '移送转办',
  'own-initiative': '主动立案',
};

export const CASE_STATUSES = ['investigating', 'concluded', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  investigating: '调查中',
  concluded: '调查终结',
  closed: '已结案',
};

export const RESPONSIBILITIES = ['direct', 'principal-leader', 'important-leader'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];
export const RESPONSIBILITY_LABELS: Readonly<Record<Responsibility, string>> = {
  direct: '直接责任者',
  'principal-leader': '主要领导责任者',
  'important-leader': '重要领导责任者',
};

/** 情节 (第七条): each tier has its own measures, and only those. */
export const CASE_TIERS = ['minor', 'serious', 'severe'] as const;
export type CaseTier = (typeof CASE_TIERS)[number];
export const CASE_TIER_LABELS: Readonly<Record<CaseTier, string>> = {
  minor: '情节较轻',
  serious: '情节较重',
  severe: '情节严重',
};

export const CASE_MEASURES = [
  'order-to-rectify',
  'admonition',
  'written-self-criticism',
  'circulated-criticism',
  'efficiency-warning',
  'performance-deduction',
  'award-disqualification',
  'off-post-training',
  'reassignment',
  'discipline',
  'judicial-referral',
] as const;
export type CaseMeasure = (typeof CASE_MEASURES)[number];
export const CASE_MEASURE_LABELS: Readonly<Record<CaseMeasure, string>> = {
  'order-to-rectify': '责令整改',
  admonition: '诫勉教育',
  'written-self-criticism': '责令书面检讨',
  'circulated-criticism': '通报批评',
  'efficiency-warning': '效能告诫',
  'performance-deduction': '绩效扣分',
  'award-disqualification': '取消评先评优资格',
  'off-post-training': '离岗培训',
  reassignment: '调离岗位',
  discipline: '党纪政纪处分',
  'judicial-referral': '移送司法机关',
};

/** 第七条: the measures of each tier. 移送司法机关 belongs to the severe tier alone (when the conduct is criminal). */
export const TIER_MEASURES: Readonly<Record<CaseTier, readonly CaseMeasure[]>> = {
  minor: ['order-to-rectify', 'admonition'],
  serious: [
    'written-self-criticism',
    'circulated-criticism',
    'efficiency-warning',
    'performance-deduction',
    'award-disqualification',
    'off-post-training',
    'reassignment',
  ],
  severe: ['discipline', 'judicial-referral'],
};

/** What may be decided against a department as a unit rather than against a person. */
export const DEPARTMENT_MEASURES = ['performance-deduction', 'circulated-criticism'] as const;
export type DepartmentMeasure = (typeof DEPARTMENT_MEASURES)[number];

export const PERSON_OUTCOMES = ['no-responsibility', 'responsible'] as const;
export type PersonOutcome = (typeof PERSON_OUTCOMES)[number];
export const PERSON_OUTCOME_LABELS: Readonly<Record<PersonOutcome, string>> = {
  'no-responsibility': '不予追究',
  responsible: '追究责任',
};

export const STATEMENT_KINDS = ['statement', 'defence'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];
export const STATEMENT_KIND_LABELS: Readonly<Record<StatementKind, string>> = {
  statement: '陈述',
  defence: '申辩',
};

export const REVIEW_KINDS = ['review', 'reconsideration', 'appeal'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export const REVIEW_KIND_LABELS: Readonly<Record<ReviewKind, string>> = {
  review: '复核',
  reconsideration: '复议',
  appeal: '申诉',
};

export const REVIEW_RESULTS = ['upheld', 'modified', 'revoked'] as const;
export type ReviewResult = (typeof REVIEW_RESULTS)[number];
export const REVIEW_RESULT_LABELS: Readonly<Record<ReviewResult, string>> = {
  upheld: '维持',
  modified: '变更',
  revoked: '撤销',
};

/** What a recorded read of a case looked at. */
export const CASE_ACCESS_KINDS = ['case', 'reconstruction', 'dossier'] as const;
export type CaseAccessKind = (typeof CASE_ACCESS_KINDS)[number];
export const CASE_ACCESS_KIND_LABELS: Readonly<Record<CaseAccessKind, string>> = {
  case: '案件详情',
  reconstruction: '案件还原',
  dossier: '案卷导出',
};

/** Every enumeration of this folder with its labels, keyed by the name `GET /v1/meta/enums` uses. */
export const CASE_ENUM_LABELS = {
  caseOriginKind: CASE_ORIGIN_KIND_LABELS,
  caseStatus: CASE_STATUS_LABELS,
  responsibility: RESPONSIBILITY_LABELS,
  caseTier: CASE_TIER_LABELS,
  caseMeasure: CASE_MEASURE_LABELS,
  personOutcome: PERSON_OUTCOME_LABELS,
  statementKind: STATEMENT_KIND_LABELS,
  reviewKind: REVIEW_KIND_LABELS,
  reviewResult: REVIEW_RESULT_LABELS,
  caseAccessKind: CASE_ACCESS_KIND_LABELS,
} as const;

/** Case ids go into stream ids and URLs (`case-AC-2025-0001`). */
export const CASE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface CaseOrigin {
  kind: CaseOriginKind;
  /** The alert, finding, complaint or referral; absent for a case opened on the investigators' own initiative. */
  id?: string;
}

/** A document by name and SHA-256, never its content. */
export interface CaseDocument {
  name: string;
  sha256: string;
}

/** An event of the log cited as evidence, with the stream it belongs to (looked up when it was cited). */
export interface CaseEvidenceEvent {
  eventId: string;
  streamId: string;
}

/** What a decision about a person holds: no responsibility, or a tier and measures of that tier. */
export interface PersonDecisionTerms {
  outcome: PersonOutcome;
  tier?: CaseTier;
  measures: CaseMeasure[];
}
