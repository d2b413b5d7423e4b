import { FieldIssues } from '../shared/field-issues';
import { assertNever, Decider } from '../shared/decider';
import { Actor, DEPARTMENT_CODE_PATTERN } from '../power/power.types';
import { isNonEmptyString, isValidTimestamp } from '../shared/values';
import {
  AcceptAlertAnswer,
  AcknowledgeAlert,
  AlertCommand,
  AnswerAlert,
  LinkAlertToCase,
  RaiseAlert,
  RejectAlertAnswer,
  ResolveAlert,
} from './alert.commands';
import { alertErrors, AlertValidationCode } from './alert.errors';
import {
  AlertAcknowledged,
  AlertAnswered,
  AlertEvent,
  AlertLinkedToCase,
  AlertRaised,
  AlertResolved,
} from './alert.events';
import { AlertState, initialAlertState } from './alert.state';
import { ALERT_GROUNDS, ALERT_ID_PATTERN, ALERT_LEVELS, ALERT_SUBJECT_KINDS } from './alert.types';

class Issues extends FieldIssues<AlertValidationCode> {
  constructor() {
    super(alertErrors.invalid);
  }
}

const isOneOf = (value: unknown, allowed: readonly unknown[]): boolean => allowed.includes(value);

function checkAlertId(issues: Issues, alertId: unknown): void {
  issues.check(
    typeof alertId === 'string' && ALERT_ID_PATTERN.test(alertId),
    'INVALID_ALERT_ID',
    'alertId',
    `must match ${ALERT_ID_PATTERN.source}`,
  );
}

/**
 * The id arrives in the request's path, which no DTO checks: a malformed one is answered as such (INVALID_ALERT_ID),
 * not as an alert that does not exist. The rest of a supervisor's or a department's command is the request body's
 * to check (docs/architecture.md, "One validation boundary"); a raise is the detectors' fact and checked in full.
 */
function requireAlertId(alertId: string): void {
  const issues = new Issues();
  checkAlertId(issues, alertId);
  issues.throwIfAny();
}

function checkRecordedAt(issues: Issues, value: unknown, field: string): void {
  issues.check(isValidTimestamp(value), 'INVALID_TIMESTAMP', field, 'must be an ISO-8601 timestamp with offset');
}

function checkRaise(command: RaiseAlert): void {
  const issues = new Issues();
  checkAlertId(issues, command.alertId);
  issues.check(isOneOf(command.ground, ALERT_GROUNDS), 'INVALID_ENUM_VALUE', 'ground', 'must be an integer 1–10');
  issues.check(isOneOf(command.level, ALERT_LEVELS), 'INVALID_ENUM_VALUE', 'level', 'must be yellow or red');
  issues.check(
    typeof command.department === 'string' && DEPARTMENT_CODE_PATTERN.test(command.department),
    'INVALID_FIELD',
    'department',
    `must match ${DEPARTMENT_CODE_PATTERN.source}`,
  );
  const subject: unknown = command.subject;
  const { kind, id } = typeof subject === 'object' && subject !== null ? (subject as Record<string, unknown>) : {};
  issues.check(
    isOneOf(kind, ALERT_SUBJECT_KINDS),
    'INVALID_ENUM_VALUE',
    'subject.kind',
    `must be one of ${ALERT_SUBJECT_KINDS.join(', ')}`,
  );
  issues.check(isNonEmptyString(id), 'FIELD_REQUIRED', 'subject.id', 'must not be empty');
  issues.check(isNonEmptyString(command.cause), 'FIELD_REQUIRED', 'cause', 'must not be empty');
  const evidence: unknown = command.evidence;
  issues.check(
    Array.isArray(evidence) && evidence.length > 0 && evidence.every(isNonEmptyString),
    'FIELD_REQUIRED',
    'evidence',
    'must list the ids of the events that prove it',
  );
  issues.check(isNonEmptyString(command.message), 'FIELD_REQUIRED', 'message', 'must not be empty');
  checkRecordedAt(issues, command.raisedAt, 'raisedAt');
  issues.throwIfAny();
}

