import { applyDecorators, createParamDecorator, ExecutionContext, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblems } from '../http/problem-details.response.dto';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyInterceptor, WriteRequest } from './idempotency.interceptor';
import { WriteScope } from './write-scope';

/** A write endpoint that honours Idempotency-Key; its handler takes the request's scope with @Scope(). */
export const Idempotent = () =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Any string of up to 255 printable characters. A retry with the same key and body returns the first ' +
        'response and writes nothing; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED.',
    }),
    ApiProblems(422),
  );

/** The WriteScope of an @Idempotent() endpoint: event ids and metadata for its command. */
export const Scope = createParamDecorator(
  (_data: unknown, context: ExecutionContext): WriteScope =>
    context.switchToHttp().getRequest<WriteRequest>().writeScope ?? WriteScope.unkeyed(),
);
