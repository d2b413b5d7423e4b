import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'each value in $property must be a date YYYY-MM-DD';

export class CalendarApprovalRequest {
  @ApiProperty({ example: '国务院办公厅' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  authority!: string;

  @ApiProperty({ example: '国办发明电〔2026〕7号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  documentNo!: string;

  @ApiProperty({ format: 'date', example: '2026-11-10' })
  @IsString()
  @Matches(DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  date!: string;
}

/** Shapes only; that the dates exist, lie in `year` and make sense together is the calendar decider's rule. */
export class PublishCalendarYearRequest {
  @ApiProperty({ minimum: 1, maximum: 2100, example: 2027 })
  @IsInt()
  @Min(1)
  @Max(2100)
  year!: number;

  @ApiProperty({
    description: 'Days off besides ordinary weekends (a holiday on a weekend may be listed; it changes nothing)',
    type: [String],
    format: 'date',
    example: ['2027-01-01', '2027-02-06', '2027-02-07'],
  })
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(DATE_PATTERN, { each: true, message: DATE_MESSAGE })
  holidays!: string[];

  @ApiProperty({
    description: 'Saturdays and Sundays that are working days (调休 make-up days)',
    type: [String],
    format: 'date',
    example: ['2027-02-20'],
  })
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(DATE_PATTERN, { each: true, message: DATE_MESSAGE })
  workdays!: string[];

  @ApiProperty({
    description: 'Where the dates come from: the notice',
    example: '国办发明电〔2026〕7号',
    maxLength: 500,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  source!: string;

  @ApiPropertyOptional({ type: CalendarApprovalRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => CalendarApprovalRequest)
  approval?: CalendarApprovalRequest;

  @ApiPropertyOptional({
    description:
      'Required to publish a year already known (built in 2010–2026, or published before): a correction. ' +
      'Without it such a year is 409 CALENDAR_YEAR_EXISTS.',
    example: '国务院办公厅通知延长春节假期',
    maxLength: 1000,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  reason?: string;
}
