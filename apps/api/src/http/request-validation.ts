import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { cacheTargetValidationMetadata } from './validation-metadata-cache';

/** class-validator's errors as field → messages, nested fields as dotted paths (`legalBasis.0.title`). */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const error of errors) {
    const path = joinPath(parent, error.property);
    if (error.constraints) (result[path || 'body'] ??= []).push(...Object.values(error.constraints));
    if (error.children?.length) Object.assign(result, fieldErrorsOf(error.children, path));
  }
  return result;
}

function joinPath(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent;
  return parent === '' ? property : `${parent}.${property}`;
}

/** The one global pipe (docs/architecture.md): unknown fields are rejected, failures become VALIDATION_FAILED. */
export function createValidationPipe(): ValidationPipe {
  cacheTargetValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'validation', 'The request is invalid', {}, fieldErrorsOf(errors)),
  });
}
