import { PageCursor, PageLimit } from '../http/pagination.decorators';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { REQUEST_BOUNDS } from '@app/contracts';

export class ListDepartmentsRequest {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;

  @ApiPropertyOptional({
    description: 'Answer once the list includes the write at this global position (503 PROJECTION_LAGGING otherwise)',
    minimum: 1,
    maximum: REQUEST_BOUNDS.position,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REQUEST_BOUNDS.position)
  minPosition?: number;
}
