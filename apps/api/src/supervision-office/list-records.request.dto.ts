import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN } from '@app/domain';
import { MinPosition, PageCursor, PageLimit } from '../http/pagination.decorators';
import { IsCalendarDate } from '@app/contracts';

/** The filters every list of the supervision office takes; each resource's status values are in /v1/meta/enums. */
export class ListRecordsQuery {
  @ApiPropertyOptional({ description: 'A status of the resource (see /v1/meta/enums)', example: 'assigned' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  status?: string;

  @ApiPropertyOptional({
    description: 'The department concerned; a department key may only name its own',
    example: 'CG',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as CG' })
  department?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Received, planned, found or ordered on or after this day' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Received, planned, found or ordered on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    description: 'Complaints and rectification orders only: those still open whose deadline has passed today',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;

  @MinPosition('the read model')
  minPosition?: number;
}
