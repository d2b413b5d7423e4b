import { DomainError } from './domain-error';

/** One failed check of a command's field. */
export interface FieldIssue<C extends string> {
  code: C;
  field: string;
  message: string;
}

/**
 * All issues of one command in one error: the code is the first issue's, `fieldErrors` holds every message so the
 * client can fix the whole request at once. `error` is the context's own error factory (its catalogue of codes).
 */
export function invalidFields<C extends string>(
  issues: readonly FieldIssue<C>[],
  error: (
    code: C,
    message: string,
    details: Record<string, unknown>,
    fieldErrors: Record<string, string[]>,
  ) => DomainError,
): DomainError {
  const [first] = issues;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) (fieldErrors[issue.field] ??= []).push(issue.message);
  return error(
    first.code,
    `${first.field} ${first.message}`,
    { codes: [...new Set(issues.map((i) => i.code))] },
    fieldErrors,
  );
}

/** Collects the failed checks of one command so they are reported together, by the context's `invalid` error. */
export class FieldIssues<C extends string> {
  private readonly list: FieldIssue<C>[] = [];

  constructor(private readonly invalid: (issues: readonly FieldIssue<C>[]) => DomainError) {}

  add(code: C, field: string, message: string): void {
    this.list.push({ code, field, message });
  }

  check(ok: boolean, code: C, field: string, message: string): void {
    if (!ok) this.add(code, field, message);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw this.invalid(this.list);
  }
}
