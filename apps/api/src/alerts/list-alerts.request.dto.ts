import { PageCursor, PageLimit } from '../http/pagination.decorators';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  ALERT_GROUNDS,
  ALERT_LEVELS,
  ALERT_STATUSES,
  AlertGround,
  AlertLevel,
  AlertStatus,
  DEPARTMENT_CODE_PATTERN,
} from '@app/domain';
import { IsCalendarDate, REQUEST_BOUNDS } from '@app/contracts';

/** The filters GET /v1/alerts/stream takes too: which new alerts a subscriber wants. */
export class AlertStreamQuery {
  @ApiPropertyOptional({
    description: 'The department answerable; a department key may only name its own',
    example: 'YCJ',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as YCJ' })
  department?: string;

  @ApiPropertyOptional({ enum: ALERT_GROUNDS, description: 'Ground of accountability, 1–10 (docs/domain.md)' })
  @IsOptional()
  @Type(() => Number)
  @IsIn(ALERT_GROUNDS, { message: 'ground must be an integer from 1 to 10' })
  ground?: AlertGround;

  @ApiPropertyOptional({ enum: ALERT_LEVELS })
  @IsOptional()
  @IsIn(ALERT_LEVELS)
  level?: AlertLevel;
}

export class ListAlertsQuery extends AlertStreamQuery {
  @ApiPropertyOptional({ enum: ALERT_STATUSES })
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: AlertStatus;

  @ApiPropertyOptional({ format: 'date', description: 'Raised on or after this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  raisedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Raised on or before this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  raisedTo?: string;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;

  @ApiPropertyOptional({
    description:
      'Answer once the detectors have processed the write at this global position and the alerts it raised are ' +
      'listed (or 503 PROJECTION_LAGGING)',
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

export class AlertViewQuery {
  @ApiPropertyOptional({
    description:
      'Answer once the alerts read model has processed the write at this position (or 503 PROJECTION_LAGGING)',
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
