import { get } from './api';

/** The API's enumerations with their Chinese labels (GET /v1/meta/enums), loaded once before the first page. */
type Enums = Record<string, { value: string | number; label: string }[]>;

let enums: Enums = {};

export async function loadLabels(): Promise<void> {
  enums = await get<Enums>('/v1/meta/enums');
}

/** The Chinese label of `value` in enumeration `name`, or the value itself when it has none. */
export function label(name: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return enums[name]?.find((entry) => String(entry.value) === String(value))?.label ?? String(value);
}

export function options(name: string): { value: string | number; label: string }[] {
  return enums[name] ?? [];
}

/** What an event of the log records, in the office's words (the type itself stays beside it for the record). */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  PowerGranted: '职权设定',
  PowerChanged: '职权变更',
  PowerTransferred: '职权转移',
  PowerCancelled: '职权取消',
  PowerPublished: '职权公开',
  PowerProposed: '提请审核',
  PowerProposalApproved: '审核通过',
  PowerProposalRejected: '审核退回',
  OperationRegistered: '办件登记',
  OperationStepRecorded: '办理环节',
  OperationDecisionRecorded: '作出决定',
  OperationCompleted: '办结',
  OperationDeadlinesComputed: '计算期限',
  OperationDeadlinesExtended: '期限顺延',
  AlertRaised: '发出红黄牌',
  AlertAcknowledged: '确认红黄牌',
  AlertAnswered: '部门解释说明',
  AlertAnswerRejected: '退回解释',
  AlertResolved: '红黄牌办结',
  AlertLinkedToCase: '纳入责任追究',
  CaseOpened: '立案',
  CaseEvidenceAdded: '调查取证',
  CasePersonNamed: '确定责任人员',
  CaseNoteAdded: '调查笔记',
  CaseInvestigationConcluded: '调查终结',
  CaseRightsNotified: '告知陈述申辩权利',
  CaseStatementRecorded: '陈述申辩',
  CasePersonDecided: '作出处理决定',
  CaseDepartmentDecided: '对部门作出处理',
  CaseReviewRequested: '申请复核/申诉',
  CaseReviewConcluded: '复核/申诉结论',
  CaseClosed: '结案',
  CaseReopened: '重新立案调查',
  CaseOutcomePublished: '通报',
  CaseAccessed: '查阅案件',
};
