import type { IncomingMessage } from 'node:http';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { CORRELATION_ID_HEADER, correlationIdFrom } from './http/correlation-id';
import { logRequests } from './http/logger.params';
import { setupOpenApi } from './http/openapi';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/request-validation';

/** API.md: bodies over 1 MiB are refused with 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Fastify with the body limit, and the correlation id as its request id (so logs and problems carry it). */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers['x-correlation-id']),
  });
}

/**
 * Everything about the HTTP surface that is not a module: logging, the validation pipe, problem+json for every
 * error, the correlation id header and the OpenAPI document. main.ts and every e2e test go through here.
 */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const fastify = app.getHttpAdapter().getInstance();
  // JSON in and out (API.md): with Nest's body parsers off (createApp), only Fastify's JSON parser is left once
  // its text/plain one goes, so any other body is 415.
  fastify.removeContentTypeParser('text/plain');
  // onRequest runs for every request, unknown routes and rejected bodies included.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, request.id);
    done();
  });
  logRequests(fastify);
  setupOpenApi(app);
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
