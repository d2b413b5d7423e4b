import { DomainError, DomainErrorCategory } from '../shared/domain-error';
import { FieldIssue, invalidFields } from '../shared/field-issues';

/** Stable error codes of the case stream; clients program against them. */
export const CASE_ERROR_CATEGORIES = {
  CASE_EXISTS: 'conflict',
  CASE_NOT_FOUND: 'not-found',
  PERSON_NOT_FOUND: 'not-found',
  FORBIDDEN_ROLE: 'forbidden',
  FORBIDDEN_DEPARTMENT: 'forbidden',
  /** Rule violations rather than 404s: the case is the resource, alerts and events only what it refers to. */
  ALERT_NOT_FOUND: 'rule',
  EVENT_NOT_FOUND: 'rule',
  CASE_CLOSED: 'rule',
  CASE_NOT_CLOSED: 'rule',
  INVESTIGATION_NOT_CONCLUDED: 'rule',
  INVESTIGATION_CONCLUDED: 'rule',
  RIGHTS_NOT_NOTIFIED: 'rule',
  RIGHTS_PERIOD_RUNNING: 'rule',
  RIGHTS_PERIOD_UNKNOWN: 'rule',
  MEASURE_OUTSIDE_TIER: 'rule',
  DECISION_EXISTS: 'conflict',
  PERSON_NOT_DECIDED: 'rule',
  PERSONS_UNDECIDED: 'rule',
  DEPARTMENT_NOT_CONCERNED: 'rule',
  REVIEW_PENDING: 'rule',
  NO_REVIEW_PENDING: 'rule',
  REVIEW_PERIOD_EXPIRED: 'rule',
  AT_IN_FUTURE: 'rule',
  AT_OUT_OF_ORDER: 'rule',
  INVALID_ENUM_VALUE: 'validation',
  INVALID_FIELD: 'validation',
  FIELD_REQUIRED: 'validation',
  EVIDENCE_REQUIRED: 'validation',
} as const satisfies Record<string, DomainErrorCategory>;

export type CaseErrorCode = keyof typeof CASE_ERROR_CATEGORIES;
export type CaseValidationCode = {
  [C in CaseErrorCode]: (typeof CASE_ERROR_CATEGORIES)[C] extends 'validation' ? C : never;
}[CaseErrorCode];

export const CASE_ERROR_CODES = Object.keys(CASE_ERROR_CATEGORIES) as CaseErrorCode[];

export type CaseValidationIssue = FieldIssue<CaseValidationCode>;

function caseError(
  code: CaseErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  fieldErrors: Record<string, string[]> = {},
): DomainError {
  return new DomainError(code, CASE_ERROR_CATEGORIES[code], message, details, fieldErrors);
}

