import { checkpointAfter, newEventId, PostgresEventStore, RecordedEvent } from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { EntityManager } from 'typeorm';
import { Projection } from './projection';
import { ProjectionFailure, ProjectionRunner } from './projection-runner';

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Counts Tallied events per stream, and can be told to crash on one event, once. */
class TallyProjection implements Projection {
  readonly handles = ['Tallied'];
  crashOn: string | undefined;

  constructor(readonly name: string) {}

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      await tx.query(
        `INSERT INTO tally (projection, stream_id, count) VALUES ($1, $2, 1)
         ON CONFLICT (projection, stream_id) DO UPDATE SET count = tally.count + 1`,
        [this.name, event.streamId],
      );
      if (event.eventId === this.crashOn) {
        this.crashOn = undefined;
        throw new Error('projector killed in the middle of a batch');
      }
    }
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('DELETE FROM tally WHERE projection = $1', [this.name]);
  }
}

/**
 * A reactor: appends an event of its own for each event it handles, outside its batch's transaction (as the alert
 * detectors raise alerts), then takes its time before the batch commits.
 */
class EchoReactor implements Projection {
  readonly handles = ['Shouted'];

  constructor(
    readonly name: string,
    private readonly store: PostgresEventStore,
  ) {}

  async apply(_tx: EntityManager, events: RecordedEvent[]): Promise<{ appended: boolean }> {
    for (const event of events) {
      await this.store.append({
        streamId: `echo-${event.streamId}`,
        expectedVersion: 'any',
        events: [{ eventId: newEventId(), type: 'Echoed', data: {} }],
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { appended: events.length > 0 };
  }
}

/** Fails on every event whose id is poisoned, for as long as it is, as a read model fails on text it cannot hold. */
class PoisonableTally extends TallyProjection {
  readonly poisoned = new Set<string>();
  /** When each attempt on a poisoned event began. */
  readonly attemptsAt: number[] = [];

  get attemptsOnPoison(): number {
    return this.attemptsAt.length;
  }

  override async apply(tx: EntityManager, events: RecordedEvent[]): Promise<void> {
    const startedAt = Date.now();
    await super.apply(tx, events);
    if (events.some((event) => this.poisoned.has(event.eventId))) {
      this.attemptsAt.push(startedAt);
      throw new Error('unsupported Unicode escape sequence\nDETAIL: further lines are not shown');
    }
  }
}

describe('ProjectionRunner', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource);
    // A read model of this test's own, created as migrations create them: by the owner, for the application role.
    await (
      await db.owner()
    ).query(
      'CREATE TABLE tally (projection text, stream_id text, count int NOT NULL, PRIMARY KEY (projection, stream_id))',
    );
  });
  afterAll(async () => db.drop());

  const tallied = (): { eventId: string; type: string; data: unknown } => ({
    eventId: newEventId(),
    type: 'Tallied',
    data: {},
  });
  const append = async (streamId: string, count: number): Promise<string[]> => {
    const events = Array.from({ length: count }, tallied);
    events.splice(1, 0, { eventId: newEventId(), type: 'Ignored', data: {} });
    await store.append({ streamId, expectedVersion: 'any', events });
    return events.filter((e) => e.type === 'Tallied').map((e) => e.eventId);
  };
  const tally = async (projection: string): Promise<Record<string, number>> => {
    const rows = await db.dataSource.query<{ stream_id: string; count: number }[]>(
      'SELECT stream_id, count FROM tally WHERE projection = $1',
      [projection],
    );
    return Object.fromEntries(rows.map((r) => [r.stream_id, r.count]));
  };
  const name = (): string => `tally-${(sequence += 1)}`;

  it('applies each handled event once, in batches, and keeps its own checkpoint', async () => {
    const first = new TallyProjection(name());
    const runner = new ProjectionRunner(db.dataSource, store, [first], { batchSize: 7 });
    await append('a-1', 10);
    await append('a-2', 5);
    await runner.catchUp();
    expect(await tally(first.name)).toMatchObject({ 'a-1': 10, 'a-2': 5 });
    await runner.catchUp();
    expect(await tally(first.name)).toMatchObject({ 'a-1': 10, 'a-2': 5 });
    await append('a-1', 2);
    await runner.catchUp();
    expect((await tally(first.name))['a-1']).toBe(12);
    const checkpoint = await runner.checkpoint(first.name);
    expect(checkpoint.position).toBeGreaterThan(0);
  });

