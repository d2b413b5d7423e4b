import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError, ValidatorOptions } from 'class-validator';
import { DomainError } from '@app/domain';
import { checkRequestInput } from './request-input';
import { cacheTargetValidationMetadata } from './validation-metadata-cache';

/**
 * How a request body is checked against its class, by the API's validation pipe and by the CLI's catalogue import
 * alike: a field the class does not declare is refused, not dropped (a misspelt field must not pass unnoticed).
 */
export const REQUEST_VALIDATOR_OPTIONS = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
}) satisfies ValidatorOptions;

/** class-validator's errors as field → messages, nested fields as dotted paths (`legalBasis.0.title`). */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    if (error.constraints) (result[path || 'body'] ??= []).push(...messagesOf(error, error.constraints));
    if (error.children?.length) Object.assign(result, fieldErrorsOf(error.children, path));
  }
  return result;
}

/**
 * A required field that is missing is named as such once, rather than by each rule its absent value fails
 * (`legalDays` missing would otherwise read "must not be greater than 1000", "must not be less than 1", "must be an
 * integer number"). A null keeps its rules' messages: in a change, null asks to clear a field, and a field that cannot
 * be cleared says what it must be.
 */
function messagesOf(error: ValidationError, constraints: Record<string, string>): string[] {
  if (error.value === undefined && error.property !== '' && !('whitelistValidation' in constraints)) {
    return [`${error.property} is required`];
  }
  return Object.values(constraints);
}

function joinPath(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent;
  return parent === '' ? property : `${parent}.${property}`;
}

/** A body that passed: an instance of its class. Or every field at fault, as an HTTP answer names them. */
export type RequestCheck<T> = { value: T } | { fieldErrors: Record<string, string[]> };

/**
 * A body that reaches the domain without HTTP (a row of an imported sheet) checked exactly as a request body is:
 * first the input limits every request obeys (checkRequestInput: well-formed text, no control characters), then the
 * request class's rules. The messages and field paths are the API's.
 */
export function validateRequest<T extends object>(type: new () => T, body: unknown): RequestCheck<T> {
  cacheTargetValidationMetadata();
  try {
    checkRequestInput(body, 'body');
  } catch (error) {
    if (error instanceof DomainError) return { fieldErrors: error.fieldErrors };
    throw error;
  }
  const value = plainToInstance(type, body);
  const errors = validateSync(value, REQUEST_VALIDATOR_OPTIONS);
  return errors.length > 0 ? { fieldErrors: fieldErrorsOf(errors) } : { value };
}
