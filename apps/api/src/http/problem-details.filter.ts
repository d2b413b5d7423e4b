import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { correlationIdFrom } from './correlation-id';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

/** Sent with every 401 (RFC 6750): the API authenticates with bearer API keys. */
export const BEARER_CHALLENGE = 'Bearer realm="power-supervision"';

/**
 * The one exception filter: every failure, from Fastify's body parser to a broken domain rule, leaves as RFC 9457
 * problem+json. Unexpected errors are logged with their stack and answered without it.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const correlationId = request.id ?? correlationIdFrom(request.headers['x-correlation-id']);
    const { problem, unexpected } = toProblem(error, correlationId);
    if (unexpected)
      this.logger.error({ error: loggable(error), correlationId }, 'Unexpected error while answering a request');
    if (reply.sent) return;
    if (problem.status === 401) void reply.header('WWW-Authenticate', BEARER_CHALLENGE);
    void reply.status(problem.status).header('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}

/**
 * The error's type, message and stack only: database errors also carry the statement's parameters, which can be
 * personal data from the request body.
 */
function loggable(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  return { type: error.constructor.name, message: error.message, stack: error.stack };
}
