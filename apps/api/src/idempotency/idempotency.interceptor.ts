import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, Observable } from 'rxjs';
import { DomainError } from '@app/domain';
import { IdempotencyRecord, IdempotencyService, requestFingerprint } from './idempotency.service';
import { answerValue, parsedBody } from '../http/json-text';
import { idempotencyKeyReused, WriteScope } from './write-scope';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on a response that repeats the first response to the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Keys of anonymous writers (public complaint forms) share one namespace: such clients should send random UUIDs. */
const PUBLIC_PRINCIPAL = 'public';
const SANE_KEY = /^[\x21-\x7e]{1,255}$/;
/**
 * Response headers worth replaying: the rest (date, correlation id) belong to the retry itself. The ETag is not among
 * them: it is set from the answer's version as the body is serialised (http/entity-tag.ts), replays included.
 */
const REPLAYED_HEADERS = ['location'];

/** The request's Idempotency-Key, undefined without one; 400 INVALID_IDEMPOTENCY_KEY when malformed. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (Array.isArray(header) || !SANE_KEY.test(key)) {
    throw new DomainError(
      'INVALID_IDEMPOTENCY_KEY',
      'validation',
      'The Idempotency-Key header is malformed',
      {},
      {
        [IDEMPOTENCY_KEY_HEADER]: ['must be one value of 1 to 255 printable ASCII characters without spaces'],
      },
    );
  }
  return key;
}

/** The auth guard has put the caller's principal on the request; the interceptor adds the scope. */
export type WriteRequest = FastifyRequest & { principal?: { id: string }; writeScope?: WriteScope };

/**
 * Idempotency-Key for write endpoints (the HTTP conventions, docs/architecture.md). The first response to a (principal, key) is recorded
 * and replayed to every retry with the same method, path and body; another request under the same key is 422
 * IDEMPOTENCY_KEY_REUSED. Failed requests are not recorded: they wrote nothing, so a retry simply runs again.
 * The handler receives a WriteScope whose event ids derive from the key, which makes retries that race each other
 * (before any response is recorded) safe as well.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<WriteRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = idempotencyKeyOf(request);
    if (key === undefined) {
      request.writeScope = WriteScope.unkeyed();
      return next.handle();
    }
    const principalId = request.principal?.id ?? PUBLIC_PRINCIPAL;
    const fingerprint = requestFingerprint(request.method, request.url, parsedBody(request.body));
    const earlier = await this.idempotency.find(principalId, key);
    if (earlier) return from([this.replay(reply, earlier, key, fingerprint, true)]);

    request.writeScope = WriteScope.keyed(principalId, key, fingerprint);
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        const first = await this.idempotency.record(principalId, key, fingerprint, {
          status: reply.statusCode,
          headers,
          body: answerValue(body),
        });
        // A concurrent duplicate may have recorded first: everyone answers with the first response.
        return this.replay(reply, first, key, fingerprint, false);
      }),
    );
  }

  private replay(
    reply: FastifyReply,
    record: IdempotencyRecord,
    key: string,
    fingerprint: string,
    replayed: boolean,
  ): unknown {
    if (record.fingerprint !== fingerprint) throw idempotencyKeyReused(key);
    void reply.status(record.status).headers(record.headers);
    if (replayed) void reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return record.body;
  }
}
