import {
  OperationCompletedData,
  OperationDecisionRecordedData,
  OperationDeadlinesExtendedData,
  OperationRegisteredData,
  OperationStepRecordedData,
} from './operation.events';
import { OperationDeadlines, PauseKind, PendingDeadlines } from './operation.types';

/**
 * Facts are kept with the stream version of the event that recorded them (events are numbered from 1): detectors map
 * versions to the event ids of the recorded events, so each alert can name its evidence.
 */

export interface OperationRegistration extends OperationRegisteredData {
  version: number;
}

export interface OperationStep extends Omit<OperationStepRecordedData, 'id'> {
  version: number;
}

export interface OperationDecision extends Omit<OperationDecisionRecordedData, 'id'> {
  version: number;
}

export interface OperationExtension extends Omit<OperationDeadlinesExtendedData, 'id'> {
  version: number;
}

export interface OperationCompletion extends Omit<OperationCompletedData, 'id'> {
  version: number;
}

/** A pause not yet ended. */
export interface OperationPause {
  at: string;
  /** Absent for pauses recorded before kinds existed. */
  kind?: PauseKind;
  procedure: string;
  version: number;
}

/** A pause that ended while the deadlines could not be counted: its extension waits for the calendar. */
export interface EndedPause extends OperationPause {
  resumedAt: string;
  resumeVersion: number;
}

/** What the pending deadlines are computed from once the calendar knows the years. */
export interface DeadlinesAwaitingCalendar extends PendingDeadlines {
  /** The deadlines in force before the pauses below; null while even the registration's are not computed. */
  from: OperationDeadlines | null;
  pauses: EndedPause[];
}

export interface AbsentOperation {
  status: 'absent';
}

/** What every registered operation holds, whatever its status. */
export interface RegisteredOperation {
  id: string;
  department: string;
  acceptedAt: string;
  /** Everything as registered: the power as it stood, the limits, the deadlines before any extension. */
  registration: OperationRegistration;
  /** The deadlines in force: the registered ones moved by every extension; null when none were computed. */
  deadlines: OperationDeadlines | null;
  /** Present while the deadlines wait for a calendar year (deadlines are null meanwhile: nothing is guessed). */
  deadlinesPending?: DeadlinesAwaitingCalendar;
  /** Steps in recording order (a step's `at` may be earlier than that of a step recorded before it). */
  steps: OperationStep[];
  decision: OperationDecision | null;
  extensions: OperationExtension[];
  /** When the clock last restarted: a new pause cannot start before it. */
  lastResumedAt: string | null;
  /** Stream version of the last event folded. */
  version: number;
}

export interface OpenOperation extends RegisteredOperation {
  status: 'open';
}

/** A special procedure is under way: the clock is stopped. */
export interface PausedOperation extends RegisteredOperation {
  status: 'paused';
  pause: OperationPause;
}

export interface CompletedOperation extends RegisteredOperation {
  status: 'completed';
  completion: OperationCompletion;
}

export type OperationState = AbsentOperation | OpenOperation | PausedOperation | CompletedOperation;
export type RecordedOperationState = Exclude<OperationState, AbsentOperation>;

export const initialOperationState: OperationState = { status: 'absent' };
