import {
  Actor,
  CALENDAR_STREAM_ID,
  CalendarEvent,
  calendarDecider,
  CalendarState,
  CalendarYear,
  CalendarYearPublishedData,
  fold,
  HolidayNotice,
  knownCalendarYear,
  PublishHolidayNotice,
} from '@app/domain';
import { EventStore, handleCommand, newEventId, RecordedEvent } from '@app/event-store';

export interface CalendarPublishOptions {
  actorId: string;
  correlationId: string;
  reason?: string;
  dryRun: boolean;
}

export interface CalendarPublishOutcome {
  /** The publication, decided and, unless a dry run, recorded. */
  published: CalendarYearPublishedData;
  /** Where it was recorded; undefined in a dry run. */
  recorded?: { version: number; position: number };
}

/**
 * `calendar publish`: the notice through the calendar decider, as POST /v1/admin/calendars with `notice` decides it;
 * a dry run decides on the stream as it stands and appends nothing. A rule the publication breaks throws its
 * DomainError (CALENDAR_INVALID, CALENDAR_YEAR_EXISTS, CALENDAR_UNCHANGED) in both.
 */
export class CalendarPublishService {
  constructor(private readonly store: EventStore) {}

  async publish(notice: HolidayNotice, options: CalendarPublishOptions): Promise<CalendarPublishOutcome> {
    const actor: Actor = { id: options.actorId, role: 'admin' };
    const command: PublishHolidayNotice = {
      type: 'PublishHolidayNotice',
      actor,
      notice,
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
    };
    if (options.dryRun) {
      const [event] = calendarDecider.decide(command, await this.state());
      return { published: event.data };
    }
    const outcome = await handleCommand(this.store, calendarDecider, CALENDAR_STREAM_ID, command, {
      metadata: { actor, correlationId: options.correlationId },
      eventIds: (count) => Array.from({ length: count }, newEventId),
    });
    const [event] = outcome.events;
    return {
      published: event.data,
      recorded: { version: outcome.version, position: outcome.position! },
    };
  }

  /** The year as the calendar has it now, built in or published; undefined when it is not known. */
  async known(year: number): Promise<CalendarYear | undefined> {
    return knownCalendarYear(await this.state(), year);
  }

  private async state(): Promise<CalendarState> {
    return stateOf(await this.store.readStream(CALENDAR_STREAM_ID));
  }
}

function stateOf(history: readonly RecordedEvent[]): CalendarState {
  return fold(
    calendarDecider,
    history.map((event) => ({ type: event.type, data: event.data }) as CalendarEvent),
  );
}
