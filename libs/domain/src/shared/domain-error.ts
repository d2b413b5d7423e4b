/**
 * How the edges (HTTP, CLI) must treat a rule violation. The HTTP layer maps them to
 * 400 validation, 404 not-found, 409 conflict, 403 forbidden and 422 rule violation.
 */
export type DomainErrorCategory = 'validation' | 'not-found' | 'conflict' | 'forbidden' | 'rule';

/**
 * A broken business rule. `code` is stable (clients program against it, e.g. `POWER_NOT_IN_FORCE`);
 * `details` carries machine-readable context, `fieldErrors` per-field messages for validation failures.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly category: DomainErrorCategory,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
