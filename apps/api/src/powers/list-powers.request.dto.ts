import { PageCursor, PageLimit } from '../http/pagination.decorators';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, POWER_CATEGORIES, POWER_STATUSES, PowerCategory, PowerStatus } from '@app/domain';
import { PowerViewQuery } from './power-view.request.dto';

const BOOLEANS: Record<string, boolean> = { true: true, false: false };

export class ListPowersQuery extends PowerViewQuery {
  @ApiPropertyOptional({ description: 'The department holding the power on asOf', example: 'YCJ' })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'department must be a department code such as YCJ' })
  department?: string;

  @ApiPropertyOptional({ enum: POWER_CATEGORIES })
  @IsOptional()
  @IsIn(POWER_CATEGORIES)
  category?: PowerCategory;

  @ApiPropertyOptional({ enum: POWER_STATUSES, description: 'Status on asOf' })
  @IsOptional()
  @IsIn(POWER_STATUSES)
  status?: PowerStatus;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value in BOOLEANS ? BOOLEANS[value] : value,
  )
  @IsBoolean({ message: 'important must be true or false' })
  important?: boolean;

  @ApiPropertyOptional({ description: 'Text in the name or the legal basis, e.g. 烟草 or 准运证', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}
