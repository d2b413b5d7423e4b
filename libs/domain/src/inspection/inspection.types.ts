import { DomainEvent } from '../shared/decider';
import { CommandStamp, DocumentRef } from '../shared/values';

/**
 * Inspections and visits (《查访制度》): planned with a kind, a manner and a scope; a reproducible random sample of the
 * operations in scope drawn at a stated position of the log; interviews, case-file reviews and follow-up visits to
 * counterparties (回访) recorded one by one; a report.
 */

export const INSPECTION_KINDS = ['periodic', 'random', 'special'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const INSPECTION_KIND_LABELS: Readonly<Record<InspectionKind, string>> = {
  periodic: '定期检查',
  random: '不定期抽查',
  special: '专项检查',
};

export const INSPECTION_MANNERS = ['open', 'covert'] as const;
export type InspectionManner = (typeof INSPECTION_MANNERS)[number];
export const INSPECTION_MANNER_LABELS: Readonly<Record<InspectionManner, string>> = { open: '明查', covert: '暗访' };

export const INSPECTION_ACTIVITY_KINDS = ['interview', 'case-file-review', 'follow-up-visit'] as const;
export type InspectionActivityKind = (typeof INSPECTION_ACTIVITY_KINDS)[number];
export const INSPECTION_ACTIVITY_KIND_LABELS: Readonly<Record<InspectionActivityKind, string>> = {
  interview: '个别谈话',
  'case-file-review': '查阅案卷',
  'follow-up-visit': '回访当事人',
};

export const VISIT_FORMS = ['on-site', 'phone', 'letter', 'online', 'meeting'] as const;
export type VisitForm = (typeof VISIT_FORMS)[number];
export const VISIT_FORM_LABELS: Readonly<Record<VisitForm, string>> = {
  'on-site': '上门走访',
  phone: '电话回访',
  letter: '信函回访',
  online: '网上回访',
  meeting: '座谈会',
};

export const INSPECTION_STATUSES = ['planned', 'sampled', 'reported'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_STATUS_LABELS: Readonly<Record<InspectionStatus, string>> = {
  planned: '已立项',
  sampled: '已抽样',
  reported: '已报告',
};

export const INSPECTION_ENUM_LABELS = {
  inspectionKind: INSPECTION_KIND_LABELS,
  inspectionManner: INSPECTION_MANNER_LABELS,
  inspectionActivityKind: INSPECTION_ACTIVITY_KIND_LABELS,
  visitForm: VISIT_FORM_LABELS,
  inspectionStatus: INSPECTION_STATUS_LABELS,
} as const;

export const INSPECTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const inspectionStreamId = (inspectionId: string): string => `inspection-${inspectionId}`;

/** Which operations the inspection looks at: those of these departments (and powers), accepted within the dates. */
export interface InspectionScope {
  departments: string[];
  /** Empty: every power of those departments. */
  powers: string[];
  from: string;
  to: string;
}

export interface InspectionPlannedData {
  inspectionId: string;
  title: string;
  kind: InspectionKind;
  manner: InspectionManner;
  scope: InspectionScope;
  plannedOn: string;
  by: string;
  recordedAt: string;
}

/** Everything needed to draw the sample again and compare, without trusting the server that drew it. */
export interface InspectionSample {
  /** The population is the operations in scope whose registration is at or before this global log position. */
  atPosition: number;
  seed: string;
  /** `given` by the inspector, or derived from the log: SHA-256 of the position and the hash of the event there. */
  seedSource: 'given' | 'log';
  algorithm: string;
  algorithmVersion: number;
  size: number;
  populationSize: number;
  /** SHA-256 of the population's operation ids, sorted, one per line. */
  populationSha256: string;
  /** The sample, in drawing order. */
  operationIds: string[];
}

export interface InspectionSampleDrawnData {
  inspectionId: string;
  sample: InspectionSample;
  by: string;
  recordedAt: string;
}

export interface InspectionActivityRecordedData {
  inspectionId: string;
  /** A1, A2, … in the order recorded. */
  activityId: string;
  kind: InspectionActivityKind;
  /** When it took place, as claimed; recordedAt is when it was recorded. */
  at: string;
  /** Who was interviewed or visited (回访: the counterparty), or whose case files were read. */
  who: string;
  form?: VisitForm;
  operationId?: string;
  /** The opinions heard, or what the files showed. */
  opinions: string;
  by: string;
  recordedAt: string;
}

export interface InspectionReportedData {
  inspectionId: string;
  summary: string;
  documents: DocumentRef[];
  reportedOn: string;
  by: string;
  recordedAt: string;
}

export type InspectionPlanned = DomainEvent<'InspectionPlanned', InspectionPlannedData>;
export type InspectionSampleDrawn = DomainEvent<'InspectionSampleDrawn', InspectionSampleDrawnData>;
export type InspectionActivityRecorded = DomainEvent<'InspectionActivityRecorded', InspectionActivityRecordedData>;
export type InspectionReported = DomainEvent<'InspectionReported', InspectionReportedData>;
export type InspectionEvent =
  InspectionPlanned | InspectionSampleDrawn | InspectionActivityRecorded | InspectionReported;

export const INSPECTION_EVENT_TYPES: readonly InspectionEvent['type'][] = [
  'InspectionPlanned',
  'InspectionSampleDrawn',
  'InspectionActivityRecorded',
  'InspectionReported',
];

export type InspectionCommand =
  | ({ type: 'PlanInspection' } & Omit<InspectionPlannedData, 'by' | 'recordedAt'> & CommandStamp)
  | ({ type: 'RecordSample'; inspectionId: string; sample: InspectionSample } & CommandStamp)
  | ({ type: 'RecordInspectionActivity' } & Omit<InspectionActivityRecordedData, 'activityId' | 'by' | 'recordedAt'> &
      CommandStamp)
  | ({ type: 'ReportInspection' } & Omit<InspectionReportedData, 'by' | 'recordedAt'> & CommandStamp);

export interface InspectionState {
  status: 'absent' | InspectionStatus;
  version: number;
  plan?: InspectionPlannedData;
  sample?: InspectionSample;
  activities: InspectionActivityRecordedData[];
  report?: InspectionReportedData;
}