  it('resumes exactly where it stopped after a crash in the middle of a batch', async () => {
    const projection = new TallyProjection(name());
    const runner = new ProjectionRunner(db.dataSource, store, [projection], { batchSize: 100 });
    await runner.catchUp();
    const before = await tally(projection.name);
    const checkpointBefore = await runner.checkpoint(projection.name);

    const ids = await append('crash-1', 6);
    projection.crashOn = ids[3];
    await expect(runner.catchUp()).rejects.toThrow('projector killed');
    expect(await tally(projection.name)).toEqual(before);
    expect(await runner.checkpoint(projection.name)).toEqual(checkpointBefore);

    // A new runner, as after a restart, with the same projection state.
    const restarted = new ProjectionRunner(db.dataSource, store, [projection], { batchSize: 100 });
    await restarted.catchUp();
    expect((await tally(projection.name))['crash-1']).toBe(6);
  });

  it('follows the log once started and lets readers wait for a position', async () => {
    const projection = new TallyProjection(name());
    const runner = new ProjectionRunner(db.dataSource, store, [projection], { pollMs: 5000 });
    await runner.start();
    try {
      const result = await store.append({ streamId: 'live-1', expectedVersion: 'any', events: [tallied(), tallied()] });
      expect(await runner.waitFor(result.position, 5000)).toBe(true);
      expect((await tally(projection.name))['live-1']).toBe(2);
    } finally {
      await runner.stop();
    }
  });

