import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a date YYYY-MM-DD';

export class WorkingDaysRequest {
  @ApiProperty({ format: 'date', description: 'Not counted', example: '2027-01-29' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  from!: string;

  @ApiProperty({ format: 'date', description: 'Counted when it is a working day', example: '2027-02-26' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  to!: string;
}

export class DeadlineRequest {
  @ApiProperty({
    format: 'date',
    description: 'The day the time limit starts from; never counted',
    example: '2026-12-31',
  })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  from!: string;

  @ApiProperty({ description: 'Working days', minimum: 0, maximum: 1000, example: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  days!: number;
}
