import { AlertGround } from '../alert/alert.types';
import { DomainEvent } from '../shared/decider';
import {
  CaseAccessKind,
  CaseDocument,
  CaseEvidenceEvent,
  CaseMeasure,
  CaseOrigin,
  CaseTier,
  DepartmentMeasure,
  PersonOutcome,
  Responsibility,
  ReviewKind,
  ReviewResult,
  StatementKind,
} from './case.types';

/**
 * Events of a case's stream (`case-<caseId>`). Each records the caller's claimed time of the fact beside
 * `recordedAt`, the time the system recorded it; the periods and the deadlines they give are recorded as computed.
 */

export interface CaseOpenedData {
  caseId: string;
  origins: CaseOrigin[];
  grounds: AlertGround[];
  departments: string[];
  summary: string;
  openedAt: string;
  /** The alerts among the origins: they show the case and are resolved when it closes. */
  alertIds: string[];
  rightsPeriodWorkingDays: number;
  reviewPeriodWorkingDays: number;
  recordedAt: string;
}

export interface CaseEvidenceAddedData {
  caseId: string;
  /** `E1`, `E2`, … in the order added. */
  evidenceId: string;
  description?: string;
  documents: CaseDocument[];
  events: CaseEvidenceEvent[];
  recordedAt: string;
}

export interface CasePersonNamedData {
  caseId: string;
  /** `P1`, `P2`, … in the order named. */
  personId: string;
  name: string;
  post: string;
  department: string;
  responsibility: Responsibility;
  recordedAt: string;
}

export interface CaseInvestigationConcludedData {
  caseId: string;
  facts: string;
  concludedAt: string;
  recordedAt: string;
}

export interface CaseRightsNotifiedData {
  caseId: string;
  personId: string;
  servedAt: string;
  /** The Asia/Shanghai date of service: the period counts from the day after it. */
  servedOn: string;
  periodWorkingDays: number;
  /** The last day to answer; null while the calendar does not know the days it runs through. */
  answerBy: string | null;
  recordedAt: string;
}

export interface CaseStatementRecordedData {
  caseId: string;
  personId: string;
  kind: StatementKind;
  text: string;
  receivedAt: string;
  recordedAt: string;
}

export interface CasePersonDecidedData {
  caseId: string;
  personId: string;
  outcome: PersonOutcome;
  tier?: CaseTier;
  measures: CaseMeasure[];
  reasoning: string;
  decidedAt: string;
  /** Whether the person's statement was in when decided, or the rights period had run (its last day). */
  rightsHeard: { statementIn: boolean; answerBy: string | null };
  recordedAt: string;
}

export interface CaseDepartmentDecidedData {
  caseId: string;
  department: string;
  measures: DepartmentMeasure[];
  points?: number;
  reasoning: string;
  decidedAt: string;
  recordedAt: string;
}

export interface CaseReviewRequestedData {
  caseId: string;
  personId: string;
  kind: ReviewKind;
  reason: string;
  requestedAt: string;
  periodWorkingDays: number;
  /** The last day to request it, counted from the decision; null while the calendar does not know those days. */
  requestBy: string | null;
  recordedAt: string;
}

export interface CaseReviewConcludedData {
  caseId: string;
  personId: string;
  kind: ReviewKind;
  result: ReviewResult;
  /** For `modified`: the new decision. */
  outcome?: PersonOutcome;
  tier?: CaseTier;
  measures?: CaseMeasure[];
  reasoning: string;
  concludedAt: string;
  recordedAt: string;
}

export interface CaseNoteAddedData {
  caseId: string;
  text: string;
  recordedAt: string;
}

export interface CaseClosedData {
  caseId: string;
  summary: string;
  closedAt: string;
  /** The alerts that opened the case, resolved by its closure. */
  alertIds: string[];
  recordedAt: string;
}

export interface CaseReopenedData {
  caseId: string;
  reason: string;
  reopenedAt: string;
  evidenceId: string;
  documents: CaseDocument[];
  events: CaseEvidenceEvent[];
  recordedAt: string;
}

export interface CaseOutcomePublishedData {
  caseId: string;
  channel: string;
  publishedOn: string;
  recordedAt: string;
}

export type CaseOpened = DomainEvent<'CaseOpened', CaseOpenedData>;
export type CaseEvidenceAdded = DomainEvent<'CaseEvidenceAdded', CaseEvidenceAddedData>;
export type CasePersonNamed = DomainEvent<'CasePersonNamed', CasePersonNamedData>;
export type CaseInvestigationConcluded = DomainEvent<'CaseInvestigationConcluded', CaseInvestigationConcludedData>;
export type CaseRightsNotified = DomainEvent<'CaseRightsNotified', CaseRightsNotifiedData>;
export type CaseStatementRecorded = DomainEvent<'CaseStatementRecorded', CaseStatementRecordedData>;
export type CasePersonDecided = DomainEvent<'CasePersonDecided', CasePersonDecidedData>;
export type CaseDepartmentDecided = DomainEvent<'CaseDepartmentDecided', CaseDepartmentDecidedData>;
export type CaseReviewRequested = DomainEvent<'CaseReviewRequested', CaseReviewRequestedData>;
export type CaseReviewConcluded = DomainEvent<'CaseReviewConcluded', CaseReviewConcludedData>;
export type CaseNoteAdded = DomainEvent<'CaseNoteAdded', CaseNoteAddedData>;
export type CaseClosed = DomainEvent<'CaseClosed', CaseClosedData>;
export type CaseReopened = DomainEvent<'CaseReopened', CaseReopenedData>;
export type CaseOutcomePublished = DomainEvent<'CaseOutcomePublished', CaseOutcomePublishedData>;

export type CaseEvent =
  | CaseOpened
  | CaseEvidenceAdded
  | CasePersonNamed
  | CaseInvestigationConcluded
  | CaseRightsNotified
  | CaseStatementRecorded
  | CasePersonDecided
  | CaseDepartmentDecided
  | CaseReviewRequested
  | CaseReviewConcluded
  | CaseNoteAdded
  | CaseClosed
  | CaseReopened
  | CaseOutcomePublished;
export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_TYPES = [
  'CaseOpened',
  'CaseEvidenceAdded',
  'CasePersonNamed',
  'CaseInvestigationConcluded',
  'CaseRightsNotified',
  'CaseStatementRecorded',
  'CasePersonDecided',
  'CaseDepartmentDecided',
  'CaseReviewRequested',
  'CaseReviewConcluded',
  'CaseNoteAdded',
  'CaseClosed',
  'CaseReopened',
  'CaseOutcomePublished',
] as const satisfies readonly CaseEventType[];

export function isCaseEvent(event: { type: string }): event is CaseEvent {
  return (CASE_EVENT_TYPES as readonly string[]).includes(event.type);
}

export function caseStreamId(caseId: string): string {
  return `case-${caseId}`;
}

/**
 * A read of a case (its state, its reconstruction or its dossier), by anyone: investigators are accountable too. Kept
 * on a stream of its own per case (`case-access-<caseId>`), appended without reading it, so that reads never contend
 * with the case's writes.
 */
export interface CaseAccessedData {
  caseId: string;
  what: CaseAccessKind;
  by: { id: string; role: string; department?: string };
  at: string;
}

export type CaseAccessed = DomainEvent<'CaseAccessed', CaseAccessedData>;

export function caseAccessStreamId(caseId: string): string {
  return `case-access-${caseId}`;
}
