import type { IncomingMessage, ServerResponse } from 'node:http';
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
    pinoHttp: {
      level: config.LOG_LEVEL,
      // pino-http takes req.id as the request id: Fastify chose it (X-Correlation-Id or a new UUID) and
      // middie copies it onto the raw request.
      customAttributeKeys: { reqId: 'correlationId' },
      serializers: {
        req: (req: SerializedRequest) => ({ method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers', 'req.body', 'req.query'], remove: true },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
        error || res.statusCode >= 500 ? 'error' : 'info',
      // Health probes every few seconds would drown the log.
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    },
  };
}
