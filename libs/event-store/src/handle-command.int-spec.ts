import { DataSource } from 'typeorm';
import { Decider, DomainError } from '@app/domain';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { GroupCommit } from './group-commit';
import { handleCommand } from './handle-command';
import { newEventId, PostgresEventStore } from './postgres/postgres-event-store';
import { VersionConflictError } from './event-store.errors';

type CounterEvent = { type: 'Incremented'; data: { by: number } };
type CounterCommand = { type: 'increment'; by: number; limit: number };
type CounterState = { total: number };

/** A counter that may not pass its limit: enough to show decide, evolve, retries and If-Match. */
const counter: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: { total: 0 },
  decide: (command, state) => {
    if (command.by === 0) return [];
    if (state.total + command.by > command.limit) throw new DomainError('LIMIT_PASSED', 'rule', 'limit passed');
    return [{ type: 'Incremented', data: { by: command.by } }];
  },
  evolve: (state, event) => ({ total: state.total + event.data.by }),
};

describe('handleCommand', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let n = 0;
  const options = {
    metadata: { actor: { id: 't', role: 'admin' } },
    eventIds: (count: number) => Array.from({ length: count }, newEventId),
  };

  beforeAll(async () => {
    db = await createTestDatabase(30);
    store = new PostgresEventStore(db.dataSource);
  });
  afterAll(async () => db.drop());
  const stream = (): string => `counter-${(n += 1)}`;

  it('reads, decides and appends, returning the new state and position', async () => {
    const id = stream();
    await handleCommand(store, counter, id, { type: 'increment', by: 2, limit: 10 }, options);
    const outcome = await handleCommand(store, counter, id, { type: 'increment', by: 3, limit: 10 }, options);
    expect(outcome.state).toEqual({ total: 5 });
    expect(outcome.version).toBe(2);
    expect(outcome.position).toBeGreaterThan(0);
    expect((await store.readStream(id))[1].metadata).toEqual(options.metadata);
  });

  it('writes nothing when the decider returns no events', async () => {
    const id = stream();
    const outcome = await handleCommand(store, counter, id, { type: 'increment', by: 0, limit: 10 }, options);
    expect(outcome.position).toBeUndefined();
    expect(await store.readStream(id)).toEqual([]);
  });

  it('rejects a stale If-Match version without writing', async () => {
    const id = stream();
    await handleCommand(store, counter, id, { type: 'increment', by: 1, limit: 10 }, options);
    await expect(
      handleCommand(store, counter, id, { type: 'increment', by: 1, limit: 10 }, { ...options, expectedVersion: 0 }),
    ).rejects.toThrow(VersionConflictError);
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('retries lost races on fresh state, so concurrent commands all land and rules hold', async () => {
    const id = stream();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        handleCommand(store, counter, id, { type: 'increment', by: 1, limit: 10 }, { ...options, maxAttempts: 20 }),
      ),
    );
    const events = await store.readStream(id);
    expect(events).toHaveLength(10);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected).toHaveLength(2);
    for (const r of rejected) expect(r.reason).toMatchObject({ code: 'LIMIT_PASSED' });
  });

  describe('newStream', () => {
    it('appends to a new stream without reading it, through the group commit when given', async () => {
      const id = stream();
      const groupCommit = new GroupCommit(store);
      const reads = jest.spyOn(store, 'readStream');
      const grouped = jest.spyOn(groupCommit, 'append');
      try {
        const outcome = await handleCommand(
          store,
          counter,
          id,
          { type: 'increment', by: 2, limit: 10 },
          {
            ...options,
            newStream: { groupCommit },
          },
        );
        expect(outcome).toMatchObject({ state: { total: 2 }, version: 1, history: [] });
        expect(outcome.append?.duplicate).toBe(false);
        expect(reads).not.toHaveBeenCalled();
        expect(grouped).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
      }
      expect((await store.readStream(id)).map((e) => e.data)).toEqual([{ by: 2 }]);
    });

    it('decides again on the history when the stream exists after all', async () => {
      const id = stream();
      await handleCommand(store, counter, id, { type: 'increment', by: 8, limit: 10 }, options);
      // Against the empty state 3 is within the limit of 10; on the stream's history (8) it is not.
      await expect(
        handleCommand(store, counter, id, { type: 'increment', by: 3, limit: 10 }, { ...options, newStream: {} }),
      ).rejects.toMatchObject({ code: 'LIMIT_PASSED' });
      const outcome = await handleCommand(
        store,
        counter,
        id,
        { type: 'increment', by: 2, limit: 10 },
        { ...options, newStream: {} },
      );
      expect(outcome).toMatchObject({ state: { total: 10 }, version: 2 });
    });

    it('flags a retry whose event ids the stream holds already as a duplicate, writing nothing', async () => {
      const id = stream();
      const eventId = newEventId();
      const sameIds = { ...options, eventIds: () => [eventId], newStream: {} };
      await handleCommand(store, counter, id, { type: 'increment', by: 1, limit: 10 }, sameIds);
      const retry = await handleCommand(store, counter, id, { type: 'increment', by: 1, limit: 10 }, sameIds);
      expect(retry.append).toMatchObject({ duplicate: true, events: [{ eventId, streamVersion: 1 }] });
      expect(await store.readStream(id)).toHaveLength(1);
    });
  });
});

describe('handleCommand across processes', () => {
  let db: TestDatabase;
  const processes: DataSource[] = [];
  const options = {
    metadata: { actor: { id: 't', role: 'admin' } },
    eventIds: (count: number) => Array.from({ length: count }, newEventId),
  };
  const unlimited = { type: 'increment' as const, by: 1, limit: 1_000 };

  beforeAll(async () => {
    db = await createTestDatabase(10);
    for (let i = 0; i < 3; i += 1) {
      const other = new DataSource(db.dataSource.options);
      await other.initialize();
      processes.push(other);
    }
  });
  afterAll(async () => {
    for (const other of processes) await other.destroy();
    await db.drop();
  });

  it('lands every unversioned command when writers in several processes race on one stream', async () => {
    // A store per process: each has its own queue, so the processes do race in the database.
    const stores = processes.map((dataSource) => new PostgresEventStore(dataSource));
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        handleCommand(stores[i % stores.length], counter, 'raced', unlimited, options),
      ),
    );
    const events = await stores[0].readStream('raced');
    expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(outcomes.map((o) => o.version)).size).toBe(60);
  });

  it('keeps exactly one winner among writers of several processes that assert the same version', async () => {
    const stores = processes.map((dataSource) => new PostgresEventStore(dataSource));
    await handleCommand(stores[0], counter, 'if-match', unlimited, options);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        handleCommand(stores[i % stores.length], counter, 'if-match', unlimited, { ...options, expectedVersion: 1 }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const lost of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected'))
      expect(lost.reason).toBeInstanceOf(VersionConflictError);
    expect(await stores[0].readStream('if-match')).toHaveLength(2);
  });
});
