import { DomainError, DomainErrorCategory } from '../shared/domain-error';
import { FieldIssue, invalidFields } from '../shared/field-issues';

/** Stable error codes of the department stream; clients program against them. */
export const DEPARTMENT_ERROR_CATEGORIES = {
  DEPARTMENT_EXISTS: 'conflict',
  /**
   * A rule violation rather than a 404: it is raised when a request refers to a department (a parent, an API key's
   * department) that was never registered, not when the department itself is the resource asked for.
   */
  DEPARTMENT_NOT_FOUND: 'rule',
  FORBIDDEN_ROLE: 'forbidden',
  FIELD_REQUIRED: 'validation',
  INVALID_FIELD: 'validation',
} as const satisfies Record<string, DomainErrorCategory>;

export type DepartmentErrorCode = keyof typeof DEPARTMENT_ERROR_CATEGORIES;
export type DepartmentValidationCode = {
  [C in DepartmentErrorCode]: (typeof DEPARTMENT_ERROR_CATEGORIES)[C] extends 'validation' ? C : never;
}[DepartmentErrorCode];

export type DepartmentValidationIssue = FieldIssue<DepartmentValidationCode>;

function departmentError(
  code: DepartmentErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  fieldErrors: Record<string, string[]> = {},
): DomainError {
  return new DomainError(code, DEPARTMENT_ERROR_CATEGORIES[code], message, details, fieldErrors);
}

export const departmentErrors = {
  exists: (code: string) => departmentError('DEPARTMENT_EXISTS', `Department ${code} is already registered`, { code }),
  /** `field` is the request field that referred to the department, e.g. `parent` or `department`. */
  notFound: (code: string, field: string) =>
    departmentError(
      'DEPARTMENT_NOT_FOUND',
      `Department ${code} is not registered`,
      { code },
      { [field]: ['must be a registered department'] },
    ),
  forbiddenRole: (role: string) =>
    departmentError('FORBIDDEN_ROLE', `Role ${role} may not register departments`, { role }),
  /** Every issue of one command in one error, the first issue's code on top, like the power catalogue's. */
  invalid: (issues: readonly DepartmentValidationIssue[]) => invalidFields(issues, departmentError),
};
