import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** Short and printable, so a caller's id can go into logs and event metadata as it is. */
const SANE_CORRELATION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The caller's X-Correlation-Id when it is sane, else a new UUID. Used as the HTTP server's request id. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_CORRELATION_ID.test(value) ? value : randomUUID();
}

/** The request's correlation id, for the metadata of the events a command appends. */
export const CorrelationId = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<{ id: string }>().id,
);
