import { alertStreamId } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { SettableClock } from '@app/platform';
import { ProjectionRunner } from '@app/projector';
import { AlertDetection } from './alert-detection';
import { CALENDAR, newOperationId, PENALTY_POWER, recordingStore, Writer } from './alert-detection.fixtures';
import { DeadlineWatcher } from './alert-deadline.watcher';
import { AlertDetectorsReactor } from './alert-detectors.reactor';
import { recheckUndecided, undecidedRules } from './alert-schedule';

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

/**
 * A detector rule that cannot decide (its count needs a calendar year nobody published) does not silence the others,
 * is kept with its reason for /health, and is decided once the year is published.
 */
describe('undecided detector rules', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let write: Writer;
  let clock: SettableClock;
  let calendar = CALENDAR;
  let detection: AlertDetection;

  beforeAll(async () => {
    db = await createTestDatabase();
    const recording = recordingStore(db.dataSource);
    store = recording.store;
    write = new Writer(store, recording.recordAt);
    clock = new SettableClock();
    clock.set('2010-01-05T12:00:00+08:00');
    detection = new AlertDetection(store, {
      calendar: () => Promise.resolve(calendar),
      publicationLimitWorkingDays: 20,
      retryAfterMs: 60_000,
    });
  });
  afterAll(async () => db.drop());

  const raised = async (alertId: string) =>
    (await store.readStream(alertStreamId(alertId))).filter((e) => e.type === 'AlertRaised').length;

  it('raises what it can, keeps late registration undecided for 2009 in the schedule, and decides it later', async () => {
    const id = newOperationId();
    // Accepted 2009-12-30 (no calendar for 2009), registered 2010-01-05: two known working days, 31 December unknown.
    await write.register(id, {
      acceptedAt: '2009-12-30T09:00:00+08:00',
      recordedAt: '2010-01-05T10:00:00+08:00',
      power: { ...PENALTY_POWER, inForce: false, notInForceReason: 'cancelled' },
    });
    const runner = new ProjectionRunner(db.dataSource, store, [new AlertDetectorsReactor(detection, clock)]);
    await visible(db.dataSource, store);
    await runner.catchUp();

    expect(await raised(`op:${id}:g1:power-not-in-force`)).toBe(1);
    expect(await raised(`op:${id}:g1:late-registration`)).toBe(0);
    expect(await undecidedRules(db.dataSource)).toEqual([
      {
        cause: 'late-registration',
        code: 'CALENDAR_YEAR_UNKNOWN',
        year: 2009,
        subjects: 1,
        reason: expect.stringContaining('2009'),
      },
    ]);
    const [row] = await db.dataSource.query<{ next_check_at: Date | null }[]>(
      'SELECT next_check_at FROM alert_schedule WHERE subject_id = $1',
      [id],
    );
    // Nothing can become due by time alone (no deadlines): it is kept only for the undecided rule.
    expect(row.next_check_at).toBeNull();

    // 2009 published with 31 December a working day: three working days late, not more than three; decided.
    calendar = CALENDAR.withYear({ year: 2009, holidays: [], workdays: [] });
    await db.dataSource.transaction((tx) => recheckUndecided(tx, clock.now()));
    const watcher = new DeadlineWatcher(db.dataSource, detection, clock, { maxSleepMs: 60_000 });
    expect(await watcher.runDue()).toBe(1);
    expect(await raised(`op:${id}:g1:late-registration`)).toBe(0);
    expect(await undecidedRules(db.dataSource)).toEqual([]);
    expect(await db.dataSource.query('SELECT 1 FROM alert_schedule WHERE subject_id = $1', [id])).toEqual([]);
  });
});
