import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiCreatedResponse, ApiResponseOptions } from '@nestjs/swagger';
import { Idempotent } from '../idempotency/idempotency.decorators';
import { Tagged } from './entity-tag';
import { ApiIfMatch } from './if-match';
import { ApiProblems } from './problem-details.response.dto';

/**
 * A write endpoint as every feature has it: 201 with the answer documented, Idempotency-Key honoured, the problems it
 * may answer, and unless said otherwise If-Match (the version last seen) and the new version as ETag.
 */
export const WriteEndpoint = (options: {
  created: ApiResponseOptions;
  problems: number[];
  /** Takes If-Match (a write to an existing stream); default true. */
  ifMatch?: boolean;
  /** Answers with the new version as ETag; default true (a batch answers many). */
  tagged?: boolean;
}) =>
  applyDecorators(
    HttpCode(201),
    ...(options.ifMatch === false ? [] : [ApiIfMatch()]),
    Idempotent(),
    ApiCreatedResponse(options.created),
    ApiProblems(...options.problems),
    ...(options.tagged === false ? [] : [Tagged()]),
  );
