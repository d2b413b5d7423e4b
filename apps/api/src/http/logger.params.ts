import type { FastifyInstance } from 'fastify';
import { PinoLogger, type Params } from 'nestjs-pino';
import { AppConfig } from '@app/config';

/**
 * JSON logs through pino. nestjs-pino provides the application's logger (Nest's own messages and every
 * `new Logger(...)`); its per-request middleware is not mounted (no routes), because it wraps every request in an
 * AsyncLocalStorage scope, whose promise hooks then run on every promise the request creates. The request log
 * is written by a Fastify hook instead (logRequests).
 */
export function loggerParams(config: AppConfig): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level: config.LOG_LEVEL,
      // Only the fields below, whatever is passed as req or res: a raw request would carry its headers.
      wrapSerializers: false,
      serializers: {
        req: ({ method, path }: RequestLogEntry['req']) => ({ method, path }),
        res: ({ statusCode }: RequestLogEntry['res']) => ({ statusCode }),
      },
    },
  };
}

interface RequestLogEntry {
  correlationId: string;
  req: { method: string; path: string };
  res: { statusCode: number };
  responseTime: number;
}

/**
 * One line per request with its correlation id (Fastify's request id), method, path and status. Headers and bodies
 * are never logged: the Authorization header is a credential and bodies carry personal data (counterparties,
 * complainants); the query string is dropped for the same reason. Health probes every few seconds would drown the
 * log, so they are left out.
 */
export function logRequests(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0];
    if (path !== '/health') {
      const entry: RequestLogEntry = {
        correlationId: request.id,
        req: { method: request.method, path },
        res: { statusCode: reply.statusCode },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (reply.statusCode >= 500) PinoLogger.root.error(entry, 'request errored');
      else PinoLogger.root.info(entry, 'request completed');
    }
    done();
  });
}
