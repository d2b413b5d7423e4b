import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyService, Principal, PrincipalRole } from '@app/projections';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { bearerCredentials } from './bearer-token';

/**
 * Global guard: authenticates the bearer API key on every request (one primary-key lookup, no cache, so a
 * revoked key fails on the very next request) and checks @Roles. Endpoints are protected unless @Public.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true;
    const roles = this.reflector.getAllAndOverride<PrincipalRole[] | undefined>(ROLES_KEY, targets);
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();

    const principal = await this.authenticate(request.headers.authorization);
    if (principal === undefined) {
      if (isPublic) return true;
      throw new UnauthorizedException('This endpoint needs an API key: Authorization: Bearer <key>');
    }
    request.principal = principal;
    if (roles && !roles.includes(principal.role))
      throw new ForbiddenException(`Role ${principal.role} may not do this; allowed: ${roles.join(', ')}`);
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Principal | undefined> {
    const credentials = bearerCredentials(header);
    if (credentials.kind === 'none') return undefined;
    const principal = credentials.kind === 'bearer' ? await this.keys.authenticate(credentials.token) : undefined;
    if (!principal) throw new UnauthorizedException('The API key is unknown, revoked or malformed');
    return principal;
  }
}
