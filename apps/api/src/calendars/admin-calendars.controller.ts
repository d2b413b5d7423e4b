import { Body, Controller, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { WriteEndpoint } from '../http/write-endpoint';
import { Write, WriteContext } from '../http/write-context';
import { CalendarYearPublishedResponse } from './calendar.response.dto';
import { CalendarsService } from './calendars.service';
import { PublishCalendarYearRequest } from './publish-calendar-year.request.dto';

@ApiTags('admin')
@Roles('admin')
@Controller('v1/admin/calendars')
export class AdminCalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Post()
  @ApiOperation({
    summary: 'Publish a year of the official calendar',
    description:
      'Takes effect at once in this process and within a second in every other one, without a restart. A year ' +
      'already known (built in 2010–2026, or published before) is published again only as a correction with a ' +
      '`reason` (409 CALENDAR_YEAR_EXISTS without one; 422 CALENDAR_UNCHANGED if its dates stay the same); a ' +
      'correction counts from then on and leaves earlier calendar versions readable. If-Match takes the calendar ' +
      'version of GET /v1/calendars.',
  })
  @WriteEndpoint({
    created: {
      type: CalendarYearPublishedResponse,
      headers: { ETag: { description: 'The new version of the calendar', schema: { type: 'string' } } },
    },
    problems: [400, 409, 413, 415, 422],
  })
  publish(
    @Body() body: PublishCalendarYearRequest,
    @Write() context: WriteContext,
  ): Promise<CalendarYearPublishedResponse> {
    return this.calendars.publish(body, context);
  }
}