export const caseErrors = {
  exists: (caseId: string) => caseError('CASE_EXISTS', `Case ${caseId} is already open`, { caseId }),
  notFound: (caseId: string) => caseError('CASE_NOT_FOUND', `Case ${caseId} was never opened`, { caseId }),
  personNotFound: (caseId: string, personId: string) =>
    caseError('PERSON_NOT_FOUND', `Case ${caseId} names no person ${personId}`, { caseId, personId }),
  forbiddenRole: (role: string, act: string) =>
    caseError('FORBIDDEN_ROLE', `Role ${role} may not ${act}; investigators run cases`, { role }),
  forbiddenDepartment: (own: string | undefined, personDepartment: string) =>
    caseError(
      'FORBIDDEN_DEPARTMENT',
      `Department ${own ?? '(none)'} may submit statements only of its own people, not of ${personDepartment}`,
      { department: personDepartment },
    ),
  alertsNotFound: (alertIds: string[]) =>
    caseError(
      'ALERT_NOT_FOUND',
      `No alert ${alertIds.join(', ')} was ever raised`,
      { alertIds },
      { origins: alertIds.map((id) => `alert ${id} was never raised`) },
    ),
  eventsNotFound: (eventIds: string[]) =>
    caseError(
      'EVENT_NOT_FOUND',
      `No event ${eventIds.join(', ')} is in the log`,
      { eventIds },
      { events: eventIds.map((id) => `event ${id} is not in the log`) },
    ),
  closed: (caseId: string) =>
    caseError('CASE_CLOSED', `Case ${caseId} is closed; reopen it on new evidence`, { caseId }),
  notClosed: (caseId: string) => caseError('CASE_NOT_CLOSED', `Case ${caseId} is not closed`, { caseId }),
  notConcluded: (caseId: string) =>
    caseError(
      'INVESTIGATION_NOT_CONCLUDED',
      `The investigation of case ${caseId} is not concluded: facts come first (实事求是)`,
      { caseId },
    ),
  concluded: (caseId: string) =>
    caseError('INVESTIGATION_CONCLUDED', `The investigation of case ${caseId} is already concluded`, { caseId }),
  rightsNotNotified: (personId: string) =>
    caseError('RIGHTS_NOT_NOTIFIED', `${personId} was not notified of the rights to state and defend (陈述、申辩)`, {
      personId,
    }),
  rightsPeriodRunning: (personId: string, answerBy: string, decidedOn: string) =>
    caseError(
      'RIGHTS_PERIOD_RUNNING',
      `${personId} may answer until ${answerBy} and no statement is in: no decision on ${decidedOn}`,
      { personId, answerBy, decidedOn },
    ),
  rightsPeriodUnknown: (personId: string) =>
    caseError(
      'RIGHTS_PERIOD_UNKNOWN',
      `The calendar does not yet know when ${personId}'s rights period ends, and no statement is in`,
      { personId },
    ),
  measuresOutsideTier: (tier: string, measures: string[], field: string) =>
    caseError(
      'MEASURE_OUTSIDE_TIER',
      `${measures.join(', ')} ${measures.length > 1 ? 'are' : 'is'} not a measure of the ${tier} tier`,
      { tier, measures },
      { [field]: measures.map((m) => `${m} is not a measure of the ${tier} tier`) },
    ),
  decisionExists: (personId: string) =>
    caseError('DECISION_EXISTS', `${personId} is decided already; a review changes a decision`, { personId }),
  departmentDecisionExists: (department: string) =>
    caseError('DECISION_EXISTS', `Department ${department} is decided already`, { department }),
  notDecided: (personId: string) =>
    caseError('PERSON_NOT_DECIDED', `${personId} has no decision to review`, { personId }),
  personsUndecided: (personIds: string[]) =>
    caseError('PERSONS_UNDECIDED', `No decision yet for ${personIds.join(', ')}`, { personIds }),
  departmentNotConcerned: (department: string) =>
    caseError('DEPARTMENT_NOT_CONCERNED', `The case does not concern department ${department}`, { department }),
  reviewPending: (personIds: string[]) =>
    caseError('REVIEW_PENDING', `A review of ${personIds.join(', ')} is pending`, { personIds }),
  noReviewPending: (personId: string) =>
    caseError('NO_REVIEW_PENDING', `No review of ${personId} is pending`, { personId }),
  reviewPeriodExpired: (personId: string, requestBy: string, requestedOn: string) =>
    caseError('REVIEW_PERIOD_EXPIRED', `${personId} could request a review until ${requestBy}, not on ${requestedOn}`, {
      personId,
      requestBy,
      requestedOn,
    }),
  atInFuture: (field: string, at: string, recordedAt: string) =>
    caseError('AT_IN_FUTURE', `${field} ${at} is after the time it is recorded (${recordedAt})`, {
      field,
      at,
      recordedAt,
    }),
  atOutOfOrder: (field: string, at: string, earlier: string, what: string) =>
    caseError('AT_OUT_OF_ORDER', `${field} ${at} is before ${what} (${earlier})`, { field, at, earlier }),
  /** Every issue of one command in one error, the code being the first issue's. */
  invalid: (issues: readonly CaseValidationIssue[]) => invalidFields(issues, caseError),
};
