import { WorkingCalendar } from '../calendar/working-calendar';
import { Actor } from '../power/power.types';
import { AlertGround } from '../alert/alert.types';
import {
  CaseDocument,
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
 * Commands of a case's stream. Every command carries who records it and when (`recordedAt`, the system's time); the
 * times of what happened (`openedAt`, `servedAt`, `decidedAt`, …) are the caller's claims and sit beside it in the
 * events. What one stream cannot know (whether an alert or an event exists, the working calendar, the configured
 * periods) the edge looks up and passes in.
 */
interface CaseCommandBase {
  caseId: string;
  actor: Actor;
  recordedAt: string;
}

/** An alert named as an origin, as the alerts read model knows it; absent from `alerts` when it was never raised. */
export interface KnownAlert {
  alertId: string;
  ground: AlertGround;
  department: string;
}

export interface OpenCase extends CaseCommandBase {
  type: 'OpenCase';
  origins: CaseOrigin[];
  grounds: AlertGround[];
  departments: string[];
  summary: string;
  openedAt: string;
  /** The alerts among the origins that exist. */
  alerts: KnownAlert[];
  /** The periods in force (configuration), recorded on the case because the seed sets none. */
  rightsPeriodWorkingDays: number;
  reviewPeriodWorkingDays: number;
}

/** Event ids cited as evidence, each mapped to its stream when it exists in the log. */
export type KnownEvents = Readonly<Record<string, string>>;

export interface AddEvidence extends CaseCommandBase {
  type: 'AddEvidence';
  description?: string;
  documents?: CaseDocument[];
  events?: string[];
  knownEvents: KnownEvents;
}

export interface NamePerson extends CaseCommandBase {
  type: 'NamePerson';
  name: string;
  post: string;
  department: string;
  responsibility: Responsibility;
}

export interface ConcludeInvestigation extends CaseCommandBase {
  type: 'ConcludeInvestigation';
  facts: string;
  concludedAt: string;
}

export interface NotifyRights extends CaseCommandBase {
  type: 'NotifyRights';
  personId: string;
  servedAt: string;
  calendar: WorkingCalendar;
}

export interface RecordStatement extends CaseCommandBase {
  type: 'RecordStatement';
  personId: string;
  kind: StatementKind;
  text: string;
  receivedAt: string;
}

export interface DecidePerson extends CaseCommandBase {
  type: 'DecidePerson';
  personId: string;
  outcome: PersonOutcome;
  tier?: CaseTier;
  measures?: CaseMeasure[];
  reasoning: string;
  decidedAt: string;
  /** To count the rights period when the notice could not (its year was not yet on the calendar). */
  calendar: WorkingCalendar;
}

export interface DecideDepartment extends CaseCommandBase {
  type: 'DecideDepartment';
  department: string;
  measures: DepartmentMeasure[];
  /** For 绩效扣分: the points deducted. */
  points?: number;
  reasoning: string;
  decidedAt: string;
}

export interface RequestReview extends CaseCommandBase {
  type: 'RequestReview';
  personId: string;
  kind: ReviewKind;
  reason: string;
  requestedAt: string;
  calendar: WorkingCalendar;
}

export interface ConcludeReview extends CaseCommandBase {
  type: 'ConcludeReview';
  personId: string;
  result: ReviewResult;
  /** For `modified`: the new decision, which the tier table governs again. */
  outcome?: PersonOutcome;
  tier?: CaseTier;
  measures?: CaseMeasure[];
  reasoning: string;
  concludedAt: string;
}

/** Investigators' working notes: never shown to the department concerned. */
export interface AddCaseNote extends CaseCommandBase {
  type: 'AddCaseNote';
  text: string;
}

export interface CloseCase extends CaseCommandBase {
  type: 'CloseCase';
  summary: string;
  closedAt: string;
}

export interface ReopenCase extends CaseCommandBase {
  type: 'ReopenCase';
  reason: string;
  reopenedAt: string;
  /** The new evidence that reopens it: at least one document or event. */
  documents?: CaseDocument[];
  events?: string[];
  knownEvents: KnownEvents;
}

/** The outcome of a closed case is disclosed (通报): the public sees it, names masked per the configuration. */
export interface PublishOutcome extends CaseCommandBase {
  type: 'PublishOutcome';
  channel: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  publishedOn: string;
}

export type CaseCommand =
  | OpenCase
  | AddEvidence
  | NamePerson
  | ConcludeInvestigation
  | NotifyRights
  | RecordStatement
  | DecidePerson
  | DecideDepartment
  | RequestReview
  | ConcludeReview
  | AddCaseNote
  | CloseCase
  | ReopenCase
  | PublishOutcome;
export type CaseCommandType = CaseCommand['type'];
