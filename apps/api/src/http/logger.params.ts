import type { FastifyInstance } from 'fastify';
import { PinoLogger, type Params } from 'nestjs-pino';
import type { LogFn, Logger } from 'pino';
import { AppConfig, LogFormat } from '@app/config';

/**
 * Nest's start-up chatter (a line per module, controller and route: some sixty) is for debugging; at info it would
 * push the banner with the addresses and the first admin key off the screen.
 */
const START_UP_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);
const INFO = 30;

/** Readable lines when a person watches the terminal, JSON lines for everything that parses them. */
export function prettyLogs(format: LogFormat, isTerminal: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && isTerminal);
}

/** pino's logMethod hook: Nest's start-up lines at info go out at debug instead. */
export function demoteStartUpChatter(this: Logger, args: Parameters<LogFn>, method: LogFn, level: number): void {
  const [first] = args;
  const context = typeof first === 'object' && first !== null ? (first as { context?: unknown }).context : undefined;
  if (level === INFO && typeof context === 'string' && START_UP_CONTEXTS.has(context)) {
    if (this.isLevelEnabled('debug')) this.debug(...(args as [object, string]));
    return;
  }
  method.apply(this, args);
}

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
      hooks: { logMethod: demoteStartUpChatter },
      ...(prettyLogs(config.LOG_FORMAT, process.stdout.isTTY === true)
        ? {
            transport: {
              target: 'pino-pretty',
              options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true },
            },
          }
        : {}),
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
