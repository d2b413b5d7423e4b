import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';
import { entityTag } from './if-match';

const TAGGED = 'entity-tag';

/** The answer of this route is a resource or a write at a stream version: its ETag is that version. */
export const Tagged = (): MethodDecorator => SetMetadata(TAGGED, true);

/**
 * Sets `ETag: "<version>"` on the answers of routes marked @Tagged(), from the answer's `version`: one place for
 * every controller. Global, so it sits outside the idempotency interceptor and tags a replayed answer as it tagged
 * the first.
 */
@Injectable()
export class EntityTagInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.reflector.get<boolean | undefined>(TAGGED, context.getHandler()) !== true) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') void reply.header('ETag', entityTag(version));
        return body;
      }),
    );
  }
}
