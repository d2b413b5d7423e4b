import { OPERATION_SHA256_PATTERN } from '../shared/values';
import { DEPARTMENT_CODE_PATTERN, DISCRETION_LEVELS, POWER_CODE_PATTERN } from '../power/power.types';
import { isNonEmptyString, isValidTimestamp } from '../shared/values';
import { operationErrors, OperationValidationCode, OperationValidationIssue } from './operation.errors';

/**
 * Field checks of operation commands. Commands arrive typed, but from JSON: every check looks at the runtime value,
 * so a gap in an edge's DTO validation still cannot put a malformed fact into the log.
 */

/** Collects the failed checks of one command so they are reported together. */
export class OperationIssues {
  private readonly list: OperationValidationIssue[] = [];

  add(code: OperationValidationCode, field: string, message: string): void {
    this.list.push({ code, field, message });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw operationErrors.invalid(this.list);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function checkRequiredText(issues: OperationIssues, value: unknown, field: string): void {
  if (!isNonEmptyString(value)) issues.add('FIELD_REQUIRED', field, 'must not be empty');
}

export function checkOptionalText(issues: OperationIssues, value: unknown, field: string): void {
  if (value !== undefined && !isNonEmptyString(value)) issues.add('INVALID_FIELD', field, 'must be a non-empty string');
}

export function checkTimestamp(issues: OperationIssues, value: unknown, field: string): void {
  if (!isValidTimestamp(value)) issues.add('INVALID_TIMESTAMP', field, 'must be an ISO-8601 timestamp with offset');
}

export function checkEnum(issues: OperationIssues, value: unknown, allowed: readonly string[], field: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    issues.add('INVALID_ENUM_VALUE', field, `must be one of ${allowed.join(', ')}`);
  }
}

export function checkDepartmentCode(issues: OperationIssues, value: unknown, field: string): void {
  if (typeof value !== 'string' || !DEPARTMENT_CODE_PATTERN.test(value)) {
    issues.add('INVALID_DEPARTMENT_CODE', field, `must match ${DEPARTMENT_CODE_PATTERN.source}`);
  }
}

export function checkPowerCode(issues: OperationIssues, value: unknown, field: string): void {
  if (typeof value !== 'string' || !POWER_CODE_PATTERN.test(value)) {
    issues.add('INVALID_POWER_CODE', field, `must match ${POWER_CODE_PATTERN.source}`);
  }
}

export function checkTextList(issues: OperationIssues, value: unknown, field: string): void {
  if (!Array.isArray(value)) {
    issues.add('INVALID_FIELD', field, 'must be a list of strings');
    return;
  }
  value.forEach((item, i) => {
    if (!isNonEmptyString(item)) issues.add('INVALID_FIELD', `${field}[${i}]`, 'must be a non-empty string');
  });
}

export function checkLegalBasis(issues: OperationIssues, value: unknown, field: string): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add('LEGAL_BASIS_REQUIRED', field, 'must cite at least one legal basis');
    return;
  }
  value.forEach((basis: unknown, i) => {
    const item = isPlainObject(basis) ? basis : {};
    if (!isNonEmptyString(item.title)) issues.add('LEGAL_BASIS_REQUIRED', `${field}[${i}].title`, 'must not be empty');
    if (!isNonEmptyString(item.article)) {
      issues.add('LEGAL_BASIS_REQUIRED', `${field}[${i}].article`, 'must not be empty');
    }
    if (item.text !== undefined && typeof item.text !== 'string') {
      issues.add('INVALID_FIELD', `${field}[${i}].text`, 'must be a string');
    }
  });
}

export function checkDocuments(issues: OperationIssues, value: unknown, field: string): void {
  if (!Array.isArray(value)) {
    issues.add('INVALID_FIELD', field, 'must be a list of { name, sha256 }');
    return;
  }
  value.forEach((document: unknown, i) => {
    const item = isPlainObject(document) ? document : {};
    checkRequiredText(issues, item.name, `${field}[${i}].name`);
    if (typeof item.sha256 !== 'string' || !OPERATION_SHA256_PATTERN.test(item.sha256)) {
      issues.add('INVALID_DOCUMENT_HASH', `${field}[${i}].sha256`, 'must be a SHA-256 digest in 64 hex digits');
    }
  });
}

export function checkPenalty(issues: OperationIssues, value: unknown, field: string): void {
  if (!isPlainObject(value)) {
    issues.add('INVALID_FIELD', field, 'must give amount and band');
    return;
  }
  if (!isAmount(value.amount)) issues.add('INVALID_FIELD', `${field}.amount`, 'must be an amount in yuan ≥ 0');
  checkEnum(issues, value.band, DISCRETION_LEVELS, `${field}.band`);
  if (value.major !== undefined && typeof value.major !== 'boolean') {
    issues.add('INVALID_FIELD', `${field}.major`, 'must be true or false');
  }
}
