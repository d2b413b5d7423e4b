import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeyService, Principal, PrincipalRole } from '@app/access';
import { RateLimiter } from '../http/rate-limiter';
import { AuthenticatedRequest, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { BearerCredentials, bearerCredentials } from './bearer-token';
import { RateLimits, tooManyRequests } from './rate-limits';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Global guard: authenticates the bearer API key on every request (one primary-key lookup, no cache, so a
 * revoked key fails on the very next request) and checks @Roles. Endpoints are protected unless @Public.
 * It also applies the rate limits (RateLimits): requests without a key by client address, and failed
 * authentications by client address — an address over that limit may not present keys at all until the window
 * ends, so that guessing stops — and, when configured, reads and writes by key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyService,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true;
    const roles = this.reflector.getAllAndOverride<PrincipalRole[] | undefined>(ROLES_KEY, targets);
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest & FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const limit = (limiter: RateLimiter, key: string, detail: string, count = true): void => {
      const retryAfter = count ? limiter.hit(key) : limiter.exceeded(key);
      if (retryAfter === undefined) return;
      void reply.header('Retry-After', String(retryAfter));
      throw tooManyRequests(`${detail}; retry in ${retryAfter} s`);
    };
    const failedAuthentication = (error: UnauthorizedException): UnauthorizedException => {
      limit(this.limits.failedAuthentications, request.ip, 'Too many failed authentications from this address');
      return error;
    };

    const credentials = bearerCredentials(request.headers.authorization);
    if (credentials.kind === 'none') {
      if (!isPublic)
        throw failedAuthentication(
          new UnauthorizedException('This endpoint needs an API key: Authorization: Bearer <key>'),
        );
      limit(this.limits.publicRequests, request.ip, 'Too many requests without an API key from this address');
      return true;
    }
    limit(this.limits.failedAuthentications, request.ip, 'Too many failed authentications from this address', false);
    const principal = await this.authenticate(credentials);
    if (principal === undefined)
      throw failedAuthentication(new UnauthorizedException('The API key is unknown, revoked or malformed'));
    request.principal = principal;
    if (READ_METHODS.has(request.method)) limit(this.limits.keyReads, principal.id, 'Too many reads with this API key');
    else limit(this.limits.keyWrites, principal.id, 'Too many writes with this API key');
    if (roles && !roles.includes(principal.role))
      throw new ForbiddenException(`Role ${principal.role} may not do this; allowed: ${roles.join(', ')}`);
    return true;
  }

  private async authenticate(credentials: BearerCredentials): Promise<Principal | undefined> {
    return credentials.kind === 'bearer' ? this.keys.authenticate(credentials.token) : undefined;
  }
}
