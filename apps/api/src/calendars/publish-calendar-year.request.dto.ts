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
  ValidateIf,
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

export class HolidayPeriodRequest {
  @ApiProperty({ example: '春节', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ format: 'date', example: '2025-01-28' })
  @IsString()
  @Matches(DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  firstDayOff!: string;

  @ApiProperty({ format: 'date', description: 'Every day from firstDayOff to here is off', example: '2025-02-04' })
  @IsString()
  @Matches(DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  lastDayOff!: string;

  @ApiProperty({
    description: 'The weekend days worked in return (调休), as the notice lists them with this holiday; may be empty',
    type: [String],
    format: 'date',
    example: ['2025-01-26', '2025-02-08'],
  })
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(DATE_PATTERN, { each: true, message: DATE_MESSAGE })
  workdays!: string[];
}

/** 国务院办公厅关于…年部分节假日安排的通知 as the notice states it; samples/calendar-2025-notice.json is one. */
export class HolidayNoticeRequest {
  @ApiProperty({ minimum: 1, maximum: 2100, example: 2025 })
  @IsInt()
  @Min(1)
  @Max(2100)
  year!: number;

  @ApiProperty({ description: 'The document number of the notice', example: '国办发明电〔2024〕12号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  documentNo!: string;

  @ApiProperty({ format: 'date', description: 'The day the notice was issued', example: '2024-11-12' })
  @IsString()
  @Matches(DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ description: 'Who issued it; 国务院办公厅 when not given', example: '国务院办公厅' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  authority?: string;

  @ApiProperty({
    type: [HolidayPeriodRequest],
    description: 'Each holiday of the notice: its days off and the make-up days worked for it',
    example: [
      { name: '元旦', firstDayOff: '2025-01-01', lastDayOff: '2025-01-01', workdays: [] },
      { name: '春节', firstDayOff: '2025-01-28', lastDayOff: '2025-02-04', workdays: ['2025-01-26', '2025-02-08'] },
    ],
  })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => HolidayPeriodRequest)
  holidays!: HolidayPeriodRequest[];
}

/** The dated form is required unless the notice is given. */
const UnlessNotice = () => ValidateIf((input: PublishCalendarYearRequest) => input.notice === undefined);

/**
 * Two forms: the year's dates (`year`, `holidays`, `workdays`, `source`, `approval`), or the State Council's notice
 * (`notice`), never both. Shapes only; that the dates exist, lie in the year and make sense together is the calendar
 * decider's rule.
 */
export class PublishCalendarYearRequest {
  @ApiPropertyOptional({ type: HolidayNoticeRequest, description: 'The notice, instead of the dated form' })
  @IsOptional()
  @ValidateNested()
  @Type(() => HolidayNoticeRequest)
  notice?: HolidayNoticeRequest;

  @ApiPropertyOptional({ minimum: 1, maximum: 2100, example: 2027, description: 'Required without `notice`' })
  @UnlessNotice()
  @IsInt()
  @Min(1)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({
    description:
      'Days off besides ordinary weekends (a holiday on a weekend may be listed; it changes nothing). ' +
      'Required without `notice`',
    type: [String],
    format: 'date',
    example: ['2027-01-01', '2027-02-06', '2027-02-07'],
  })
  @UnlessNotice()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(DATE_PATTERN, { each: true, message: DATE_MESSAGE })
  holidays?: string[];

  @ApiPropertyOptional({
    description: 'Saturdays and Sundays that are working days (调休 make-up days). Required without `notice`',
    type: [String],
    format: 'date',
    example: ['2027-02-20'],
  })
  @UnlessNotice()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(DATE_PATTERN, { each: true, message: DATE_MESSAGE })
  workdays?: string[];

  @ApiPropertyOptional({
    description: 'Where the dates come from: the notice. Required without `notice`',
    example: '国办发明电〔2026〕7号',
    maxLength: 500,
  })
  @UnlessNotice()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  source?: string;

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
