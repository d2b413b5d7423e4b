import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import {
  ALERT_GROUNDS,
  AlertGround,
  CASE_STATUSES,
  CASE_TIERS,
  CaseStatus,
  CaseTier,
  DEPARTMENT_CODE_PATTERN,
} from '@app/domain';
import { PageCursor, PageLimit } from '../http/pagination.decorators';
import { IsCalendarDate, IsText } from '@app/contracts';

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: CASE_TIERS, description: 'A tier decided (in force) for one of its persons' })
  @IsOptional()
  @IsIn(CASE_TIERS)
  tier?: CaseTier;

  @ApiPropertyOptional({ enum: ALERT_GROUNDS, description: 'Ground of accountability, 1–10' })
  @IsOptional()
  @Type(() => Number)
  @IsIn(ALERT_GROUNDS, { message: 'ground must be an integer from 1 to 10' })
  ground?: AlertGround;

  @ApiPropertyOptional({
    description: 'A department concerned; a department key may only name its own',
    example: 'YCJ',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as YCJ' })
  department?: string;

  @ApiPropertyOptional({ description: 'The name of a person named in it', example: '王五' })
  @IsOptional()
  @IsText(100)
  person?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or after this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  openedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Opened on or before this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  openedTo?: string;

  @ApiPropertyOptional({ format: 'date', description: 'A decision in force dated on or after this day' })
  @IsOptional()
  @IsCalendarDate()
  decidedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'A decision in force dated on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  decidedTo?: string;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;

  @ApiPropertyOptional({
    description:
      'Answer once the cases read model has processed the write at this position (or 503 PROJECTION_LAGGING)',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  minPosition?: number;
}

export class CaseAccessLogQuery {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}

export class CaseOutcomesQuery extends CaseAccessLogQuery {
  @ApiPropertyOptional({
    description:
      'Answer once the cases read model has processed the write at this position (or 503 PROJECTION_LAGGING)',
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  minPosition?: number;
}
