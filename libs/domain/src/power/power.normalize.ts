import { normalizeLegalBasis } from '../shared/values';
import { compact } from '../shared/compact';
import {
  Approval,
  POWER_CHANGEABLE_FIELDS,
  PowerChangeableField,
  Classification,
  DiscretionBand,
  LegalBasis,
  PowerAttributes,
  PowerChanges,
  PowerChangesInput,
  PowerDisclosure,
  PowerFees,
  PowerInput,
  PowerProcess,
  PowerWarning,
  ProcessStep,
  TimeLimit,
} from './power.types';

/**
 * Normalisation of catalogue values: copy only known keys (so nothing unexpected reaches the log), apply the API's
 * defaults, and compare a change with what holds before it.
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