/** Idempotent: the id is the cause, so the same cause never raises two alerts; a second raise records nothing. */
function raise(command: RaiseAlert, state: AlertState): AlertRaised[] {
  checkRaise(command);
  if (state.status !== 'absent') return [];
  const { alertId, ground, level, department, subject, cause, evidence, message, raisedAt } = command;
  return [
    {
      type: 'AlertRaised',
      data: {
        alertId,
        ground,
        level,
        department,
        subject: { kind: subject.kind, id: subject.id },
        cause,
        evidence: [...evidence],
        message,
        raisedAt,
      },
    },
  ];
}

/** Alerts are dealt with by the supervision office (纪检监察/效能办), never by the department they concern. */
function authorize(actor: Actor): void {
  if (actor.role !== 'supervisor') throw alertErrors.forbiddenRole(actor.role);
}

function acknowledge(command: AcknowledgeAlert, state: AlertState): AlertAcknowledged {
  authorize(command.actor);
  requireAlertId(command.alertId);
  switch (state.status) {
    case 'absent':
      throw alertErrors.notFound(command.alertId);
    case 'resolved':
      throw alertErrors.resolved(command.alertId);
    case 'acknowledged':
      throw alertErrors.acknowledged(command.alertId);
    case 'open':
      return {
        type: 'AlertAcknowledged',
        data: {
          alertId: state.alert.alertId,
          ...(command.note !== undefined ? { note: command.note } : {}),
          by: command.actor.id,
          acknowledgedAt: command.recordedAt,
        },
      };
    default:
      return assertNever(state, 'alert state');
  }
}

/** An accountability case's closure resolves the alerts it was opened from: its investigators may. */
function authorizeResolution(command: ResolveAlert, state: AlertState): void {
  const { actor, caseId } = command;
  if (caseId === undefined || actor.role !== 'investigator') return authorize(actor);
  if (state.status !== 'absent' && !(state.cases ?? []).includes(caseId)) {
    throw alertErrors.notLinked(command.alertId, caseId);
  }
}

/** From open or acknowledged; the note says how it was dealt with. */
function resolve(command: ResolveAlert, state: AlertState): AlertResolved {
  authorizeResolution(command, state);
  requireAlertId(command.alertId);
  if (state.status === 'absent') throw alertErrors.notFound(command.alertId);
  if (state.status === 'resolved') throw alertErrors.resolved(command.alertId);
  return {
    type: 'AlertResolved',
    data: {
      alertId: state.alert.alertId,
      note: command.note,
      by: command.actor.id,
      resolvedAt: command.recordedAt,
      ...(command.caseId !== undefined ? { caseId: command.caseId } : {}),
    },
  };
}

/** Opening a case from an alert is the case's investigators' or the supervision office's act. */
function link(command: LinkAlertToCase, state: AlertState): AlertLinkedToCase[] {
  if (command.actor.role !== 'investigator' && command.actor.role !== 'supervisor') {
    throw alertErrors.forbiddenRole(command.actor.role);
  }
  requireAlertId(command.alertId);
  if (state.status === 'absent') throw alertErrors.notFound(command.alertId);
  if ((state.cases ?? []).includes(command.caseId)) return [];
  return [
    {
      type: 'AlertLinkedToCase',
      data: { alertId: command.alertId, caseId: command.caseId, by: command.actor.id, linkedAt: command.recordedAt },
    },
  ];
}

/**
 * The department an alert concerns answers it while it is open or acknowledged and no answer of its awaits a verdict.
 * Another department is told the alert does not exist, as when it reads it.
 */
function answer(command: AnswerAlert, state: AlertState): AlertAnswered {
  const { actor } = command;
  if (actor.role !== 'department') throw alertErrors.answerForbidden(actor.role);
  requireAlertId(command.alertId);
  if (state.status === 'absent' || state.alert.department !== actor.department) {
    throw alertErrors.notFound(command.alertId);
  }
  if (state.status === 'resolved') throw alertErrors.resolved(command.alertId);
  if (state.answer !== undefined) throw alertErrors.answerPending(command.alertId);
  return {
    type: 'AlertAnswered',
    data: {
      alertId: state.alert.alertId,
      explanation: command.explanation,
      ...(command.documents && command.documents.length > 0
        ? { documents: command.documents.map(({ name, sha256 }) => ({ name, sha256: sha256.toLowerCase() })) }
        : {}),
      by: actor.id,
      department: state.alert.department,
      answeredAt: command.recordedAt,
    },
  };
}

