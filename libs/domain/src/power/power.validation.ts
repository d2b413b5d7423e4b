import { FieldIssues } from '../shared/field-issues';
import { isNonEmptyString, isValidDate, normalizeLegalBasis } from '../shared/values';
import { powerErrors, PowerValidationCode } from './power.errors';
import {
  Approval,
  POWER_CHANGEABLE_FIELDS,
  PowerChangeableField,
  Classification,
  POWER_CLEARABLE_FIELDS,
  DEPARTMENT_CODE_PATTERN,
  DISCRETION_LEVELS,
  DiscretionBand,
  LegalBasis,
  POWER_CATEGORIES,
  POWER_CODE_PATTERN,
  PowerAttributes,
  PowerChanges,
  PowerChangesInput,
  PowerDisclosure,
  PowerFees,
  PowerInput,
  PowerProcess,
  PowerWarning,
  ProcessStep,
  TIME_LIMIT_UNITS,
  TimeLimit,
} from './power.types';
import { compact } from '../shared/compact';

/**
 * Field checks and normalisation of catalogue values. Commands arrive typed, but from JSON: every check here looks
 * at the runtime value, so a gap in an edge's DTO validation still cannot put a malformed fact into the log.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Collects the failed checks of one command so they are reported together. */
export class Issues extends FieldIssues<PowerValidationCode> {
  constructor() {
    super(powerErrors.invalid);
  }
}

export function checkDate(issues: Issues, value: unknown, field: string): void {
  if (!isValidDate(value)) issues.add('INVALID_DATE', field, 'must be a valid date YYYY-MM-DD');
}

export function checkRequiredText(issues: Issues, value: unknown, field: string): void {
  if (!isNonEmptyString(value)) issues.add('FIELD_REQUIRED', field, 'must be a non-empty string');
}

export function checkReason(issues: Issues, value: unknown): void {
  if (!isNonEmptyString(value)) issues.add('REASON_REQUIRED', 'reason', 'must be a non-empty string');
}

export function checkDepartmentCode(issues: Issues, value: unknown, field: string): void {
  if (typeof value !== 'string' || !DEPARTMENT_CODE_PATTERN.test(value)) {
    issues.add('INVALID_DEPARTMENT_CODE', field, `must match ${DEPARTMENT_CODE_PATTERN.source}`);
  }
}

export function checkPowerCode(issues: Issues, value: unknown): void {
  if (typeof value !== 'string' || !POWER_CODE_PATTERN.test(value)) {
    issues.add('INVALID_POWER_CODE', 'code', `must match ${POWER_CODE_PATTERN.source}`);
  }
}

function checkEnum(issues: Issues, value: unknown, allowed: readonly string[], field: string): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    issues.add('INVALID_ENUM_VALUE', field, `must be one of ${allowed.join(', ')}`);
  }
}

function checkOptionalText(issues: Issues, value: unknown, field: string): void {
  if (value !== undefined && !isNonEmptyString(value)) issues.add('INVALID_FIELD', field, 'must be a non-empty string');
}

function checkTextList(issues: Issues, value: unknown, field: string): void {
  if (!Array.isArray(value)) {
    issues.add('INVALID_FIELD', field, 'must be a list of strings');
    return;
  }
  value.forEach((item, i) => {
    if (!isNonEmptyString(item)) issues.add('INVALID_FIELD', `${field}[${i}]`, 'must be a non-empty string');
  });
}