  it('reports a projection that fails on an event, at once and once, and retries it with backoff until it passes', async () => {
    const projection = new PoisonableTally(name());
    const healthy = new TallyProjection(name());
    const failures: ProjectionFailure[] = [];
    const recoveries: ProjectionFailure[] = [];
    const runner = new ProjectionRunner(db.dataSource, store, [projection, healthy], {
      batchSize: 100,
      pollMs: 5000,
      maxRetryMs: 400,
      onFailure: (failure) => failures.push(failure),
      onRecovery: (failure) => recoveries.push(failure),
    });
    await runner.catchUp();
    const events = Array.from({ length: 6 }, tallied);
    projection.poisoned.add(events[3].eventId);
    const appended = await store.append({ streamId: 'poison-1', expectedVersion: 'no-stream', events });
    const poison = appended.events[3].globalPosition;
    const recorded = () =>
      db.dataSource.query<{ failed_position: string | null; failure: string | null; failed_attempts: number }[]>(
        'SELECT failed_position, failure, failed_attempts FROM projection_checkpoints WHERE name = $1',
        [projection.name],
      );
    await runner.start();
    try {
      await until(async () => (await recorded())[0].failed_attempts >= 3);
      const [row] = await recorded();
      expect(row).toMatchObject({ failed_position: String(poison), failure: 'unsupported Unicode escape sequence' });
      // The events before the poisoned one are applied, those after it wait; the other projection goes on.
      expect((await tally(projection.name))['poison-1']).toBe(3);
      expect((await tally(healthy.name))['poison-1']).toBe(6);
      expect(failures).toEqual([
        {
          projection: projection.name,
          event: { position: poison, type: 'Tallied', streamId: 'poison-1' },
          error: 'unsupported Unicode escape sequence',
          attempts: 1,
          retryAt: expect.any(Date),
        },
      ]);
      expect(projection.attemptsOnPoison).toBeGreaterThanOrEqual(3);

      projection.poisoned.clear();
      await until(async () => (await recorded())[0].failure === null);
      expect(await recorded()).toEqual([{ failed_position: null, failure: null, failed_attempts: 0 }]);
      await until(async () => (await tally(projection.name))['poison-1'] === 6);
      expect(recoveries).toHaveLength(1);
      expect(failures).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  }, 30_000);

  it('waits longer after each failed attempt, up to maxRetryMs, however often it is woken meanwhile', async () => {
    const projection = new PoisonableTally(name());
    const runner = new ProjectionRunner(db.dataSource, store, [projection], { pollMs: 10, maxRetryMs: 600 });
    await runner.catchUp();
    const [poisoned] = await append('poison-2', 1);
    projection.poisoned.add(poisoned);
    await runner.start();
    try {
      await until(() => projection.attemptsOnPoison >= 6);
      // The first attempt is its batch (the event and the next one), the second the event alone, to tell which
      // event fails; each retry then is the event alone. Woken every 10 ms by the poll, it still waits 250 ms,
      // 500 ms, then 600 ms (the most) between attempts…
      const [batch, alone, ...retries] = projection.attemptsAt;
      expect(alone - batch).toBeLessThan(245);
      const gaps = retries.map((at, i) => at - (i === 0 ? alone : retries[i - 1]));
      expect(gaps[0]).toBeGreaterThanOrEqual(245);
      expect(gaps[1]).toBeGreaterThanOrEqual(495);
      expect(gaps[2]).toBeGreaterThanOrEqual(595);
      expect(gaps[3]).toBeGreaterThanOrEqual(595);
      // …and no more than that, give or take a loaded machine.
      expect(gaps[3]).toBeLessThan(3_000);
    } finally {
      await runner.stop();
    }
  }, 30_000);

  it('reports a timeout when a projection does not reach the position', async () => {
    const projection = new TallyProjection(name());
    const runner = new ProjectionRunner(db.dataSource, store, [projection]);
    const result = await store.append({ streamId: 'late-1', expectedVersion: 'any', events: [tallied()] });
    expect(await runner.waitFor(result.position, 100)).toBe(false);
    expect(await runner.waitFor(Number.MAX_SAFE_INTEGER, 100)).toBe(false);
  });

  it('never applies a batch twice when two runners race', async () => {
    const projection = new TallyProjection(name());
    await append('race-1', 30);
    const runners = [1, 2, 3].map(() => new ProjectionRunner(db.dataSource, store, [projection], { batchSize: 4 }));
    await Promise.all(runners.map((r) => r.catchUp()));
    await runners[0].catchUp();
    expect((await tally(projection.name))['race-1']).toBe(30);
  });

  it('rebuilds a read model from the start of the log', async () => {
    const projection = new TallyProjection(name());
    const runner = new ProjectionRunner(db.dataSource, store, [projection]);
    await append('rebuild-1', 3);
    await runner.catchUp();
    await db.dataSource.query(`UPDATE tally SET count = 999 WHERE projection = $1`, [projection.name]);
    await runner.rebuild(projection);
    expect((await tally(projection.name))['rebuild-1']).toBe(3);
  });

  it('rebuilds a projection it never started (no checkpoint yet) from the start of the log', async () => {
    const projection = new TallyProjection(name());
    await append('rebuild-fresh', 2);
    const runner = new ProjectionRunner(db.dataSource, store, [projection]);
    expect(await runner.rebuild(projection)).toBeGreaterThanOrEqual(2);
    expect((await tally(projection.name))['rebuild-fresh']).toBe(2);
  });

  it("wakes the log's readers when what a reactor appended becomes visible, at its batch's commit", async () => {
    // The reactor's batch transaction began first, so its echo stays invisible to readers of the log until that
    // transaction commits; the wake-up at the append itself came too early for them.
    const reactor = new EchoReactor(name(), store);
    const runner = new ProjectionRunner(db.dataSource, new PostgresEventStore(db.dataSource), [reactor]);
    const reader = new PostgresEventStore(db.dataSource);
    let after = (await reader.readAll({ limit: 1_000_000 })).at(-1)!;
    const seen: string[] = [];
    let woken = 0;
    const unsubscribe = await reader.subscribe(() => {
      woken += 1;
      void reader.readAll({ after: checkpointAfter(after), limit: 1000 }).then((events) => {
        for (const event of events) seen.push(event.type);
        after = events.at(-1) ?? after;
      });
    }, 60_000);
    try {
      await store.append({
        streamId: `shout-${name()}`,
        expectedVersion: 'no-stream',
        events: [{ eventId: newEventId(), type: 'Shouted', data: {} }],
      });
      await runner.catchUp();
      const deadline = Date.now() + 3000;
      while (!seen.includes('Echoed') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toContain('Echoed');
      expect(woken).toBeGreaterThan(0);
    } finally {
      await unsubscribe();
    }
  });
});