/** The supervision office's verdict on the answer awaiting one: accepted resolves the alert as explained. */
function judgeAnswer(command: AcceptAlertAnswer | RejectAlertAnswer, state: AlertState): AlertEvent {
  authorize(command.actor);
  requireAlertId(command.alertId);
  if (state.status === 'absent') throw alertErrors.notFound(command.alertId);
  if (state.status === 'resolved') throw alertErrors.resolved(command.alertId);
  if (state.answer === undefined) throw alertErrors.noAnswerPending(command.alertId);
  if (command.type === 'RejectAlertAnswer') {
    return {
      type: 'AlertAnswerRejected',
      data: {
        alertId: state.alert.alertId,
        reason: command.reason,
        by: command.actor.id,
        rejectedAt: command.recordedAt,
      },
    };
  }
  return {
    type: 'AlertResolved',
    data: {
      alertId: state.alert.alertId,
      note: command.note ?? `解释说明被采纳：${state.answer.explanation}`,
      by: command.actor.id,
      resolvedAt: command.recordedAt,
      explained: true,
    },
  };
}

export function decideAlert(command: AlertCommand, state: AlertState): AlertEvent[] {
  switch (command.type) {
    case 'RaiseAlert':
      return raise(command, state);
    case 'AcknowledgeAlert':
      return [acknowledge(command, state)];
    case 'ResolveAlert':
      if (command.caseId !== undefined && state.status === 'resolved') return [];
      return [resolve(command, state)];
    case 'LinkAlertToCase':
      return link(command, state);
    case 'AnswerAlert':
      return [answer(command, state)];
    case 'AcceptAlertAnswer':
    case 'RejectAlertAnswer':
      return [judgeAnswer(command, state)];
    default:
      return assertNever(command, 'alert command');
  }
}

function withoutAnswer<S extends Exclude<AlertState, { status: 'absent' }>>(state: S): S {
  const rest = { ...state };
  delete rest.answer;
  return rest;
}

const casesOf = (state: Exclude<AlertState, { status: 'absent' }>) => (state.cases ? { cases: state.cases } : {});

/** Total: an event that cannot follow the state changes nothing but the version count. */
export function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  if (state.status === 'absent') {
    return event.type === 'AlertRaised' ? { status: 'open', alert: event.data, version: 1 } : state;
  }
  const version = state.version + 1;
  switch (event.type) {
    case 'AlertRaised':
      return { ...state, version };
    case 'AlertAcknowledged':
      if (state.status !== 'open') return { ...state, version };
      return {
        status: 'acknowledged',
        alert: state.alert,
        ...casesOf(state),
        ...(state.answer !== undefined ? { answer: state.answer } : {}),
        acknowledgement: event.data,
        version,
      };
    case 'AlertResolved':
      if (state.status === 'resolved') return { ...state, version };
      return {
        status: 'resolved',
        alert: state.alert,
        ...casesOf(state),
        ...(state.answer !== undefined ? { answer: state.answer } : {}),
        ...(state.status === 'acknowledged' ? { acknowledgement: state.acknowledgement } : {}),
        resolution: event.data,
        version,
      };
    case 'AlertLinkedToCase':
      if ((state.cases ?? []).includes(event.data.caseId)) return { ...state, version };
      return { ...state, cases: [...(state.cases ?? []), event.data.caseId], version };
    case 'AlertAnswered':
      if (state.status === 'resolved') return { ...state, version };
      return { ...state, answer: event.data, version };
    case 'AlertAnswerRejected':
      return { ...withoutAnswer(state), version };
    default:
      return assertNever(event, 'alert event');
  }
}

export const alertDecider: Decider<AlertCommand, AlertEvent, AlertState> = {
  initialState: initialAlertState,
  decide: decideAlert,
  evolve: evolveAlert,
};