export function checkLegalBasis(issues: Issues, value: unknown, field: string): void {
  if (!Array.isArray(value) || value.length === 0) {
    issues.add('LEGAL_BASIS_REQUIRED', field, 'must list at least one legal basis');
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

export function checkApproval(issues: Issues, value: unknown): void {
  const approval = isPlainObject(value) ? value : undefined;
  if (!approval) {
    issues.add('APPROVAL_REQUIRED', 'approval', 'must give authority, documentNo and date');
    return;
  }
  if (!isNonEmptyString(approval.authority)) issues.add('APPROVAL_REQUIRED', 'approval.authority', 'must not be empty');
  if (!isNonEmptyString(approval.documentNo)) {
    issues.add('APPROVAL_REQUIRED', 'approval.documentNo', 'must not be empty');
  }
  if (!isValidDate(approval.date)) {
    issues.add('APPROVAL_REQUIRED', 'approval.date', 'must be a valid date YYYY-MM-DD');
  }
}

function checkTimeLimitParts(issues: Issues, value: Record<string, unknown>, field: string, partial: boolean): void {
  for (const part of ['legalDays', 'committedDays'] as const) {
    if (partial && value[part] === undefined) continue;
    if (!isPositiveInteger(value[part])) {
      issues.add('INVALID_TIME_LIMIT', `${field}.${part}`, 'must be a positive integer');
    }
  }
  if (value.unit !== undefined) checkEnum(issues, value.unit, TIME_LIMIT_UNITS, `${field}.unit`);
}

function checkTimeLimit(issues: Issues, value: unknown, field: string, partial = false): void {
  if (!isPlainObject(value)) {
    issues.add('INVALID_TIME_LIMIT', field, 'must give legalDays and committedDays');
    return;
  }
  checkTimeLimitParts(issues, value, field, partial);
  if (partial && value.legalDays === undefined && value.committedDays === undefined && value.unit === undefined) {
    issues.add('INVALID_TIME_LIMIT', field, 'must give legalDays, committedDays or unit');
  }
}

function checkFees(issues: Issues, value: unknown, field: string): void {
  if (!isPlainObject(value) || typeof value.charged !== 'boolean') {
    issues.add('INVALID_FIELD', field, 'must say whether fees are charged');
    return;
  }
  checkOptionalText(issues, value.standard, `${field}.standard`);
  checkOptionalText(issues, value.basis, `${field}.basis`);
}

function checkDisclosure(issues: Issues, value: unknown, field: string): void {
  if (!isPlainObject(value)) {
    issues.add('INVALID_FIELD', field, 'must be an object');
    return;
  }
  for (const part of ['form', 'scope', 'timing'] as const) checkOptionalText(issues, value[part], `${field}.${part}`);
}

function checkProcess(issues: Issues, value: unknown, field: string): void {
  if (!isPlainObject(value)) {
    issues.add('INVALID_FIELD', field, 'must be an object');
    return;
  }
  for (const list of ['conditions', 'interfaces', 'checkpoints', 'counterpartyRights', 'complaintChannels'] as const) {
    if (value[list] !== undefined) checkTextList(issues, value[list], `${field}.${list}`);
  }
  if (value.steps === undefined) return;
  if (!Array.isArray(value.steps)) {
    issues.add('INVALID_FIELD', `${field}.steps`, 'must be a list');
    return;
  }
  value.steps.forEach((step: unknown, i) => {
    const item = isPlainObject(step) ? step : {};
    checkRequiredText(issues, item.name, `${field}.steps[${i}].name`);
    checkRequiredText(issues, item.post, `${field}.steps[${i}].post`);
    if (item.days !== undefined && !isPositiveInteger(item.days)) {
      issues.add('INVALID_FIELD', `${field}.steps[${i}].days`, 'must be a positive integer');
    }
  });
}

function checkDiscretion(issues: Issues, value: unknown, field: string): void {
  if (!Array.isArray(value)) {
    issues.add('DISCRETION_BAND_INVALID', field, 'must be a list of bands');
    return;
  }
  const seen = new Set<unknown>();
  value.forEach((band: unknown, i) => {
    const item = isPlainObject(band) ? band : {};
    const at = `${field}[${i}]`;
    if (typeof item.level !== 'string' || !(DISCRETION_LEVELS as readonly string[]).includes(item.level)) {
      issues.add('DISCRETION_BAND_INVALID', `${at}.level`, `must be one of ${DISCRETION_LEVELS.join(', ')}`);
    } else if (seen.has(item.level)) {
      issues.add('DISCRETION_BAND_INVALID', `${at}.level`, 'must not repeat another band');
    }
    seen.add(item.level);
    if (!isNonEmptyString(item.conditions)) {
      issues.add('DISCRETION_BAND_INVALID', `${at}.conditions`, 'must not be empty');
    }
    if (!isAmount(item.min)) issues.add('DISCRETION_BAND_INVALID', `${at}.min`, 'must be an amount ≥ 0');
    if (!isAmount(item.max)) issues.add('DISCRETION_BAND_INVALID', `${at}.max`, 'must be an amount ≥ 0');
    if (isAmount(item.min) && isAmount(item.max) && item.min > item.max) {
      issues.add('DISCRETION_BAND_INVALID', `${at}.max`, 'must not be less than min');
    }
  });
}

function checkClassification(issues: Issues, value: unknown, field: string): void {
  if (!isPlainObject(value) || typeof value.classified !== 'boolean') {
    issues.add('INVALID_FIELD', field, 'must say whether the power is classified');
    return;
  }
  if (value.classified && !isNonEmptyString(value.reason)) {
    issues.add('CLASSIFICATION_REASON_REQUIRED', `${field}.reason`, 'is required when classified');
  } else if (value.reason !== undefined && typeof value.reason !== 'string') {
    issues.add('INVALID_FIELD', `${field}.reason`, 'must be a string');
  }
}

const FIELD_CHECKS: Record<PowerChangeableField, (issues: Issues, value: unknown, field: string) => void> = {
  name: checkRequiredText,
  category: (issues, value, field) => checkEnum(issues, value, POWER_CATEGORIES, field),
  responsibleUnit: checkOptionalText,
  responsiblePerson: checkOptionalText,
  supervisionLevel: checkOptionalText,
  legalBasis: checkLegalBasis,
  timeLimit: (issues, value, field) => checkTimeLimit(issues, value, field),
  fees: checkFees,
  disclosure: checkDisclosure,
  process: checkProcess,
  discretion: checkDiscretion,
  licensingConditions: checkTextList,
  important: (issues, value, field) => {
    if (typeof value !== 'boolean') issues.add('INVALID_FIELD', field, 'must be true or false');
  },
  classification: checkClassification,
};

const REQUIRED_ON_GRANT: readonly PowerChangeableField[] = ['name', 'category', 'legalBasis', 'timeLimit'];

export function checkPowerInput(issues: Issues, input: PowerInput): void {
  const fields = input as unknown as Record<string, unknown>;
  checkPowerCode(issues, input.code);
  checkDepartmentCode(issues, input.department, 'department');
  for (const field of POWER_CHANGEABLE_FIELDS) {
    if (fields[field] !== undefined || REQUIRED_ON_GRANT.includes(field))
      FIELD_CHECKS[field](issues, fields[field], field);
  }
}

export function checkChanges(issues: Issues, changes: unknown): void {
  if (!isPlainObject(changes)) {
    issues.add('INVALID_FIELD', 'changes', 'must be an object of the fields to change');
    return;
  }
  for (const [key, value] of Object.entries(changes)) {
    const field = `changes.${key}`;
    if (key === 'code' || key === 'department') {
      issues.add('FIELD_NOT_CHANGEABLE', field, key === 'code' ? 'is permanent' : 'moves only by transfer');
    } else if (!(POWER_CHANGEABLE_FIELDS as readonly string[]).includes(key)) {
      issues.add('INVALID_FIELD', field, 'is not a catalogue field');
    } else if (value === null) {
      if (!(POWER_CLEARABLE_FIELDS as readonly string[]).includes(key))
        issues.add('FIELD_REQUIRED', field, 'cannot be cleared');
    } else if (key === 'timeLimit') {
      checkTimeLimit(issues, value, field, true);
    } else if (value !== undefined) {
      FIELD_CHECKS[key as PowerChangeableField](issues, value, field);
    }
  }
}

/* Normalisation: copy only known keys (so nothing unexpected reaches the log) and apply the API's defaults. */

function nonEmptyList<T>(list: readonly T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}

export function normalizeApproval(approval: Approval): Approval {
  return { authority: approval.authority, documentNo: approval.documentNo, date: approval.date };
}

function normalizeTimeLimit(timeLimit: TimeLimit): Required<TimeLimit> {
  return { legalDays: timeLimit.legalDays, committedDays: timeLimit.committedDays, unit: timeLimit.unit ?? 'working' };
}

function normalizeFees(fees: PowerFees): PowerFees {
  return compact({ charged: fees.charged, standard: fees.standard, basis: fees.basis });
}

function normalizeDisclosure(disclosure: PowerDisclosure): PowerDisclosure {
  return compact({ form: disclosure.form, scope: disclosure.scope, timing: disclosure.timing });
}

function normalizeProcess(process: PowerProcess): PowerProcess {
  const step = (s: ProcessStep): ProcessStep => compact({ name: s.name, post: s.post, days: s.days });
  return compact({
    conditions: nonEmptyList(process.conditions),
    steps: nonEmptyList(process.steps?.map(step)),
    interfaces: nonEmptyList(process.interfaces),
    checkpoints: nonEmptyList(process.checkpoints),
    counterpartyRights: nonEmptyList(process.counterpartyRights),
    complaintChannels: nonEmptyList(process.complaintChannels),
  });
}

function normalizeDiscretion(bands: readonly DiscretionBand[]): DiscretionBand[] {
  return bands.map((b) => ({ level: b.level, conditions: b.conditions, min: b.min, max: b.max }));
}

function normalizeClassification(classification: Classification | undefined): Classification {
  if (!classification) return { classified: false };
  return compact({ classified: classification.classified, reason: classification.reason });
}

export function normalizeAttributes(input: PowerInput): PowerAttributes {
  return compact({
    code: input.code,
    name: input.name,
    category: input.category,
    department: input.department,
    responsibleUnit: input.responsibleUnit,
    responsiblePerson: input.responsiblePerson,
    supervisionLevel: input.supervisionLevel,
    legalBasis: normalizeLegalBasis(input.legalBasis),
    timeLimit: normalizeTimeLimit(input.timeLimit),
    fees: input.fees && normalizeFees(input.fees),
    disclosure: input.disclosure && normalizeDisclosure(input.disclosure),
    process: input.process && normalizeProcess(input.process),
    discretion: nonEmptyList(input.discretion && normalizeDiscretion(input.discretion)),
    licensingConditions: nonEmptyList(input.licensingConditions),
    important: input.important ?? false,
    classification: normalizeClassification(input.classification),
  });
}

/** Stable JSON (sorted keys) so that equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Turns a change request into the change recorded: values normalised like a grant's, an empty list read as
 * clearing the field, `timeLimit` merged with the limits in force on the change's effective date, and every field
 * that would keep its value dropped.
 */
export function normalizeChanges(input: PowerChangesInput, before: PowerAttributes): PowerChanges {
  const normalized: Record<string, unknown> = {};
  const set = (field: PowerChangeableField, value: unknown) => {
    if (canonical(value) !== canonical(before[field])) normalized[field] = value ?? null;
  };
  for (const field of POWER_CHANGEABLE_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    if (value === null) {
      set(field, null);
      continue;
    }
    switch (field) {
      case 'timeLimit':
        set(field, normalizeTimeLimit({ ...before.timeLimit, ...compact(input.timeLimit ?? {}) }));
        break;
      case 'legalBasis':
        set(field, normalizeLegalBasis(value as LegalBasis[]));
        break;
      case 'fees':
        set(field, normalizeFees(value as PowerFees));
        break;
      case 'disclosure':
        set(field, normalizeDisclosure(value as PowerDisclosure));
        break;
      case 'process':
        set(field, normalizeProcess(value as PowerProcess));
        break;
      case 'discretion':
        set(field, nonEmptyList(normalizeDiscretion(value as DiscretionBand[])));
        break;
      case 'licensingConditions':
        set(field, nonEmptyList(value as string[]));
        break;
      case 'classification':
        set(field, normalizeClassification(value as Classification));
        break;
      default:
        set(field, value);
    }
  }
  return normalized;
}

/** The seed asks the committed limit to be at least one third shorter than the legal one: a warning, not a rejection. */
export function timeLimitWarnings(timeLimit: TimeLimit): PowerWarning[] {
  return 3 * timeLimit.committedDays > 2 * timeLimit.legalDays ? ['COMMITTED_NOT_ONE_THIRD_SHORTER'] : [];
}
