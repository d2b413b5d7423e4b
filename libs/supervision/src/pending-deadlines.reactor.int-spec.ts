import {
  Actor,
  calendarDecider,
  CALENDAR_STREAM_ID,
  computeOperationDeadlines,
  officialCalendar,
  operationDecider,
  operationStreamId,
  RegisterOperation,
  WorkingCalendar,
} from '@app/domain';
import { handleCommand, newEventId, PostgresEventStore, RecordedEvent } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { CalendarProvider } from '@app/read-models';
import { SettableClock } from '@app/platform';
import { ProjectionRunner } from '@app/projector';
import { deadlinesComputedEventId, PendingDeadlinesReactor } from './pending-deadlines.reactor';

const ADMIN: Actor = { id: 'ops-1', role: 'admin' };
const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
/** A hypothetical 2027 notice: New Year's Day off, otherwise plain weeks. */
const YEAR_2027 = { year: 2027, holidays: ['2027-01-01'], workdays: [] };
/** Wednesday 2026-12-02: a 60-working-day limit reaches 2027, which the shipped calendar (2010–2026) does not know. */
const ACCEPTED_AT = '2026-12-02T09:00:00+08:00';
const LIMIT = { legalDays: 60, committedDays: 20 };
const CLOCK_NOW = '2026-12-20T10:00:00+08:00';

/**
 * Until global readers see every event written: the log hides events behind the oldest transaction still open in
 * the whole server (pg_snapshot_xmin), and spec files running beside this one hold some open on purpose.
 */
async function visible(dataSource: DataSource, store: PostgresEventStore): Promise<void> {
  const [{ n }] = await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM events');
  for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
    if ((await store.readAll({ limit: 100_000 })).length >= Number(n)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('PendingDeadlinesReactor', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let calendars: CalendarProvider;
  let reactor: PendingDeadlinesReactor;
  let runner: ProjectionRunner;
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
    calendars = new CalendarProvider(store, { refreshMs: 60_000 });
    const clock = new SettableClock();
    clock.set(CLOCK_NOW);
    reactor = new PendingDeadlinesReactor(store, calendars, clock);
    runner = new ProjectionRunner(db.dataSource, store, [reactor]);
  });
  afterAll(async () => db.drop());

  const register = async (calendar: WorkingCalendar, legalDays = LIMIT.legalDays): Promise<string> => {
    const id = `pending-${(sequence += 1)}`;
    const command: RegisterOperation = {
      type: 'RegisterOperation',
      actor: CG,
      recordedAt: '2026-12-03T10:00:00+08:00',
      id,
      powerCode: 'CG-CF-0060',
      department: 'CG',
      caseNumber: `宁城罚〔2026〕${sequence}号`,
      counterparty: { kind: 'person', name: '王五' },
      handlers: [{ name: '张三', post: '执法队员' }],
      acceptedAt: ACCEPTED_AT,
      power: {
        code: 'CG-CF-0060',
        exists: true,
        inForce: true,
        ownerDepartment: 'CG',
        timeLimit: { ...LIMIT, legalDays },
      },
      calendar,
      calendarVersion: 0,
    };
    await handleCommand(store, operationDecider, operationStreamId(id), command, {
      metadata: { actor: CG },
      eventIds: (count) => Array.from({ length: count }, newEventId),
    });
    return id;
  };
  const publish = (year: { year: number; holidays: string[]; workdays: string[] }) =>
    handleCommand(
      store,
      calendarDecider,
      CALENDAR_STREAM_ID,
      { type: 'PublishCalendarYear', actor: ADMIN, ...year, source: '国办发明电〔2026〕7号' },
      { metadata: { actor: ADMIN }, eventIds: (count) => Array.from({ length: count }, newEventId) },
    );
  const computed = async (id: string): Promise<RecordedEvent[]> =>
    (await store.readStream(operationStreamId(id))).filter((e) => e.type === 'OperationDeadlinesComputed');
  const awaiting = async (): Promise<Record<string, number[]>> =>
    Object.fromEntries(
      (
        await db.dataSource.query<{ operation_id: string; years: number[] }[]>(
          'SELECT operation_id, years FROM operations_awaiting_calendar',
        )
      ).map((row) => [row.operation_id, row.years]),
    );

  it('keeps operations pending until the year is published, then computes each once, restart-safe', async () => {
    // A subject whose detector rule waits for a year, kept in the schedule without a next check.
    await db.dataSource.query(
      `INSERT INTO alert_schedule (subject_kind, subject_id, next_check_at, undecided)
       VALUES ('operation', 'waiting-rule', NULL, '[{"cause":"late-registration","code":"CALENDAR_YEAR_UNKNOWN"}]')`,
    );
    const first = await register(officialCalendar());
    const second = await register(officialCalendar());
    const tooLong = await register(officialCalendar(), 300);
    await visible(db.dataSource, store);
    await runner.catchUp();
    expect(await awaiting()).toEqual({ [first]: [2027], [second]: [2027], [tooLong]: [2027] });
    expect(await computed(first)).toEqual([]);

    await publish(YEAR_2027);
    await visible(db.dataSource, store);
    // A crash after the appends but before the checkpoint commits: the batch is applied again.
    const batch = (await store.readAll()).filter((e) => reactor.handles.includes(e.type));
    await db.dataSource
      .transaction(async (tx) => {
        await reactor.apply(tx, batch);
        throw new Error('crash before the checkpoint');
      })
      .catch(() => undefined);
    expect(await computed(first)).toHaveLength(1);
    await visible(db.dataSource, store);
    await runner.catchUp();
    await visible(db.dataSource, store);
    await runner.catchUp();

    const with2027 = officialCalendar().withYear(YEAR_2027);
    for (const id of [first, second]) {
      const events = await computed(id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        eventId: deadlinesComputedEventId(id, 1),
        streamVersion: 2,
        metadata: { computedBy: 'operation-deadlines' },
        data: {
          id,
          deadlines: computeOperationDeadlines(ACCEPTED_AT, LIMIT, with2027).deadlines,
          calendarYears: [2026, 2027],
          calendarVersion: 1,
        },
      });
    }
    // The publication made the waiting rule due at once (the detectors' clock), for the deadline watcher.
    const [rule] = await db.dataSource.query<{ next_check_at: Date | null }[]>(
      `SELECT next_check_at FROM alert_schedule WHERE subject_id = 'waiting-rule'`,
    );
    expect(rule.next_check_at).toEqual(new Date(CLOCK_NOW));
    // 300 working days from 2026-12-02 reach 2028: it now waits for that year.
    expect(await computed(tooLong)).toEqual([]);
    expect(await awaiting()).toEqual({ [tooLong]: [2028] });
  });

  it('computes at once an operation recorded pending on a calendar older than the one published', async () => {
    const id = await register(officialCalendar());
    await visible(db.dataSource, store);
    await runner.catchUp();
    const events = await computed(id);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ calendarVersion: 1 });
    expect(Object.keys(await awaiting())).not.toContain(id);
  });
});
