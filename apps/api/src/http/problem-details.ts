import { HttpException } from '@nestjs/common';
import { DomainError, DomainErrorCategory } from '@app/domain';
import { ProjectionLaggingError } from '@app/projector';

/** RFC 9457 problem details as this API sends them; `code` is the stable member clients program against. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  /** Field → messages, for validation failures; nested fields as dotted paths (`legalBasis.0.title`). */
  errors?: Record<string, string[]>;
  correlationId: string;
  [extension: string]: unknown;
}

export interface MappedProblem {
  problem: ProblemDetails;
  /** Not a client's mistake nor a deliberate answer: to be logged with its stack, never shown. */
  unexpected: boolean;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
export const PROBLEM_TYPE_BASE = 'https://power-supervision.example/problems/';

const CATEGORY_STATUS: Readonly<Record<DomainErrorCategory, number>> = {
  validation: 400,
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  rule: 422,
};

const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  411: 'LENGTH_REQUIRED',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  500: 'INTERNAL_ERROR',
  501: 'NOT_IMPLEMENTED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Fastify's own client errors, raised before a request reaches Nest (body parsing, limits), by Fastify code. */
const FASTIFY_ERRORS: Readonly<Record<string, { code: string; detail: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than 1 MiB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'The request body must be sent as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'MALFORMED_JSON',
    detail: 'The request body is empty although its content type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    detail: 'The Content-Length header does not match the body',
  },
  FST_ERR_BAD_URL: { code: 'MALFORMED_URL', detail: 'The URL is not validly percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', detail: 'A path segment of the URL is too long' },
};

const UNEXPECTED_DETAIL = 'An unexpected error occurred. Quote the correlation id when reporting it.';

/** Maps whatever a request failed with to the problem sent back; total, never throws. */
export function toProblem(error: unknown, correlationId: string): MappedProblem {
  if (error instanceof DomainError) {
    const errors = Object.keys(error.fieldErrors).length > 0 ? { errors: error.fieldErrors } : {};
    return {
      problem: {
        ...error.details,
        ...build(CATEGORY_STATUS[error.category], error.code, error.message, correlationId),
        ...errors,
      },
      unexpected: false,
    };
  }
  if (error instanceof ProjectionLaggingError) {
    return { problem: build(503, error.code, error.message, correlationId), unexpected: false };
  }
  if (isFastifyClientError(error)) {
    const known = FASTIFY_ERRORS[error.code];
    return {
      problem: build(
        error.statusCode,
        known?.code ?? codeOfStatus(error.statusCode),
        known?.detail ?? error.message,
        correlationId,
      ),
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const { code, detail } = describeHttpException(error);
    return {
      problem: build(status, code ?? codeOfStatus(status), detail, correlationId),
      unexpected: false,
    };
  }
  return { problem: build(500, 'INTERNAL_ERROR', UNEXPECTED_DETAIL, correlationId), unexpected: true };
}

/** `POWER_NOT_IN_FORCE` → `https://…/problems/power-not-in-force`. */
export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
}

/** `POWER_NOT_IN_FORCE` → `Power not in force`: the same title for every problem of a type, as RFC 9457 asks. */
export function problemTitle(code: string): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function codeOfStatus(status: number): string {
  return STATUS_CODES[status] ?? `HTTP_${status}`;
}

/**
 * Fastify's errors that reach no handler of Nest: the router's (malformed URL, over-long path segment) come to the
 * adapter's frameworkErrors as they are.
 */
function isFastifyClientError(error: unknown): error is Error & { code: string; statusCode: number } {
  if (!(error instanceof Error) || error.name !== 'FastifyError') return false;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return typeof code === 'string' && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}

/** A problem for an answer that has no request to speak of (the HTTP parser refused it). */
export function bareProblem(status: number, detail: string, correlationId: string): ProblemDetails {
  return build(status, codeOfStatus(status), detail, correlationId);
}

function build(status: number, code: string, detail: string, correlationId: string): ProblemDetails {
  return { type: problemType(code), title: problemTitle(code), status, detail, code, correlationId };
}

/**
 * Nest exceptions carry a string or `{ message, code? }`; a `code` there is passed on as the problem's code.
 * Fastify's client errors arrive wrapped by Nest, the original as the cause.
 */
function describeHttpException(error: HttpException): { code?: string; detail: string } {
  const fastifyCode = (error.cause as { code?: unknown } | undefined)?.code;
  const fastifyError = typeof fastifyCode === 'string' ? FASTIFY_ERRORS[fastifyCode] : undefined;
  if (fastifyError) return fastifyError;
  const response = error.getResponse();
  if (typeof response === 'string') return { detail: response };
  const body = response as { message?: unknown; code?: unknown };
  const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
  return {
    code: typeof body.code === 'string' ? body.code : undefined,
    detail: typeof message === 'string' ? message : error.message,
  };
}
