import { FieldIssues } from '../shared/field-issues';
import { isNonEmptyString } from '../shared/values';
import { powerErrors, PowerValidationCode } from './power.errors';
import { DiscretionBand, PowerChangesInput, PowerInput } from './power.types';

/**
 * Collects the rules a command breaks so they are reported together. Only rules that relate several fields of one
 * value: the command's shape (codes, texts, dates, enumerations, numbers, lists) is checked once, at the edge, by
 * the request's class (libs/contracts; docs/architecture.md, "One validation boundary"), for the API and the CLI's
 * catalogue import alike. The rules that relate the attributes of a power as a whole (committed ≤ legal, discretion
 * only for penalties) are the decider's, on every state the power would be in.
 */
export class Issues extends FieldIssues<PowerValidationCode> {
  constructor() {
    super(powerErrors.invalid);
  }
}

/** A classified power says why (涉密不宜公开 needs its reason). */
function checkClassification(issues: Issues, classification: PowerInput['classification'], field: string): void {
  if (classification?.classified && !isNonEmptyString(classification.reason)) {
    issues.add('CLASSIFICATION_REASON_REQUIRED', `${field}.reason`, 'is required when classified');
  }
}

/** Discretion bands (自由裁量基准): one per level, each from a minimum to a maximum not below it. */
function checkDiscretion(issues: Issues, bands: readonly DiscretionBand[] | null | undefined, field: string): void {
  const seen = new Set<string>();
  bands?.forEach((band, i) => {
    if (seen.has(band.level))
      issues.add('DISCRETION_BAND_INVALID', `${field}[${i}].level`, 'must not repeat another band');
    seen.add(band.level);
    if (band.min > band.max) issues.add('DISCRETION_BAND_INVALID', `${field}[${i}].max`, 'must not be less than min');
  });
}

export function checkGrantRules(issues: Issues, input: PowerInput): void {
  checkClassification(issues, input.classification, 'classification');
  checkDiscretion(issues, input.discretion, 'discretion');
}

/** A change of the time limit gives at least one of its parts; the parts not given keep their value. */
export function checkChangeRules(issues: Issues, changes: PowerChangesInput): void {
  const { timeLimit } = changes;
  if (timeLimit && timeLimit.legalDays === undefined && timeLimit.committedDays === undefined && !timeLimit.unit) {
    issues.add('INVALID_TIME_LIMIT', 'changes.timeLimit', 'must give legalDays, committedDays or unit');
  }
  checkClassification(issues, changes.classification ?? undefined, 'changes.classification');
  checkDiscretion(issues, changes.discretion, 'changes.discretion');
}
