import { FieldIssues } from '../shared/field-issues';
import { operationErrors, OperationValidationCode } from './operation.errors';

/**
 * Collects the rules a command breaks so they are reported together. Only rules: the command's shape (ids, codes,
 * texts, timestamps, lists) is checked once, at the edge, by the request's DTO (docs/architecture.md, "One
 * validation boundary"); the decider takes typed commands.
 */
export class OperationIssues extends FieldIssues<OperationValidationCode> {
  constructor() {
    super(operationErrors.invalid);
  }
}
