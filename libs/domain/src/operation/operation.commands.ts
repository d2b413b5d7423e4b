import { WorkingCalendar } from '../calendar/working-calendar';
import { Actor, LegalBasis } from '../power/power.types';
import {
  Counterparty,
  DecisionOutcome,
  OperationDocument,
  OperationHandler,
  OperationPenalty,
  OperationPowerInput,
  OperationStepKind,
  PauseKind,
} from './operation.types';

/** What every operation command carries besides its own fields: who asks and when it is recorded. */
export interface OperationCommandContext {
  actor: Actor;
  /** ISO-8601 timestamp with offset: the time of recording, given by the caller; nothing may happen after it. */
  recordedAt: string;
}

/** What commands that compute deadlines carry: the working calendar in force and, for the record, its version. */
export interface OperationCalendarContext {
  calendar: WorkingCalendar;
  /** Version of the calendar stream `calendar` was built from (0: the built-in years only). */
  calendarVersion?: number;
}

export interface RegisterOperation extends OperationCommandContext, OperationCalendarContext {
  type: 'RegisterOperation';
  id: string;
  powerCode: string;
  department: string;
  caseNumber: string;
  counterparty: Counterparty;
  handlers: OperationHandler[];
  acceptedAt: string;
  /** The power as in force on the acceptance date for `department`, resolved by the caller. */
  power: OperationPowerInput;
  /** YYYY-MM-DD: an acceptance before this day is implausible (a typing error, not a backdated fact) and refused. */
  plausibleFrom?: string;
}

export interface RecordStep extends OperationCommandContext, OperationCalendarContext {
  type: 'RecordStep';
  id: string;
  kind: OperationStepKind;
  at: string;
  by: string;
  /** Required for `pause`, and only there: which special procedure stops the clock. */
  pauseKind?: PauseKind;
  /** Required for a pause of kind `other`: the legal basis of the procedure. */
  note?: string;
  /** A pause needs at least one: the document that started the procedure. */
  documents?: OperationDocument[];
}

export interface RecordDecision extends OperationCommandContext {
  type: 'RecordDecision';
  id: string;
  at: string;
  outcome: DecisionOutcome;
  /** Required when, and only when, `outcome` is `penalty`. */
  penalty?: OperationPenalty;
  conditionsApplied?: string[];
  legalBasisCited: LegalBasis[];
  reasoning: string;
}

export interface CompleteOperation extends OperationCommandContext {
  type: 'CompleteOperation';
  id: string;
  at: string;
}

/** The system computes pending deadlines once the calendar knows their years; no person acts. */
export interface ComputeOperationDeadlines {
  type: 'ComputeOperationDeadlines';
  id: string;
  calendar: WorkingCalendar;
  calendarVersion: number;
  recordedAt: string;
}

export type OperationCommand =
  RegisterOperation | RecordStep | RecordDecision | CompleteOperation | ComputeOperationDeadlines;
export type OperationCommandType = OperationCommand['type'];
