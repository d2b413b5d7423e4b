import { DomainError, DomainErrorCategory } from '../shared/domain-error';
import { FieldIssue, invalidFields } from '../shared/field-issues';

/** Stable error codes of the operation stream; clients program against them. */
export const OPERATION_ERROR_CATEGORIES = {
  OPERATION_EXISTS: 'conflict',
  OPERATION_NOT_FOUND: 'not-found',
  /** A rule violation rather than a 404: the operation is the resource, the power only something it refers to. */
  FORBIDDEN_ROLE: 'forbidden',
  FORBIDDEN_DEPARTMENT: 'forbidden',
  AT_IN_FUTURE: 'rule',
  AT_BEFORE_ACCEPTANCE: 'rule',
  OPERATION_COMPLETED: 'rule',
  OPERATION_PAUSED: 'rule',
  OPERATION_NOT_PAUSED: 'rule',
  PAUSE_OUT_OF_ORDER: 'rule',
  DECISION_EXISTS: 'conflict',
  COMPLETION_BEFORE_LAST_STEP: 'rule',
  DEADLINES_NOT_PENDING: 'conflict',
  INVALID_FIELD: 'validation',
  FIELD_REQUIRED: 'validation',
  IMPLAUSIBLE_DATE: 'validation',
  PENALTY_REQUIRED: 'validation',
  PENALTY_NOT_ALLOWED: 'validation',
} as const satisfies Record<string, DomainErrorCategory>;

export type OperationErrorCode = keyof typeof OPERATION_ERROR_CATEGORIES;
export type OperationValidationCode = {
  [C in OperationErrorCode]: (typeof OPERATION_ERROR_CATEGORIES)[C] extends 'validation' ? C : never;
}[OperationErrorCode];

export const OPERATION_ERROR_CODES = Object.keys(OPERATION_ERROR_CATEGORIES) as OperationErrorCode[];

/** One failed field check; a command's issues are reported together. */
export type OperationValidationIssue = FieldIssue<OperationValidationCode>;

function operationError(
  code: OperationErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  fieldErrors: Record<string, string[]> = {},
): DomainError {
  return new DomainError(code, OPERATION_ERROR_CATEGORIES[code], message, details, fieldErrors);
}

export const operationErrors = {
  exists: (id: string) => operationError('OPERATION_EXISTS', `Operation ${id} is already registered`, { id }),
  notFound: (id: string) => operationError('OPERATION_NOT_FOUND', `Operation ${id} was never registered`, { id }),
  forbiddenRole: (role: string, act: string) =>
    operationError('FORBIDDEN_ROLE', `Role ${role} may not ${act}`, { role }),
  forbiddenDepartment: (actorDepartment: string | undefined, department: string) =>
    operationError('FORBIDDEN_DEPARTMENT', `Department ${actorDepartment ?? '(none)'} may not act for ${department}`, {
      actorDepartment: actorDepartment ?? null,
      department,
    }),
  atInFuture: (field: string, at: string, recordedAt: string) =>
    operationError(
      'AT_IN_FUTURE',
      `${field} ${at} is after the time of recording ${recordedAt}`,
      { [field]: at, recordedAt },
      { [field]: ['must not be after the time of recording'] },
    ),
  atBeforeAcceptance: (at: string, acceptedAt: string) =>
    operationError(
      'AT_BEFORE_ACCEPTANCE',
      `${at} is before the matter was accepted (${acceptedAt})`,
      { at, acceptedAt },
      { at: ['must not be before acceptedAt'] },
    ),
  completed: (id: string) =>
    operationError('OPERATION_COMPLETED', `Operation ${id} is completed and takes nothing more`, { id }),
  paused: (id: string, pausedAt: string, act: string) =>
    operationError(
      'OPERATION_PAUSED',
      `Operation ${id} is paused since ${pausedAt} (special procedure); resume it before you ${act}`,
      { id, pausedAt },
    ),
  notPaused: (id: string) =>
    operationError('OPERATION_NOT_PAUSED', `Operation ${id} is not paused; there is nothing to resume`, { id }),
  pauseOutOfOrder: (at: string, bound: string, message: string) =>
    operationError('PAUSE_OUT_OF_ORDER', message, { at, bound }, { at: [message] }),
  decisionExists: (id: string) => operationError('DECISION_EXISTS', `Operation ${id} already has its decision`, { id }),
  completionBeforeLastStep: (at: string, lastAt: string) =>
    operationError(
      'COMPLETION_BEFORE_LAST_STEP',
      `Completion at ${at} precedes a recorded step or decision at ${lastAt}`,
      { at, lastAt },
      { at: [`must not be before ${lastAt}`] },
    ),
  deadlinesNotPending: (id: string) =>
    operationError(
      'DEADLINES_NOT_PENDING',
      `Operation ${id} has no deadlines waiting for the calendar; they are computed once only`,
      { id },
    ),
  /**
   * All issues of one command in one error: the code is the first issue's, `fieldErrors` holds every message so
   * the client can fix the whole request at once.
   */
  invalid: (issues: readonly OperationValidationIssue[]) => invalidFields(issues, operationError),
};
