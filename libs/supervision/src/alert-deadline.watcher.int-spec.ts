import { AppendRequest, openDatabase, PostgresEventStore } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { SettableClock } from '@app/platform';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { ProjectionRunner } from '@app/projector';
import {
  detectionOn,
  newOperationId,
  newPowerCode,
  nextCheckOf,
  raisedCounts,
  RED_FROM,
  recordingStore,
  REGISTERED_AT,
  Writer,
  YELLOW_FROM,
} from './alert-detection.fixtures';
import { AlertDetectorsReactor } from './alert-detectors.reactor';
import { DeadlineWatcher } from './alert-deadline.watcher';

/** Polls until `read` satisfies `done`, for what a running watcher does in the background. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const at = (instant: string): string => new Date(instant).toISOString();

describe('DeadlineWatcher', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let write: Writer;
  /** The reactor's clock: the watcher specs move their own. */
  let reactorClock: SettableClock;
  let runner: ProjectionRunner;
  const started: DeadlineWatcher[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const recording = recordingStore(db.dataSource);
    store = recording.store;
    write = new Writer(store, recording.recordAt);
    reactorClock = new SettableClock();
    reactorClock.set(REGISTERED_AT);
    runner = new ProjectionRunner(db.dataSource, store, [new AlertDetectorsReactor(detectionOn(store), reactorClock)]);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((watcher) => watcher.stop()));
  });
  afterAll(async () => db.drop());

  const watcher = (clock: SettableClock, maxSleepMs = 60_000) =>
    new DeadlineWatcher(db.dataSource, detectionOn(store), clock, { maxSleepMs });

  const start = async (clock: SettableClock, maxSleepMs?: number): Promise<DeadlineWatcher> => {
    const running = watcher(clock, maxSleepMs);
    started.push(running);
    await running.start();
    return running;
  };

  /** Registers an open operation and lets the reactor schedule it at REGISTERED_AT. */
  const openOperation = async (): Promise<string> => {
    const id = newOperationId();
    await write.register(id);
    await runner.catchUp();
    return id;
  };

  it('raises the yellow card, then the red one, each once, as the clock passes them', async () => {
    const id = await openOperation();
    const clock = new SettableClock();
    const once = watcher(clock);

    clock.set('2025-03-06T23:59:59.999+08:00');
    expect(await once.runDue()).toBe(0);
    expect(await raisedCounts(db.dataSource, id)).toEqual({});

    clock.set(YELLOW_FROM);
    expect(await once.runDue()).toBeGreaterThanOrEqual(1);
    expect(await raisedCounts(db.dataSource, id)).toEqual({ [`op:${id}:g10:committed-deadline-near`]: 1 });
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(at(RED_FROM));

    clock.set('2025-03-10T23:59:59.999+08:00');
    await once.runDue();
    expect(Object.keys(await raisedCounts(db.dataSource, id))).toHaveLength(1);

    clock.set(RED_FROM);
    await once.runDue();
    await once.runDue();
    expect(await raisedCounts(db.dataSource, id)).toEqual({
      [`op:${id}:g10:committed-deadline-near`]: 1,
      [`op:${id}:g10:committed-deadline-passed`]: 1,
    });
    // Still open: the legal deadline (03-31) is next.
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(at('2025-04-01T00:00:00+08:00'));
  });

  it('raises nothing for an operation completed in time, however late it gets', async () => {
    const id = await openOperation();
    await write.complete(id, '2025-03-05T10:00:00+08:00');
    await runner.catchUp();
    const clock = new SettableClock();
    clock.set('2026-01-01T00:00:00+08:00');
    await watcher(clock).runDue();
    expect(await raisedCounts(db.dataSource, id)).toEqual({});
  });

  it('stops the clock of a paused operation: no deadline card while the special procedure runs', async () => {
    const id = await openOperation();
    await write.step(id, 'pause', '2025-03-04T10:00:00+08:00');
    await runner.catchUp();
    // What is left to watch is the pause itself: more than 60 working days from 03-04 from 06-03.
    expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(new Date('2025-06-03T00:00:00+08:00').toISOString());
    const clock = new SettableClock();
    clock.set('2025-04-01T00:00:00+08:00');
    await watcher(clock).runDue();
    expect(await raisedCounts(db.dataSource, id)).toEqual({});
  });

  it('raises ground 10 yellow for a pause that lasts more than 60 working days, once', async () => {
    const id = await openOperation();
    await write.step(id, 'pause', '2025-03-04T10:00:00+08:00');
    await runner.catchUp();
    const clock = new SettableClock();
    clock.set('2025-06-03T00:00:00+08:00');
    await watcher(clock).runDue();
    await watcher(clock).runDue();
    expect(await raisedCounts(db.dataSource, id)).toEqual({ [`op:${id}:g10:long-pause:v2`]: 1 });
  });

  it('raises ground 2 for a grant still unpublished past its limit, not before', async () => {
    const code = newPowerCode();
    await write.grantPower(code, '2025-03-03T10:00:00+08:00');
    await runner.catchUp();
    const clock = new SettableClock();
    const once = watcher(clock);
    clock.set('2025-03-31T23:59:59.999+08:00');
    await once.runDue();
    expect(await raisedCounts(db.dataSource, code)).toEqual({});
    clock.set('2025-04-01T00:00:00+08:00');
    await once.runDue();
    expect(await raisedCounts(db.dataSource, code)).toEqual({ [`power:${code}:g2:grant-not-published:v1`]: 1 });
    expect(await nextCheckOf(db.dataSource, 'power', code)).toBeNull();
  });

  it('wakes when the clock jumps past the next check', async () => {
    const id = await openOperation();
    const clock = new SettableClock();
    clock.set(REGISTERED_AT);
    await start(clock);
    clock.set(RED_FROM);
    const counts = await eventually(
      () => raisedCounts(db.dataSource, id),
      (c) => c[`op:${id}:g10:committed-deadline-passed`] === 1,
    );
    expect(counts[`op:${id}:g10:committed-deadline-passed`]).toBe(1);
  });

  it('wakes when another process reschedules', async () => {
    const clock = new SettableClock();
    clock.set('2025-03-08T09:00:00+08:00');
    await start(clock);
    // The reactor runs late (its clock is still at registration): it schedules a yellow card already due.
    const id = await openOperation();
    const counts = await eventually(
      () => raisedCounts(db.dataSource, id),
      (c) => c[`op:${id}:g10:committed-deadline-near`] === 1,
    );
    expect(counts).toEqual({ [`op:${id}:g10:committed-deadline-near`]: 1 });
  });

  it('looks again after maxSleepMs even when nobody tells it the schedule changed', async () => {
    const id = await openOperation();
    const clock = new SettableClock();
    clock.set(RED_FROM);
    await db.dataSource.query(
      `UPDATE alert_schedule SET next_check_at = '2099-01-01' WHERE subject_kind = 'operation' AND subject_id = $1`,
      [id],
    );
    await start(clock, 100);
    // Written behind its back: no NOTIFY, no clock jump.
    await db.dataSource.query(
      `UPDATE alert_schedule SET next_check_at = $2 WHERE subject_kind = 'operation' AND subject_id = $1`,
      [id, RED_FROM],
    );
    const counts = await eventually(
      () => raisedCounts(db.dataSource, id),
      (c) => c[`op:${id}:g10:committed-deadline-passed`] === 1,
    );
    expect(counts).toEqual({ [`op:${id}:g10:committed-deadline-passed`]: 1 });
  });

  it('raises on start what came due while no watcher was running', async () => {
    const id = await openOperation();
    const clock = new SettableClock();
    clock.set(REGISTERED_AT);
    await (await start(clock)).stop();
    clock.set(RED_FROM);
    expect(await raisedCounts(db.dataSource, id)).toEqual({});
    await start(clock);
    const counts = await eventually(
      () => raisedCounts(db.dataSource, id),
      (c) => c[`op:${id}:g10:committed-deadline-passed`] === 1,
    );
    expect(counts).toEqual({ [`op:${id}:g10:committed-deadline-passed`]: 1 });
  });

  it('raises every due alert exactly once when killed after raising them and before rescheduling', async () => {
    const ids = [await openOperation(), await openOperation(), await openOperation()];
    const clock = new SettableClock();
    clock.set(RED_FROM);

    // The doomed watcher has connections of its own, as another process would; it raises the three alerts together,
    // then hangs before it reschedules.
    const doomedDb = await openDatabase(db.url, { migrations: ALL_MIGRATIONS, poolSize: 3 });
    let release: (error: Error) => void = () => undefined;
    const hanging = Object.create(store) as PostgresEventStore;
    hanging.appendMany = async (requests: AppendRequest[]) => {
      await store.appendMany(requests);
      return new Promise((_, reject) => (release = reject));
    };
    const doomed = new DeadlineWatcher(doomedDb, detectionOn(hanging), clock, { maxSleepMs: 60_000 });
    const batch = doomed.runBatch();
    const raisedBeforeKill = await eventually(
      async () => (await Promise.all(ids.map((id) => raisedCounts(db.dataSource, id)))).map((c) => Object.keys(c)),
      (lists) => lists.flat().length === 3,
    );
    expect(raisedBeforeKill.flat()).toHaveLength(3);

    // Kill it: PostgreSQL ends its session and rolls back the claim with the reschedules it had written.
    const killed = await db.dataSource.query<{ pid: number }[]>(
      `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    expect(killed).toHaveLength(1);
    release(new Error('process killed'));
    await expect(batch).rejects.toThrow();
    await doomedDb.destroy().catch(() => undefined);
    for (const id of ids) expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(at(YELLOW_FROM));

    // The restart checks all three again and raises none of them twice.
    await watcher(clock).runDue();
    for (const id of ids) {
      expect(await raisedCounts(db.dataSource, id)).toEqual({ [`op:${id}:g10:committed-deadline-passed`]: 1 });
      expect(await nextCheckOf(db.dataSource, 'operation', id)).toBe(at('2025-04-01T00:00:00+08:00'));
    }
  });
});
