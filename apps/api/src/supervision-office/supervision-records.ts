import { createHash, randomInt } from 'node:crypto';
import {
  ALERT_ID_PATTERN,
  alertStreamId,
  CASE_ID_PATTERN,
  caseStreamId,
  canSeeComplaint,
  canSeeFinding,
  canSeeInspection,
  canSeeRectification,
  COMPLAINT_ID_PATTERN,
  ComplaintCommand,
  complaintDecider,
  complaintErrors,
  ComplaintState,
  complaintStreamId,
  Decider,
  DomainError,
  DomainEvent,
  FINDING_ID_PATTERN,
  FindingCommand,
  findingDecider,
  findingErrors,
  FindingState,
  findingStreamId,
  INSPECTION_ID_PATTERN,
  InspectionCommand,
  inspectionDecider,
  inspectionErrors,
  InspectionState,
  inspectionStreamId,
  RECTIFICATION_ID_PATTERN,
  RectificationCommand,
  rectificationDecider,
  rectificationErrors,
  RectificationState,
  rectificationStreamId,
  SupervisionViewer,
} from '@app/domain';
import { SupervisionRecordKind } from '@app/read-models';

export type StateOf<K extends SupervisionRecordKind> = {
  complaint: ComplaintState;
  inspection: InspectionState;
  finding: FindingState;
  rectification: RectificationState;
}[K];

export type CommandOf<K extends SupervisionRecordKind> = {
  complaint: ComplaintCommand;
  inspection: InspectionCommand;
  finding: FindingCommand;
  rectification: RectificationCommand;
}[K];

/** A command less what SupervisionOfficeCommands adds to every write: who and when. */
export type Step<C> = C extends unknown ? Omit<C, 'by' | 'byDepartment' | 'recordedAt'> : never;

export interface RecordKind {
  pattern: RegExp;
  streamId: (id: string) => string;
  decider: Decider<unknown, DomainEvent, { status: string }>;
  notFound: (id: string) => DomainError;
}

/** The supervision office's four kinds of record: their ids, streams and deciders. */
export const KINDS: Record<SupervisionRecordKind, RecordKind> = {
  complaint: {
    pattern: COMPLAINT_ID_PATTERN,
    streamId: complaintStreamId,
    decider: complaintDecider,
    notFound: complaintErrors.notFound,
  },
  inspection: {
    pattern: INSPECTION_ID_PATTERN,
    streamId: inspectionStreamId,
    decider: inspectionDecider,
    notFound: inspectionErrors.notFound,
  },
  finding: {
    pattern: FINDING_ID_PATTERN,
    streamId: findingStreamId,
    decider: findingDecider,
    notFound: findingErrors.notFound,
  },
  rectification: {
    pattern: RECTIFICATION_ID_PATTERN,
    streamId: rectificationStreamId,
    decider: rectificationDecider,
    notFound: rectificationErrors.notFound,
  },
};

/** The streams a finding or an order may cite as its source, with the shape of their ids. */
export const SOURCES: Record<string, { pattern: RegExp; streamId: (id: string) => string }> = {
  complaint: { pattern: COMPLAINT_ID_PATTERN, streamId: complaintStreamId },
  inspection: { pattern: INSPECTION_ID_PATTERN, streamId: inspectionStreamId },
  finding: { pattern: FINDING_ID_PATTERN, streamId: findingStreamId },
  alert: { pattern: ALERT_ID_PATTERN, streamId: alertStreamId },
  case: { pattern: CASE_ID_PATTERN, streamId: caseStreamId },
};

export const forbiddenDepartment = (asked: string) =>
  new DomainError(
    'FORBIDDEN_DEPARTMENT',
    'forbidden',
    `A department key may only read its own records, not ${asked}'s`,
    {
      department: asked,
    },
  );

export const sourceNotFound = (kind: string, id: string) =>
  new DomainError('SOURCE_NOT_FOUND', 'rule', `The ${kind} ${id} named as source is not on record`, { kind, id });

export const TRACKING_CODE = /^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){4}$/;
/** Crockford-like alphabet without 0/O and 1/I/L confusion: 31 symbols, 20 of them ≈ 99 bits. */
export const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Whether `viewer` may read a record of `kind`: each record type's own rule (libs/domain, `<kind>.view.ts`). */
export function canSee(kind: SupervisionRecordKind, state: unknown, viewer: SupervisionViewer): boolean {
  switch (kind) {
    case 'complaint':
      return canSeeComplaint(state as ComplaintState, viewer);
    case 'inspection':
      return canSeeInspection(state as InspectionState, viewer);
    case 'finding':
      return canSeeFinding(state as FindingState, viewer);
    case 'rectification':
      return canSeeRectification(state as RectificationState, viewer);
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function complaintIdOfTracking(digest: string): string {
  return `WS-${digest.slice(0, 24)}`;
}

export function newTrackingCode(): string {
  const symbols = Array.from({ length: 20 }, () => TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)]).join('');
  return symbols.match(/.{4}/g)!.join('-');
}
