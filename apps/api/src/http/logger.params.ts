import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { AppConfig } from '@app/config';

interface SerializedRequest {
  method: string;
  url: string;
}

/**
 * JSON logs through pino, one line per request with its correlation id. Headers and bodies are never logged:
 * the Authorization header is a credential and bodies carry personal data (counterparties, complainants);
 * the query string is dropped for the same reason.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    // nestjs-pino's default route pattern never matches with @nestjs/platform-fastify 12 (nothing was logged);
    // the plain wildcard does.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.LOG_LEVEL,
      // Fastify chose the id (X-Correlation-Id or a new UUID); middie copied it onto the raw request.
      customProps: (req: IncomingMessage & { id?: unknown }) => ({ correlationId: req.id }),
      serializers: {
        req: (req: SerializedRequest) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'req.body', 'req.query'], remove: true },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : 'info',
      // Health probes every few seconds would drown the log.
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url) === '/health',
      },
    },
  };
}
