import { Body, Controller, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal } from '@app/projections';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { CorrelationId } from '../http/correlation-id';
import { ApiProblems } from '../http/problem-details.response.dto';
import { Idempotent, Scope } from '../idempotency/idempotency.decorators';
import { WriteScope } from '../idempotency/write-scope';
import { CalendarYearPublishedResponse } from './calendar.response.dto';
import { CalendarsService } from './calendars.service';
import { PublishCalendarYearRequest } from './publish-calendar-year.request.dto';

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/calendars')
export class AdminCalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Publish a year of the official calendar',
    description:
      'Takes effect in every API and projector process within a second, without a restart. A year already known ' +
      '(built in 2010–2026, or published before) is published again only as a correction with a `reason` ' +
      '(409 CALENDAR_YEAR_EXISTS without one; 422 CALENDAR_UNCHANGED if its dates stay the same). Deadlines already ' +
      'computed keep the calendar version they were computed with.',
  })
  @ApiCreatedResponse({ type: CalendarYearPublishedResponse })
  @ApiProblems(400, 409, 413, 415, 422)
  publish(
    @Body() body: PublishCalendarYearRequest,
    @CurrentPrincipal() actor: Principal,
    @CorrelationId() correlationId: string,
    @Scope() scope: WriteScope,
  ): Promise<CalendarYearPublishedResponse> {
    return this.calendars.publish(body, actor, correlationId, scope);
  }
}
