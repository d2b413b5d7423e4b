import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy } from 'class-validator';
import { IsCalendarDate, isInstant, REQUEST_BOUNDS } from '@app/contracts';

/** Which version of the catalogue to read: effective time, recorded time, and read-your-writes. */
export class PowerViewQuery {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Effective time: the catalogue as in force on this date (Asia/Shanghai). Default: today.',
    example: '2025-03-01',
  })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Recorded time: the catalogue as it had been recorded at this instant. Default: now.',
    example: '2025-04-01T09:00:00+08:00',
  })
  @IsOptional()
  // An unencoded "+08:00" arrives as " 08:00" (form encoding); no valid instant has a space, so it can only be that.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(' ', '+') : value))
  @ValidateBy({
    name: 'isInstant',
    validator: {
      validate: isInstant,
      defaultMessage: () => 'knownAt must be a timestamp with time and offset, e.g. 2025-04-01T09:00:00+08:00',
    },
  })
  knownAt?: string;

  @ApiPropertyOptional({
    description:
      'Answer once the catalogue has processed the write at this global position (or 503 PROJECTION_LAGGING)',
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
