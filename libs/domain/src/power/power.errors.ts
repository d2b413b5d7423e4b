import { DomainError, DomainErrorCategory } from '../shared/domain-error';
import { FieldIssue, invalidFields } from '../shared/field-issues';

/** Stable error codes of the power stream; clients program against them. */
export const POWER_ERROR_CATEGORIES = {
  POWER_EXISTS: 'conflict',
  POWER_NOT_FOUND: 'not-found',
  POWER_CANCELLED: 'rule',
  FORBIDDEN_ROLE: 'forbidden',
  FORBIDDEN_DEPARTMENT: 'forbidden',
  INVALID_DATE: 'validation',
  INVALID_TIMESTAMP: 'validation',
  INVALID_TIME_LIMIT: 'validation',
  CLASSIFICATION_REASON_REQUIRED: 'validation',
  DISCRETION_BAND_INVALID: 'validation',
  COMMITTED_EXCEEDS_LEGAL: 'rule',
  DISCRETION_ONLY_FOR_PENALTIES: 'rule',
  LICENSING_CONDITIONS_ONLY_FOR_LICENSING: 'rule',
  NOTHING_CHANGED: 'rule',
  TRANSFER_TO_SAME_DEPARTMENT: 'rule',
  EFFECTIVE_BEFORE_GRANT: 'rule',
  PUBLICATION_IN_FUTURE: 'rule',
  POWER_PROPOSAL_NOT_FOUND: 'not-found',
  POWER_PROPOSAL_DECIDED: 'conflict',
  CLASSIFICATION_APPROVAL_REQUIRED: 'rule',
} as const satisfies Record<string, DomainErrorCategory>;

export type PowerErrorCode = keyof typeof POWER_ERROR_CATEGORIES;
export type PowerValidationCode = {
  [C in PowerErrorCode]: (typeof POWER_ERROR_CATEGORIES)[C] extends 'validation' ? C : never;
}[PowerErrorCode];

export const POWER_ERROR_CODES = Object.keys(POWER_ERROR_CATEGORIES) as PowerErrorCode[];

function powerError(
  code: PowerErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  fieldErrors: Record<string, string[]> = {},
): DomainError {
  return new DomainError(code, POWER_ERROR_CATEGORIES[code], message, details, fieldErrors);
}

/** One failed field check; a command's issues are reported together. */
export type PowerValidationIssue = FieldIssue<PowerValidationCode>;

export const powerErrors = {
  exists: (code: string) => powerError('POWER_EXISTS', `Power ${code} already exists`, { code }),
  notFound: (code: string) => powerError('POWER_NOT_FOUND', `Power ${code} was never granted`, { code }),
  cancelled: (code: string, cancelledFrom: string) =>
    powerError('POWER_CANCELLED', `Power ${code} is cancelled`, { code, cancelledFrom }),
  forbiddenRole: (role: string) =>
    powerError('FORBIDDEN_ROLE', `Role ${role} may not register power catalogue facts`, { role }),
  forbiddenDepartment: (actorDepartment: string | undefined, owner: string) =>
    powerError('FORBIDDEN_DEPARTMENT', `Department ${actorDepartment ?? '(none)'} may not act for ${owner}`, {
      actorDepartment: actorDepartment ?? null,
      owner,
    }),
  /**
   * All issues of one command in one error: the code is the first issue's, `fieldErrors` holds every message so
   * the client can fix the whole request at once.
   */
  invalid: (issues: readonly PowerValidationIssue[]) => invalidFields(issues, powerError),
  committedExceedsLegal: (field: string, legalDays: number, committedDays: number) =>
    powerError(
      'COMMITTED_EXCEEDS_LEGAL',
      `Committed time limit (${committedDays}) exceeds the legal one (${legalDays})`,
      { legalDays, committedDays },
      { [`${field}.committedDays`]: ['must not exceed legalDays'] },
    ),
  discretionOnlyForPenalties: (field: string, category: string) =>
    powerError(
      'DISCRETION_ONLY_FOR_PENALTIES',
      `Discretion bands belong to penalties only, not to ${category}`,
      { category },
      { [field]: ['allowed only when category is penalty'] },
    ),
  licensingConditionsOnlyForLicensing: (field: string, category: string) =>
    powerError(
      'LICENSING_CONDITIONS_ONLY_FOR_LICENSING',
      `Licensing conditions belong to licensing powers only, not to ${category}`,
      { category },
      { [field]: ['allowed only when category is licensing'] },
    ),
  nothingChanged: (code: string) => powerError('NOTHING_CHANGED', `The change leaves power ${code} as it is`, { code }),
  transferToSameDepartment: (department: string, effectiveFrom: string) =>
    powerError(
      'TRANSFER_TO_SAME_DEPARTMENT',
      `${department} already holds the power on ${effectiveFrom}`,
      { department, effectiveFrom },
      { toDepartment: ['must differ from the department holding the power on effectiveFrom'] },
    ),
  effectiveBeforeGrant: (effectiveFrom: string, grantedFrom: string) =>
    powerError(
      'EFFECTIVE_BEFORE_GRANT',
      `Nothing can take effect on ${effectiveFrom}, before the grant takes effect on ${grantedFrom}`,
      { effectiveFrom, grantedFrom },
      { effectiveFrom: [`must not be before ${grantedFrom}`] },
    ),
  proposalNotFound: (code: string, proposalId: number | string) =>
    powerError('POWER_PROPOSAL_NOT_FOUND', `Power ${code} has no proposal ${proposalId}`, { code, proposalId }),
  proposalDecided: (code: string, proposalId: number, status: string) =>
    powerError('POWER_PROPOSAL_DECIDED', `Proposal ${proposalId} of power ${code} is ${status} already`, {
      code,
      proposalId,
      status,
    }),
  classificationApprovalRequired: (code: string, proposalId: number) =>
    powerError(
      'CLASSIFICATION_APPROVAL_REQUIRED',
      `Proposal ${proposalId} of power ${code} classifies it: the reviewer must approve the classification and its reason`,
      { code, proposalId },
      { classificationApproved: ['must be true to approve a classified power (涉密不宜公开) and its reason'] },
    ),
  publicationInFuture: (publishedOn: string, today: string) =>
    powerError(
      'PUBLICATION_IN_FUTURE',
      `A publication on ${publishedOn} cannot be recorded on ${today}`,
      { publishedOn, today },
      { publishedOn: ['must not be after today'] },
    ),
};
