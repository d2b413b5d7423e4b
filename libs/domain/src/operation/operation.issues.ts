import { operationErrors, OperationValidationCode, OperationValidationIssue } from './operation.errors';

/**
 * Collects the rules a command breaks so they are reported together. Only rules: the command's shape (ids, codes,
 * texts, timestamps, lists) is checked once, at the edge, by the request's DTO (docs/architecture.md, "One
 * validation boundary"); the decider takes typed commands.
 */
export class OperationIssues {
  private readonly list: OperationValidationIssue[] = [];

  add(code: OperationValidationCode, field: string, message: string): void {
    this.list.push({ code, field, message });
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw operationErrors.invalid(this.list);
  }
}
