import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { Principal, PrincipalRole } from '@app/access';
import { API_KEY_SECURITY } from '../http/openapi';
import { ApiProblems } from '../http/problem-details.response.dto';

export const PUBLIC_KEY = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/**
 * Open to everyone without a key (within RATE_LIMIT_PUBLIC_REQUESTS per address). A key that is sent must still be
 * valid: a wrong key is 401 everywhere.
 */
export const Public = () => applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiProblems(429));

/** Only these roles; any other valid key gets 403. Without @Roles every valid key may call. */
export const Roles = (...roles: PrincipalRole[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(API_KEY_SECURITY), ApiProblems(401, 403, 429));

/** The caller's principal `{ id, role, department? }`; undefined on a public endpoint called without a key. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

export interface AuthenticatedRequest {
  principal?: Principal;
}
