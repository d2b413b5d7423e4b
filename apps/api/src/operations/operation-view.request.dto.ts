import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { REQUEST_BOUNDS } from '@app/contracts';

/** Read-your-writes for one operation. */
export class OperationViewQuery {
  @ApiPropertyOptional({
    description:
      'Answer once the register (and the alerts the write raised) include the write at this global position, or ' +
      '503 PROJECTION_LAGGING after a few seconds',
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
