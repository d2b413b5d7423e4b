import {
  Actor,
  calendarDecider,
  CALENDAR_STREAM_ID,
  DomainError,
  officialCalendar,
  OFFICIAL_CALENDAR_SOURCE,
  PublishCalendarYear,
} from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { CalendarProvider } from './calendar-provider';

const ADMIN: Actor = { id: 'ops-1', role: 'admin' };

/** A hypothetical 2027 notice: New Year off from Friday 1 January, so the first working day of 2027 is Monday 4 January. */
const YEAR_2027 = { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: [] };

function caught(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('CalendarProvider', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let clock: number;
  const now = () => clock;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
  });
  afterAll(async () => db.drop());
  beforeEach(() => {
    clock = 1_000_000;
  });

  /** Publishes as another process would: straight to the stream, no provider involved. */
  const publish = (overrides: Partial<PublishCalendarYear> = {}) =>
    handleCommand(
      store,
      calendarDecider,
      CALENDAR_STREAM_ID,
      { type: 'PublishCalendarYear', actor: ADMIN, ...YEAR_2027, source: '国办发明电〔2026〕7号', ...overrides },
      { metadata: { actor: ADMIN }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );

  it('takes a year published elsewhere into account once refreshMs has passed, without a restart', async () => {
    const provider = new CalendarProvider(store, { refreshMs: 1000, now });
    const before = await provider.current();
    expect(before.version).toBe(0);
    expect(caught(() => before.calendar.addWorkingDays('2026-12-31', 1)).code).toBe('CALENDAR_YEAR_UNKNOWN');

    await publish();
    clock += 999;
    expect((await provider.current()).version).toBe(0);
    clock += 1;
    const after = await provider.current();
    expect(after.version).toBe(1);
    expect(after.calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(after.calendar.knownYears()).toEqual([...officialCalendar().knownYears(), 2027]);
  });

  it('checks the stream at most once per refreshMs, with one read for concurrent callers', async () => {
    const provider = new CalendarProvider(store, { refreshMs: 1000, now });
    const reads = jest.spyOn(store, 'readStream');
    try {
      await Promise.all([provider.current(), provider.current(), provider.current()]);
      clock += 500;
      await provider.current();
      expect(reads).toHaveBeenCalledTimes(1);
      clock += 500;
      await provider.current();
      expect(reads).toHaveBeenCalledTimes(2);
      expect(reads).toHaveBeenLastCalledWith(CALENDAR_STREAM_ID, { fromVersion: 2 });
    } finally {
      reads.mockRestore();
    }
  });

  it('hands over the calendar it holds without reading, and starts the refresh behind it once refreshMs passed', async () => {
    const provider = new CalendarProvider(store, { refreshMs: 1000, now });
    const held = await provider.current();
    const reads = jest.spyOn(store, 'readStream');
    try {
      clock += 999;
      expect(provider.held()).toBe(held);
      await provider.current();
      expect(reads).not.toHaveBeenCalled();
      clock += 1;
      expect(provider.held()).toBe(held);
      // The refresh it started is under way: the caller that waits shares it.
      await provider.current();
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('sees a publication at once when refreshed after it, however recently it checked', async () => {
    const provider = new CalendarProvider(store, { refreshMs: 60_000, now });
    const before = await provider.current();
    const { version } = await publish({ holidays: [...YEAR_2027.holidays, '2027-01-04'], reason: '延长元旦假期' });
    expect((await provider.current()).version).toBe(before.version);
    const after = await provider.refresh();
    expect(after.version).toBe(version);
    expect(after.calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-05');
  });

  it('rebuilds the calendar of any earlier version, and none of a version not reached', async () => {
    const provider = new CalendarProvider(store, { now });
    expect(await provider.calendarAt(0)).toBe(officialCalendar());
    expect((await provider.calendarAt(1))!.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect((await provider.calendarAt(2))!.addWorkingDays('2026-12-31', 1)).toBe('2027-01-05');
    expect(await provider.calendarAt(3)).toBeUndefined();
    expect(await provider.calendarAt(-1)).toBeUndefined();
    expect(await provider.calendarAt(1.5)).toBeUndefined();
  });

  it('lists every known year with its source, the published ones with their version and recording time', async () => {
    const provider = new CalendarProvider(store, { now });
    const { version, items } = await provider.years();
    expect(version).toBe(2);
    expect(items[0]).toEqual({ ...officialCalendar().calendarYear(2010), source: OFFICIAL_CALENDAR_SOURCE });
    const [recorded] = await store.readStream(CALENDAR_STREAM_ID, { fromVersion: 2 });
    expect(items[items.length - 1]).toEqual({
      year: 2027,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
      workdays: [],
      source: '国办发明电〔2026〕7号',
      reason: '延长元旦假期',
      version: 2,
      publishedAt: recorded.recordedAt,
    });
  });
});
