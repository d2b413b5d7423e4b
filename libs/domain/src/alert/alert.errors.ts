import { DomainError, DomainErrorCategory } from '../shared/domain-error';
import { FieldIssue, invalidFields } from '../shared/field-issues';

/** Stable error codes of the alert stream; clients program against them. */
export const ALERT_ERROR_CATEGORIES = {
  ALERT_NOT_FOUND: 'not-found',
  ALERT_RESOLVED: 'rule',
  ALERT_ACKNOWLEDGED: 'rule',
  FORBIDDEN_ROLE: 'forbidden',
  ALERT_NOT_LINKED: 'forbidden',
  ANSWER_PENDING: 'rule',
  NO_ANSWER_PENDING: 'rule',
  INVALID_ALERT_ID: 'validation',
  INVALID_ENUM_VALUE: 'validation',
  INVALID_FIELD: 'validation',
  FIELD_REQUIRED: 'validation',
  INVALID_TIMESTAMP: 'validation',
} as const satisfies Record<string, DomainErrorCategory>;

export type AlertErrorCode = keyof typeof ALERT_ERROR_CATEGORIES;
export type AlertValidationCode = {
  [C in AlertErrorCode]: (typeof ALERT_ERROR_CATEGORIES)[C] extends 'validation' ? C : never;
}[AlertErrorCode];

export const ALERT_ERROR_CODES = Object.keys(ALERT_ERROR_CATEGORIES) as AlertErrorCode[];

export type AlertValidationIssue = FieldIssue<AlertValidationCode>;

function alertError(
  code: AlertErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  fieldErrors: Record<string, string[]> = {},
): DomainError {
  return new DomainError(code, ALERT_ERROR_CATEGORIES[code], message, details, fieldErrors);
}

export const alertErrors = {
  notFound: (alertId: string) => alertError('ALERT_NOT_FOUND', `Alert ${alertId} was never raised`, { alertId }),
  resolved: (alertId: string) =>
    alertError('ALERT_RESOLVED', `Alert ${alertId} is resolved and takes nothing more`, { alertId }),
  acknowledged: (alertId: string) =>
    alertError('ALERT_ACKNOWLEDGED', `Alert ${alertId} is already acknowledged`, { alertId }),
  notLinked: (alertId: string, caseId: string) =>
    alertError('ALERT_NOT_LINKED', `Alert ${alertId} was not opened into case ${caseId}`, { alertId, caseId }),
  answerPending: (alertId: string) =>
    alertError('ANSWER_PENDING', `Alert ${alertId} has an answer awaiting the supervision office's verdict`, {
      alertId,
    }),
  noAnswerPending: (alertId: string) =>
    alertError('NO_ANSWER_PENDING', `Alert ${alertId} has no answer awaiting a verdict`, { alertId }),
  answerForbidden: (role: string) =>
    alertError('FORBIDDEN_ROLE', `Role ${role} may not answer alerts; the department an alert concerns does`, {
      role,
    }),
  forbiddenRole: (role: string) =>
    alertError('FORBIDDEN_ROLE', `Role ${role} may not acknowledge or resolve alerts; supervisors do`, { role }),
  /** Every issue of one command in one error, the code being the first issue's. */
  invalid: (issues: readonly AlertValidationIssue[]) => invalidFields(issues, alertError),
};
