import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CalendarApprovalResponse {
  @ApiProperty()
  authority!: string;

  @ApiProperty()
  documentNo!: string;

  @ApiProperty({ format: 'date' })
  date!: string;
}

export class HolidayPeriodResponse {
  @ApiProperty({ example: '春节' })
  name!: string;

  @ApiProperty({ format: 'date', example: '2025-01-28' })
  firstDayOff!: string;

  @ApiProperty({ format: 'date', example: '2025-02-04' })
  lastDayOff!: string;

  @ApiProperty({ type: [String], format: 'date', example: ['2025-01-26', '2025-02-08'] })
  workdays!: string[];
}

class CalendarYearFields {
  @ApiProperty({ example: 2027 })
  year!: number;

  @ApiProperty({ type: [String], format: 'date', description: 'Days off besides ordinary weekends, ascending' })
  holidays!: string[];

  @ApiProperty({ type: [String], format: 'date', description: 'Weekend days worked (调休), ascending' })
  workdays!: string[];

  @ApiProperty({ description: 'The notice; `built-in: …` for the data shipped with the server' })
  source!: string;

  @ApiPropertyOptional({ type: CalendarApprovalResponse })
  approval?: CalendarApprovalResponse;

  @ApiPropertyOptional({ description: 'Why a known year was published again (a correction)' })
  reason?: string;

  @ApiPropertyOptional({
    type: [HolidayPeriodResponse],
    description: 'The holidays as the notice states them, when the year was published from the notice',
  })
  holidayPeriods?: HolidayPeriodResponse[];
}

export class CalendarYearResponse extends CalendarYearFields {
  @ApiPropertyOptional({
    description: 'Version of the calendar stream that published this year; absent for built-in years',
    example: 1,
  })
  version?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'When that publication was recorded' })
  publishedAt?: string;
}

export class CalendarListResponse {
  @ApiProperty({
    description: 'Version of the calendar stream these years come from (0: built-in years only)',
    example: 1,
  })
  version!: number;

  @ApiProperty({ type: [CalendarYearResponse], description: 'Every known year, ascending' })
  items!: CalendarYearResponse[];
}

export class CalendarYearPublishedResponse extends CalendarYearFields {
  @ApiProperty({ example: 'calendar-CN' })
  streamId!: string;

  @ApiProperty({ description: 'Version of the calendar stream after this publication', example: 1 })
  version!: number;

  @ApiProperty({ description: 'Global log position of the publication', example: 42 })
  position!: number;
}

export class WorkingDaysResponse {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ format: 'date' })
  to!: string;

  @ApiProperty({ description: 'Working days d with from < d ≤ to', example: 15 })
  workingDays!: number;

  @ApiProperty({ description: 'Version of the calendar stream the answer was computed with', example: 1 })
  calendarVersion!: number;
}

export class DeadlineResponse {
  @ApiProperty({ format: 'date' })
  from!: string;

  @ApiProperty({ example: 20 })
  days!: number;

  @ApiProperty({ format: 'date', description: 'The `days`-th working day after `from`', example: '2027-02-01' })
  date!: string;

  @ApiProperty({ format: 'date-time', description: 'The end of that day in Asia/Shanghai' })
  endsAt!: string;

  @ApiProperty({ description: 'Version of the calendar stream the answer was computed with', example: 1 })
  calendarVersion!: number;
}
