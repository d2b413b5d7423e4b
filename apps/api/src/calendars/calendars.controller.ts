import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { Tagged } from '../http/entity-tag';
import { ApiProblems } from '../http/problem-details.response.dto';
import {
  CalendarListResponse,
  CalendarYearResponse,
  DeadlineResponse,
  WorkingDaysResponse,
} from './calendar.response.dto';
import { CalendarsService } from './calendars.service';
import { DeadlineRequest, WorkingDaysRequest } from './working-days.request.dto';

/**
 * The official working-day calendar (weekends off, statutory holidays off, 调休 make-up days on) that every time
 * limit is counted on. Dates outside the known years are 422 CALENDAR_YEAR_UNKNOWN: the calendar never guesses.
 */
@ApiTags('calendars')
@Public()
@Controller('v1/calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get()
  @ApiOperation({ summary: 'Every known year with its holidays and make-up workdays' })
  @ApiOkResponse({
    type: CalendarListResponse,
    headers: {
      ETag: { description: 'The calendar version, for If-Match when publishing', schema: { type: 'string' } },
    },
  })
  @ApiProblems(401)
  @Tagged()
  list(): Promise<CalendarListResponse> {
    return this.calendars.years();
  }

  @Get('working-days')
  @ApiOperation({ summary: 'How many working days lie after `from`, up to and including `to`' })
  @ApiOkResponse({ type: WorkingDaysResponse })
  @ApiProblems(400, 401, 422)
  workingDays(@Query() query: WorkingDaysRequest): Promise<WorkingDaysResponse> {
    return this.calendars.workingDays(query.from, query.to);
  }

  @Get('deadline')
  @ApiOperation({
    summary: 'The `days`-th working day after `from`, as a time limit counts it',
    description: '`from` itself is never counted; the deadline ends with its last day, in Asia/Shanghai.',
  })
  @ApiOkResponse({ type: DeadlineResponse })
  @ApiProblems(400, 401, 422)
  deadline(@Query() query: DeadlineRequest): Promise<DeadlineResponse> {
    return this.calendars.deadline(query.from, query.days);
  }

  @Get(':year')
  @ApiOperation({ summary: 'One known year' })
  @ApiParam({ name: 'year', type: Number, example: 2026 })
  @ApiOkResponse({ type: CalendarYearResponse })
  @ApiProblems(400, 401, 404)
  year(@Param('year', ParseIntPipe) year: number): Promise<CalendarYearResponse> {
    return this.calendars.year(year);
  }
}
