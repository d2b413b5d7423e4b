import { ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { RequestValidationPipe } from './request-validation';

/** For specs of request DTOs: a body run through the validation pipe exactly as a request's would be. */

const pipe = new RequestValidationPipe();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

/** The body as the pipe hands it to a handler: an instance of the DTO, or the pipe's DomainError thrown. */
export function validatedBody(value: unknown, metatype: ArgumentMetadata['metatype']): Promise<unknown> {
  return pipe.transform(value, body(metatype));
}

/** The fields the pipe rejects in the body, sorted; fails unless the body is rejected as VALIDATION_FAILED. */
export async function fieldsRejected(value: unknown, metatype: ArgumentMetadata['metatype']): Promise<string[]> {
  const error: unknown = await validatedBody(value, metatype).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  if (error.code !== 'VALIDATION_FAILED') throw new Error(`expected VALIDATION_FAILED, got ${error.code}`);
  return Object.keys(error.fieldErrors).sort();
}
