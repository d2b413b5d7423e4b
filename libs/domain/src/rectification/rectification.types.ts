import { DomainEvent } from '../shared/decider';
import { CommandStamp, DocumentRef } from '../shared/values';

/**
 * Rectification orders (责令限期整改): the supervision office orders a department to put something right within a
 * number of working days; the department reports what it did, with documents; the office accepts the report or
 * rejects it, which sends the order back to the department. An order past its deadline without a report on record in
 * time and accepted is a red card on ground 9 (obstructing supervision).
 */

export const RECTIFICATION_SOURCE_KINDS = ['finding', 'alert', 'complaint', 'inspection', 'case'] as const;
export type RectificationSourceKind = (typeof RECTIFICATION_SOURCE_KINDS)[number];
export const RECTIFICATION_SOURCE_KIND_LABELS: Readonly<Record<RectificationSourceKind, string>> = {
  finding: '监督检查发现的问题',
  alert: '红黄牌',
  complaint: '投诉举报',
  inspection: '查访',
  case: '责任追究案件',
};

export const RECTIFICATION_STATUSES = ['ordered', 'reported', 'accepted'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];
export const RECTIFICATION_STATUS_LABELS: Readonly<Record<RectificationStatus, string>> = {
  ordered: '整改中',
  reported: '已报告待验收',
  accepted: '已验收',
};

export const RECTIFICATION_ENUM_LABELS = {
  rectificationSourceKind: RECTIFICATION_SOURCE_KIND_LABELS,
  rectificationStatus: RECTIFICATION_STATUS_LABELS,
} as const;

export const RECTIFICATION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const rectificationStreamId = (rectificationId: string): string => `rectification-${rectificationId}`;

export interface RectificationSource {
  kind: RectificationSourceKind;
  id: string;
}

export interface RectificationOrderedData {
  rectificationId: string;
  department: string;
  source: RectificationSource;
  requirements: string;
  orderedOn: string;
  withinWorkingDays: number;
  /** The last day to report, when the calendar knew the year at the order; else computed when checked. */
  dueOn: string | null;
  by: string;
  recordedAt: string;
}

export interface RectificationReportedData {
  rectificationId: string;
  /** 1, 2, … : a rejected report is followed by another. */
  reportNo: number;
  actions: string;
  documents: DocumentRef[];
  reportedAt: string;
  by: string;
  recordedAt: string;
}

export interface RectificationReportAcceptedData {
  rectificationId: string;
  reportNo: number;
  note?: string;
  by: string;
  recordedAt: string;
}

export interface RectificationReportRejectedData {
  rectificationId: string;
  reportNo: number;
  reasons: string;
  by: string;
  recordedAt: string;
}

export type RectificationOrdered = DomainEvent<'RectificationOrdered', RectificationOrderedData>;
export type RectificationReported = DomainEvent<'RectificationReported', RectificationReportedData>;
export type RectificationReportAccepted = DomainEvent<'RectificationReportAccepted', RectificationReportAcceptedData>;
export type RectificationReportRejected = DomainEvent<'RectificationReportRejected', RectificationReportRejectedData>;
export type RectificationEvent =
  RectificationOrdered | RectificationReported | RectificationReportAccepted | RectificationReportRejected;

export const RECTIFICATION_EVENT_TYPES: readonly RectificationEvent['type'][] = [
  'RectificationOrdered',
  'RectificationReported',
  'RectificationReportAccepted',
  'RectificationReportRejected',
];

export type RectificationCommand =
  | ({ type: 'OrderRectification' } & Omit<RectificationOrderedData, 'by' | 'recordedAt'> & CommandStamp)
  | ({ type: 'ReportRectification'; rectificationId: string; actions: string; documents: DocumentRef[] } & {
      reportedAt: string;
    } & CommandStamp)
  | ({ type: 'AcceptRectificationReport'; rectificationId: string; note?: string } & CommandStamp)
  | ({ type: 'RejectRectificationReport'; rectificationId: string; reasons: string } & CommandStamp);

export interface RectificationReport extends Omit<RectificationReportedData, 'rectificationId'> {
  outcome: 'pending' | 'accepted' | 'rejected';
  decision?: { by: string; recordedAt: string; note?: string; reasons?: string };
}

export interface RectificationState {
  status: 'absent' | RectificationStatus;
  rectificationId: string;
  version: number;
  order?: RectificationOrderedData;
  reports: RectificationReport[];
}
