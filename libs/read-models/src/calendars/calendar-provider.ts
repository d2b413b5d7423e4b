import {
  calendarDecider,
  CalendarEvent,
  CalendarState,
  CALENDAR_STREAM_ID,
  calendarYearsOf,
  CalendarYearView,
  fold,
  initialCalendarState,
  officialCalendar,
  WorkingCalendar,
  workingCalendarOf,
} from '@app/domain';
import { EventLogReader, RecordedEvent } from '@app/event-store/reading';

/** The working calendar as of one version of the calendar stream. */
export interface CalendarSnapshot {
  /** Version of the calendar stream it was built from; 0 when only the built-in years are known. */
  readonly version: number;
  readonly calendar: WorkingCalendar;
  readonly state: CalendarState;
  /** When each published version was recorded, by stream version. */
  readonly publishedAt: ReadonlyMap<number, string>;
}

export interface PublishedCalendarYearView extends CalendarYearView {
  /** When the publication in force for this year was recorded; absent for built-in years. */
  publishedAt?: string;
}

export interface CalendarProviderOptions {
  /** How long an answer may be reused before the calendar stream is checked again for new publications. */
  refreshMs?: number;
  /** Milliseconds since the epoch; a clock for tests. */
  now?: () => number;
}

export const DEFAULT_CALENDAR_REFRESH_MS = 1000;

/** Calendars of earlier versions kept for `calendarAt`; deadlines mostly ask for a few recent ones. */
const PAST_VERSIONS_KEPT = 8;

const toCalendarEvent = (event: RecordedEvent): CalendarEvent =>
  ({ type: event.type, data: event.data }) as CalendarEvent;

/**
 * The working calendar in force: the built-in years plus every year published on the calendar stream. Each process
 * keeps it in memory and checks the stream for new publications at most every `refreshMs`, reading only the events
 * after the version it has (one indexed range query, usually empty); so a year published by any process takes
 * effect everywhere within `refreshMs`, without a restart. The process that publishes calls `refresh()` and sees
 * its own publication at once.
 */
export class CalendarProvider {
  private snapshot: CalendarSnapshot = {
    version: 0,
    calendar: officialCalendar(),
    state: initialCalendarState,
    publishedAt: new Map(),
  };
  private checkedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<CalendarSnapshot> | undefined;
  private readonly pastVersions = new Map<number, WorkingCalendar>();
  private readonly refreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: EventLogReader,
    options: CalendarProviderOptions = {},
  ) {
    this.refreshMs = options.refreshMs ?? DEFAULT_CALENDAR_REFRESH_MS;
    this.now = options.now ?? Date.now;
  }

  /** The calendar in force, at most `refreshMs` old. */
  async current(): Promise<CalendarSnapshot> {
    if (this.now() - this.checkedAt < this.refreshMs) return this.snapshot;
    return this.pending ?? this.refresh();
  }

  /**
   * The calendar held now, without waiting for the database (/health under a flood); when it is older than
   * `refreshMs` a refresh starts behind it, for the next call.
   */
  held(): CalendarSnapshot {
    if (this.now() - this.checkedAt >= this.refreshMs) this.current().catch(() => undefined);
    return this.snapshot;
  }

  /** The working calendar in force, for code that needs nothing else (deadlines, the publication duty). */
  async calendar(): Promise<WorkingCalendar> {
    return (await this.current()).calendar;
  }

  /**
   * Reads the publications appended since the version held. A refresh already under way may have read the stream
   * before the caller's own publication committed, so this one starts after it instead of joining it.
   */
  refresh(): Promise<CalendarSnapshot> {
    const previous = this.pending ?? Promise.resolve(this.snapshot);
    const next = previous.catch(() => this.snapshot).then(() => this.readNewEvents());
    this.pending = next;
    const clear = (): void => {
      if (this.pending === next) this.pending = undefined;
    };
    next.then(clear, clear);
    return next;
  }

  /** Every known year with its dates and where they come from, ascending. */
  async years(): Promise<{ version: number; items: PublishedCalendarYearView[] }> {
    const { version, state, publishedAt } = await this.current();
    const items = calendarYearsOf(state).map((year) => {
      const recordedAt = year.version === undefined ? undefined : publishedAt.get(year.version);
      return recordedAt === undefined ? year : { ...year, publishedAt: recordedAt };
    });
    return { version, items };
  }

  /**
   * The calendar exactly as it stood at a version of the calendar stream (0: the built-in years only), so that a
   * deadline can be recomputed with the calendar that produced it; undefined when the stream never reached it.
   */
  async calendarAt(version: number): Promise<WorkingCalendar | undefined> {
    if (!Number.isSafeInteger(version) || version < 0) return undefined;
    if (version === 0) return officialCalendar();
    let snapshot = this.snapshot;
    if (version > snapshot.version) snapshot = await this.refresh();
    if (version === snapshot.version) return snapshot.calendar;
    if (version > snapshot.version) return undefined;
    const kept = this.pastVersions.get(version);
    if (kept) return kept;
    const history = await this.store.readStream(CALENDAR_STREAM_ID, { toVersion: version });
    const calendar = workingCalendarOf(fold(calendarDecider, history.map(toCalendarEvent)));
    this.pastVersions.set(version, calendar);
    if (this.pastVersions.size > PAST_VERSIONS_KEPT) this.pastVersions.delete(this.pastVersions.keys().next().value!);
    return calendar;
  }

  private async readNewEvents(): Promise<CalendarSnapshot> {
    const startedAt = this.now();
    const current = this.snapshot;
    const events = await this.store.readStream(CALENDAR_STREAM_ID, { fromVersion: current.version + 1 });
    this.checkedAt = startedAt;
    if (events.length === 0) return current;
    const state = events.map(toCalendarEvent).reduce(calendarDecider.evolve, current.state);
    const publishedAt = new Map(current.publishedAt);
    for (const event of events) publishedAt.set(event.streamVersion, event.recordedAt);
    this.snapshot = {
      version: events[events.length - 1].streamVersion,
      calendar: workingCalendarOf(state),
      state,
      publishedAt,
    };
    return this.snapshot;
  }
}
