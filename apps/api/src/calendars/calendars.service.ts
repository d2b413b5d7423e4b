import { Inject, Injectable } from '@nestjs/common';
import {
  CalendarCommand,
  calendarDecider,
  CalendarYearPublishedData,
  calendarYearErrors,
  CALENDAR_STREAM_ID,
  DomainError,
  endOfWorkingDay,
  Actor,
} from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CalendarProvider } from '@app/read-models';
import { WriteContext } from '../http/write-context';
import { handleIdempotently } from '../idempotency/handle-idempotently';
import {
  CalendarListResponse,
  CalendarYearPublishedResponse,
  CalendarYearResponse,
  DeadlineResponse,
  WorkingDaysResponse,
} from './calendar.response.dto';
import { PublishCalendarYearRequest } from './publish-calendar-year.request.dto';

const DATED_FIELDS = ['year', 'holidays', 'workdays', 'source', 'approval'] as const;

/** The notice form, or else the dated form, whose presence the validation pipe has checked. */
function publishCommand(request: PublishCalendarYearRequest, actor: Actor): CalendarCommand {
  const { notice, reason } = request;
  const withReason = reason !== undefined ? { reason } : {};
  if (notice === undefined) {
    const { year, holidays, workdays, source, approval } = request as Required<PublishCalendarYearRequest>;
    return { type: 'PublishCalendarYear', actor, year, holidays, workdays, source, approval, ...withReason };
  }
  const mixed = DATED_FIELDS.filter((field) => request[field] !== undefined);
  if (mixed.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'validation',
      'The request is invalid',
      {},
      Object.fromEntries(mixed.map((field) => [field, ['must not be given with notice, which gives the year itself']])),
    );
  }
  return { type: 'PublishHolidayNotice', actor, notice, ...withReason };
}

@Injectable()
export class CalendarsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly calendars: CalendarProvider,
  ) {}

  /** After the append the provider re-reads the stream, so this process counts with the new year at once. */
  async publish(request: PublishCalendarYearRequest, context: WriteContext): Promise<CalendarYearPublishedResponse> {
    const { actor, correlationId, scope, expectedVersion } = context;
    const written = await handleIdempotently(
      this.store,
      calendarDecider,
      CALENDAR_STREAM_ID,
      publishCommand(request, actor),
      { scope, expectedVersion, metadata: { actor, correlationId } },
    );
    await this.calendars.refresh();
    const [published] = written.events;
    return {
      streamId: CALENDAR_STREAM_ID,
      version: published.streamVersion,
      position: published.globalPosition,
      ...(published.data as CalendarYearPublishedData),
    };
  }

  years(): Promise<CalendarListResponse> {
    return this.calendars.years();
  }

  async year(year: number): Promise<CalendarYearResponse> {
    const { items } = await this.calendars.years();
    const found = items.find((item) => item.year === year);
    if (!found) throw calendarYearErrors.yearNotFound(year);
    return found;
  }

  async workingDays(from: string, to: string): Promise<WorkingDaysResponse> {
    const { calendar, version } = await this.calendars.current();
    return { from, to, workingDays: calendar.workingDaysBetween(from, to), calendarVersion: version };
  }

  async deadline(from: string, days: number): Promise<DeadlineResponse> {
    const { calendar, version } = await this.calendars.current();
    const date = calendar.addWorkingDays(from, days);
    return { from, days, date, endsAt: endOfWorkingDay(date), calendarVersion: version };
  }
}
