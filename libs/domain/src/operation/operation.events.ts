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
  PendingDeadlines,
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
  /**
   * The limits the deadlines were computed with (the power's, as in force on `acceptedOn`); null without deadlines,
   * set when they are pending.
   */
  timeLimit: Required<TimeLimit> | null;
  /** Null when the power was not in force for the department, had no time limit, or the deadlines are pending. */
  deadlines: OperationDeadlines | null;
  /** Present when the count reaches a calendar year not yet published: the deadlines follow once it is. */
  deadlinesPending?: PendingDeadlines;
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
  /**
   * A resumption whose extension cannot be counted yet (the deadlines were pending, or the count reaches a calendar
   * year not yet published): the deadlines are pending until it is.
   */
  deadlinesPending?: PendingDeadlines;
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
  /** Completed while the deadlines were pending: overdue is judged by OperationDeadlinesComputed. */
  deadlinesPending?: PendingDeadlines;
  recordedAt: string;
}

/** A pause that ended while the deadlines were pending, as OperationDeadlinesExtended would have recorded it. */
export type ComputedOperationExtension = Omit<
  OperationDeadlinesExtendedData,
  'id' | 'calendarYears' | 'calendarVersion' | 'recordedAt'
>;

/**
 * The deadlines that were pending, computed once the calendar knows every year they need: recorded by the system
 * (no actor), exactly once per operation, with the calendar version used.
 */
export interface OperationDeadlinesComputedData {
  id: string;
  /** The deadlines as the registration would have computed them; absent when the registration had them. */
  registered?: OperationDeadlines;
  /** Each pause that ended while pending and moved the deadlines, applied in order. */
  extensions: ComputedOperationExtension[];
  /** The deadlines in force after all of it. */
  deadlines: OperationDeadlines;
  /** Completed while pending: whether the completion came after each deadline. */
  overdue?: { committed: boolean; legal: boolean };
  calendarYears: number[];
  /** Version of the calendar stream the calendar was built from. */
  calendarVersion: number;
  recordedAt: string;
}

export type OperationRegistered = DomainEvent<'OperationRegistered', OperationRegisteredData>;
export type OperationStepRecorded = DomainEvent<'OperationStepRecorded', OperationStepRecordedData>;
export type OperationDeadlinesExtended = DomainEvent<'OperationDeadlinesExtended', OperationDeadlinesExtendedData>;
export type OperationDecisionRecorded = DomainEvent<'OperationDecisionRecorded', OperationDecisionRecordedData>;
export type OperationCompleted = DomainEvent<'OperationCompleted', OperationCompletedData>;
export type OperationDeadlinesComputed = DomainEvent<'OperationDeadlinesComputed', OperationDeadlinesComputedData>;

export type OperationEvent =
  | OperationRegistered
  | OperationStepRecorded
  | OperationDeadlinesExtended
  | OperationDecisionRecorded
  | OperationCompleted
  | OperationDeadlinesComputed;
export type OperationEventType = OperationEvent['type'];

export const OPERATION_EVENT_TYPES = [
  'OperationRegistered',
  'OperationStepRecorded',
  'OperationDeadlinesExtended',
  'OperationDecisionRecorded',
  'OperationCompleted',
  'OperationDeadlinesComputed',
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
