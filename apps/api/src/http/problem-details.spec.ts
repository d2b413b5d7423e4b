import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { DomainError } from '@app/domain';
import { problemTitle, problemType, toProblem } from './problem-details';

const ID = 'corr-1';

describe('toProblem', () => {
  it.each([
    ['validation', 400],
    ['not-found', 404],
    ['conflict', 409],
    ['forbidden', 403],
    ['rule', 422],
  ] as const)('maps a DomainError of category %s to %i with its code', (category, status) => {
    const { problem, unexpected } = toProblem(new DomainError('POWER_NOT_IN_FORCE', category, 'Not in force'), ID);
    expect(unexpected).toBe(false);
    expect(problem).toEqual({
      type: 'https://power-supervision.example/problems/power-not-in-force',
      title: 'Power not in force',
      status,
      detail: 'Not in force',
      code: 'POWER_NOT_IN_FORCE',
      correlationId: ID,
    });
  });

  it('carries field errors and details, without letting details override the standard members', () => {
    const error = new DomainError(
      'VERSION_CONFLICT',
      'conflict',
      'Stale',
      { actualVersion: 3, status: 999 },
      { version: ['stale'] },
    );
    expect(toProblem(error, ID).problem).toMatchObject({
      status: 409,
      code: 'VERSION_CONFLICT',
      actualVersion: 3,
      errors: { version: ['stale'] },
    });
  });

  it.each([
    [new UnauthorizedException('no key'), 401, 'UNAUTHORIZED', 'no key'],
    [new ForbiddenException('not you'), 403, 'FORBIDDEN', 'not you'],
    [new NotFoundException('Cannot GET /x'), 404, 'NOT_FOUND', 'Cannot GET /x'],
    [new BadRequestException(['a is bad', 'b is bad']), 400, 'BAD_REQUEST', 'a is bad; b is bad'],
    [
      new ServiceUnavailableException({ code: 'PROJECTION_LAGGING', message: 'wait' }),
      503,
      'PROJECTION_LAGGING',
      'wait',
    ],
    [new HttpException('teapot', 418), 418, 'HTTP_418', 'teapot'],
  ])('maps %p to %i %s', (error, status, code, detail) => {
    expect(toProblem(error, ID)).toEqual({
      problem: expect.objectContaining({ status, code, detail }),
      unexpected: false,
    });
  });

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 'PAYLOAD_TOO_LARGE'],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 'MALFORMED_JSON'],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 'MALFORMED_JSON'],
  ])('maps Fastify’s %s (wrapped by Nest) to %i %s', (fastifyCode, status, code) => {
    const cause = Object.assign(new Error('fastify says no'), { code: fastifyCode, statusCode: status });
    const { problem } = toProblem(new HttpException('fastify says no', status, { cause }), ID);
    expect(problem).toMatchObject({ status, code });
  });

  it.each([
    ['FST_ERR_BAD_URL', 400, 'MALFORMED_URL'],
    ['FST_ERR_MAX_PARAM_LENGTH', 414, 'URI_TOO_LONG'],
    ['FST_ERR_SOMETHING_NEW', 431, 'REQUEST_HEADER_FIELDS_TOO_LARGE'],
  ])('maps the router’s %s (given to frameworkErrors as it is) to %i %s', (fastifyCode, status, code) => {
    const error = Object.assign(new Error('router says no'), {
      name: 'FastifyError',
      code: fastifyCode,
      statusCode: status,
    });
    expect(toProblem(error, ID)).toMatchObject({ problem: { status, code, correlationId: ID }, unexpected: false });
  });

  it('answers anything else with 500 INTERNAL_ERROR without leaking it', () => {
    const { problem, unexpected } = toProblem(new Error('password=hunter2 at db.ts:12'), ID);
    expect(unexpected).toBe(true);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', correlationId: ID });
    expect(JSON.stringify(problem)).not.toContain('hunter2');
    expect(toProblem('a thrown string', ID).problem.status).toBe(500);
  });
});

describe('problem type and title', () => {
  it('derive from the code', () => {
    expect(problemType('API_KEY_NOT_FOUND')).toBe('https://power-supervision.example/problems/api-key-not-found');
    expect(problemTitle('VALIDATION_FAILED')).toBe('Validation failed');
  });
});
