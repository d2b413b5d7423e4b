import { randomUUID } from 'node:crypto';
import { IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import helmet from '@fastify/helmet';
import { DynamicModule } from '@nestjs/common';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { serveConsole } from './console/serve-console';
import { CORRELATION_ID_HEADER, correlationIdFrom } from './http/correlation-id';
import { logRequests } from './http/logger.params';
import { setupOpenApi } from './http/openapi';
import { bareProblem, PROBLEM_CONTENT_TYPE, toProblem } from './http/problem-details';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { checkRequestInput, setEarliestPlausibleDate } from '@app/contracts';
import { setEntityTags } from './http/entity-tag';
import { RequestValidationPipe } from './http/request-validation';
import { JsonText, RAW_JSON_BODY } from './http/json-text';

/** The HTTP conventions (docs/architecture.md): bodies over 1 MiB are refused with 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Fastify with the body limit, and the correlation id as its request id (so logs and problems carry it). The
 * errors its router and Node's HTTP parser answer before any hook runs are problem+json too.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers['x-correlation-id']),
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { problem } = toProblem(error, request.id);
      void reply
        .status(problem.status)
        .header(CORRELATION_ID_HEADER, request.id)
        .header('Content-Type', PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem));
    },
    clientErrorHandler: answerClientError,
  });
}

/**
 * Node's HTTP parser refused the request (headers too large, a timeout, bytes that are no HTTP): there is no request
 * to hand to Fastify, so the problem is written to the socket, which then closes, as Node itself would do.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const [status, detail] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request line and headers are larger than the server accepts']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'The request did not arrive in time']
          : [400, 'The request is not valid HTTP'];
    const correlationId = randomUUID();
    const body = JSON.stringify(bareProblem(status, detail, correlationId));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n${CORRELATION_ID_HEADER}: ${correlationId}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Fastify's JSON parser, except on routes marked RAW_JSON_BODY, whose non-empty bodies stay text (JsonText) for the
 * handler to parse (parseJsonText, which refuses what Fastify's parser refuses and answers alike).
 */
function keepRawJsonBodies(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  // As bytes: a RawJsonBody route's body is moved to the thread that parses it; the others are decoded here as
  // Fastify's own parser decodes them (the whole body at once, as UTF-8).
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    if (config?.[RAW_JSON_BODY] === true && body.length > 0) return done(null, new JsonText(body));
    void parseJson(request, body.toString('utf8'), done);
  });
}

/**
 * Everything about the HTTP surface that is not a module: logging, the input check and the validation pipe,
 * problem+json for every error, security headers, the correlation id header and the OpenAPI document. main.ts and
 * every e2e test go through here.
 */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(Logger));
  setEarliestPlausibleDate(app.get(AppConfig).MIN_PLAUSIBLE_DATE);
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const fastify = app.getHttpAdapter().getInstance();
  // JSON in and out (the HTTP conventions, docs/architecture.md): with Nest's body parsers off (createApp), only Fastify's JSON parser is left once
  // its text/plain one goes, so any other body is 415.
  fastify.removeContentTypeParser('text/plain');
  keepRawJsonBodies(fastify);
  setEntityTags(fastify);
  // Security headers on every answer. The CSP's defaults suit the Swagger UI at /docs (its scripts are files of this
  // origin, its styles inline); upgrade-insecure-requests would break it behind plain HTTP.
  void fastify.register(helmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  // onRequest runs for every request, unknown routes and rejected bodies included.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
  // Before any validation or handler sees the input: well-formed text, bounded nesting and lists (request-input.ts).
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      checkRequestInput(request.params, 'params');
      checkRequestInput(request.query, 'query');
      // A RawJsonBody route checks its body where it parses it.
      if (!(request.body instanceof JsonText)) checkRequestInput(request.body, 'body');
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  logRequests(fastify);
  setupOpenApi(app);
  serveConsole(app, app.get(AppConfig).CONSOLE_DIR);
  return app;
}

/** The Nest application of a root module, configured as above and not yet listening. */
export async function createApp(module: DynamicModule): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(), {
    bufferLogs: true,
    // Nest would add a form-urlencoded parser; the API takes JSON only.
    bodyParser: false,
  });
  return configureApp(app);
}
