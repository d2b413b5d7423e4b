import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@app/read-models';

/** `?limit=` of every list: 1 to 500, 50 when absent (the HTTP conventions, docs/architecture.md). */
export const PageLimit = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(MAX_PAGE_SIZE),
  );

/** Longer than any nextCursor the lists give. */
const CURSOR_MAX_LENGTH = 512;

/** `?cursor=` of every list: the opaque nextCursor of the previous page. */
export const PageCursor = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description: 'nextCursor of the previous page', maxLength: CURSOR_MAX_LENGTH }),
    IsOptional(),
    IsString(),
    MaxLength(CURSOR_MAX_LENGTH, { message: 'cursor must be a nextCursor of a previous page' }),
  );

/**
 * `?minPosition=` of a read: answer once `readModel` has processed the write at this log position (read-your-writes),
 * or 503 PROJECTION_LAGGING after MIN_POSITION_WAIT_MS.
 */
export const MinPosition = (readModel: string): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      description: `Answer once ${readModel} ha${readModel.endsWith('s') ? 've' : 's'} processed the write at this position (or 503 PROJECTION_LAGGING)`,
      minimum: 1,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
  );
