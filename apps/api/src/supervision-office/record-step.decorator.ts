import { applyDecorators, Get, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { PrincipalRole } from '@app/access';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/problem-details.response.dto';
import { ApiIfMatch } from '../http/if-match';
import { WriteEndpoint } from '../http/write-endpoint';
import { RecordWrittenResponse } from './supervision-office.response.dto';

const WRITE_PROBLEMS = [400, 404, 409, 413, 415, 422];

/**
 * A write endpoint of the supervision office: 201 with the new version as ETag, Idempotency-Key, the roles allowed,
 * and, for a step of an existing record (`step: true`), If-Match and the id in the path.
 */
export const RecordWrite = (options: {
  roles: PrincipalRole[];
  summary: string;
  description: string;
  step?: boolean;
  idExample?: string;
}) =>
  applyDecorators(
    WriteEndpoint({
      created: {
        type: RecordWrittenResponse,
        description: 'Recorded; ETag: "<version>"',
        headers: { ETag: { description: 'The new version', schema: { type: 'string' } } },
      },
      problems: WRITE_PROBLEMS,
      ifMatch: false,
    }),
    Roles(...options.roles),
    ApiOperation({ summary: options.summary, description: options.description }),
    // If-Match after Idempotency-Key, as the document has always listed them for the office's steps.
    ...(options.step ? [ApiIfMatch(), ApiParam({ name: 'id', example: options.idExample })] : []),
  );

/** Who reads the supervision office's records: the office, the investigators, and a department what concerns it. */
const READERS: PrincipalRole[] = ['supervisor', 'investigator', 'department'];

/** A list of records, newest first, with the filters of ListRecordsQuery. */
export const RecordList = (options: { summary: string; description?: string; type: Type<unknown> }) =>
  applyDecorators(
    Get(),
    Roles(...READERS),
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    ApiOkResponse({ type: options.type }),
    ApiProblems(400, 503),
  );

/** One record, or what is read of it, by the id in the path: 404 when it is not there or not the reader's to see. */
export const RecordRead = (options: {
  path: string;
  idExample: string;
  summary: string;
  description?: string;
  type: Type<unknown>;
  problems?: number[];
}) =>
  applyDecorators(
    Get(options.path),
    Roles(...READERS),
    ApiParam({ name: 'id', example: options.idExample }),
    ApiOperation({ summary: options.summary, ...(options.description ? { description: options.description } : {}) }),
    ApiOkResponse({ type: options.type }),
    ApiProblems(...(options.problems ?? [404])),
  );
