import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '@app/domain';
import { MinPosition, PageLimit } from '../http/pagination.decorators';
import { IsCalendarDate } from '@app/contracts';

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A year, a quarter, a month or a day: 2025, 2025-Q1, 2025-03, 2025-03-15. */
export const PERIOD_PATTERN = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

export class DashboardScopeQuery {
  @ApiPropertyOptional({
    description: 'A year, quarter, month or day (2025, 2025-Q1, 2025-03, 2025-03-15); this month when absent',
    example: '2025-03',
  })
  @IsOptional()
  @Matches(PERIOD_PATTERN, { message: 'period must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD' })
  period?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Instead of period: the first day' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Instead of period: the last day' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'The figures as they were on that day: only what had been recorded by its end (Asia/Shanghai)',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    description: 'json (default), or a CSV or XLSX download with Chinese headers',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  @MinPosition('the dashboards')
  minPosition?: number;
}

export class DashboardSeriesQuery extends DashboardScopeQuery {
  @ApiPropertyOptional({ description: 'One department; all when absent (a department key: its own)', example: 'CG' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as CG' })
  department?: string;
}

export class DashboardItemsQuery extends DashboardSeriesQuery {
  @ApiPropertyOptional({ description: 'The figure whose items to list (its key)', example: 'operations.completedLate' })
  @IsString()
  @MaxLength(100)
  figure!: string;

  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  cursor?: number;
}

/** The period of an evaluation to publish: `{ period }` or `{ from, to }`. */
export class EvaluationRequest extends DashboardScopeQuery {}

export class EvaluationListQuery {
  @MinPosition('the evaluations')
  minPosition?: number;
}

export class EvaluationFormatQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, description: 'json (default), csv or xlsx: the latest version' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
