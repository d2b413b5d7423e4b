import { DomainEvent } from '../shared/decider';
import { LegalBasis, TimeLimit, TimeLimitUnit } from '../power/power.types';
import {
  Counterparty,
  DecisionOutcome,
  OperationDeadlines,
  OperationDocument,
  OperationHandler,
  OperationPenalty,
  OperationPower,
  OperationStepKind,
  PauseKind,
} from './operation.types';

/**
 * Events of an operation's stream (`operation-<id>`). Payloads are self-contained: the power as it stood on the
 * acceptance date and the deadlines with what produced them are recorded, so a later change to the catalogue or to
 * the calendar never rewrites an old deadline silently. `recordedAt` is the caller's recording time.
 */

export interface OperationRegisteredData {
  id: string;
  powerCode: string;
  department: string;
  caseNumber: string;
  counterparty: Counterparty;
  handlers: OperationHandler[];
  /** ISO-8601 with offset: when the matter was accepted or filed (受理/立案). */
  acceptedAt: string;
  /** The acceptance date in Asia/Shanghai: deadlines count from the day after it. */
  acceptedOn: string;
  power: OperationPower;
  /** The limits the deadlines were computed with (the power's, as in force on `acceptedOn`); null without deadlines. */
  timeLimit: Required<TimeLimit> | null;
  /** Null when the power was not in force for the department or had no time limit. */
  deadlines: OperationDeadlines | null;
  /** The calendar years the count went through (empty for calendar-day limits, which need no calendar). */
  calendarYears: number[];
  /** Version of the calendar stream the caller's calendar was built from, when it said. */
  calendarVersion?: number;
  recordedAt: string;
}

export interface OperationStepRecordedData {
  id: string;
  kind: OperationStepKind;
  /** The time the department claims; `recordedAt` is when it was recorded, and the detectors judge order by that. */
  at: string;
  /** Who performed the step (a handler's name). */
  by: string;
  /** Pauses only; pauses recorded before kinds existed have none and named the procedure in `note`. */
  pauseKind?: PauseKind;
  note?: string;
  documents?: OperationDocument[];
  recordedAt: string;
}

/**
 * A special procedure ended (resume): both deadlines move by the days the clock was stopped, counted in the unit of
 * the time limit as the days d with pausedOn < d ≤ resumedOn (Asia/Shanghai dates). The day the clock stopped was
 * already running and counts as used; the day it restarts is, like the acceptance day, not counted.
 */
export interface OperationDeadlinesExtendedData {
  id: string;
  unit: TimeLimitUnit;
  /** Working days (or calendar days, for a calendar-day limit) the clock was stopped; always ≥ 1. */
  pausedDays: number;
  pausedAt: string;
  resumedAt: string;
  /** The pause and resume steps, by stream version, and the special procedure the pause named. */
  pauseEvidence: { pauseVersion: number; resumeVersion: number; procedure: string; pauseKind?: PauseKind };
  previous: OperationDeadlines;
  deadlines: OperationDeadlines;
  calendarYears: number[];
  calendarVersion?: number;
  recordedAt: string;
}

export interface OperationDecisionRecordedData {
  id: string;
  at: string;
  outcome: DecisionOutcome;
  penalty?: OperationPenalty;
  conditionsApplied?: string[];
  legalBasisCited: LegalBasis[];
  reasoning: string;
  recordedAt: string;
}

export interface OperationCompletedData {
  id: string;
  at: string;
  /** The deadlines in force at completion (after every extension); null when there were none. */
  deadlines: OperationDeadlines | null;
  /** Whether `at` is after each deadline; null without deadlines. */
  overdue: { committed: boolean; legal: boolean } | null;
  recordedAt: string;
}

export type OperationRegistered = DomainEvent<'OperationRegistered', OperationRegisteredData>;
export type OperationStepRecorded = DomainEvent<'OperationStepRecorded', OperationStepRecordedData>;
export type OperationDeadlinesExtended = DomainEvent<'OperationDeadlinesExtended', OperationDeadlinesExtendedData>;
export type OperationDecisionRecorded = DomainEvent<'OperationDecisionRecorded', OperationDecisionRecordedData>;
export type OperationCompleted = DomainEvent<'OperationCompleted', OperationCompletedData>;

export type OperationEvent =
  | OperationRegistered
  | OperationStepRecorded
  | OperationDeadlinesExtended
  | OperationDecisionRecorded
  | OperationCompleted;
export type OperationEventType = OperationEvent['type'];

export const OPERATION_EVENT_TYPES = [
  'OperationRegistered',
  'OperationStepRecorded',
  'OperationDeadlinesExtended',
  'OperationDecisionRecorded',
  'OperationCompleted',
] as const satisfies readonly OperationEventType[];

export function isOperationEvent(event: { type: string }): event is OperationEvent {
  return (OPERATION_EVENT_TYPES as readonly string[]).includes(event.type);
}

export function operationStreamId(id: string): string {
  return `operation-${id}`;
}

/**
 * An event as read from the store. Detectors work on recorded events only, so that every alert names the ids of
 * the events that prove it; `version` is the stream version (from 1), which the state uses to point at evidence.
 */
export interface RecordedOperationEvent {
  eventId: string;
  event: OperationEvent;
  recordedAt: string;
  version: number;
}
