import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Principal } from '@app/access';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { WriteRequest } from '../idempotency/idempotency.interceptor';
import { WriteScope } from '../idempotency/write-scope';
import { expectedVersionOf } from './if-match';

/** What every command of a write endpoint carries besides its body: who, under which correlation and scope. */
export interface WriteContext {
  actor: Principal;
  correlationId: string;
  scope: WriteScope;
  /** If-Match: the version the caller last saw. */
  expectedVersion?: number;
}

/**
 * The WriteContext of a request: the authenticated principal, the correlation id, the scope of an @Idempotent()
 * endpoint and, unless `{ ifMatch: false }` (an endpoint that creates, where a version means nothing), If-Match.
 */
export const Write = createParamDecorator(
  (options: { ifMatch?: boolean } | undefined, context: ExecutionContext): WriteContext => {
    const request = context
      .switchToHttp()
      .getRequest<
        AuthenticatedRequest & WriteRequest & { id: string; headers: Record<string, string | string[] | undefined> }
      >();
    if (!request.principal) throw new Error('A write endpoint needs an authenticated principal (@Roles)');
    return {
      actor: request.principal,
      correlationId: request.id,
      scope: request.writeScope ?? WriteScope.unkeyed(),
      expectedVersion: options?.ifMatch === false ? undefined : expectedVersionOf(request.headers['if-match']),
    };
  },
);
