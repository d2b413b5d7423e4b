import { PageCursor, PageLimit } from '../http/pagination.decorators';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, OPERATION_STATUSES, OperationStatus, POWER_CODE_PATTERN } from '@app/domain';
import { OperationViewQuery } from './operation-view.request.dto';
import { IsCalendarDate } from '@app/contracts';

const BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class ListOperationsQuery extends OperationViewQuery {
  @ApiPropertyOptional({ description: 'The registering department (a department key sees only its own)' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as YCJ' })
  department?: string;

  @ApiPropertyOptional({ example: 'YC-CF-0001' })
  @IsOptional()
  @Matches(POWER_CODE_PATTERN, { message: 'powerCode must be upper-case letters, digits and hyphens' })
  powerCode?: string;

  @ApiPropertyOptional({ enum: OPERATION_STATUSES })
  @IsOptional()
  @IsIn(OPERATION_STATUSES, { message: `status must be one of ${OPERATION_STATUSES.join(', ')}` })
  status?: OperationStatus;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: open and past the committed deadline now, or paused or completed after it; false: the others',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value in BOOLEANS ? BOOLEANS[value] : value,
  )
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'Accepted on or after this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  acceptedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Accepted on or before this day (Asia/Shanghai)' })
  @IsOptional()
  @IsCalendarDate()
  acceptedTo?: string;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}
