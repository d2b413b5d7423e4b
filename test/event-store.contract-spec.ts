import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import {
  compareCheckpoints,
  EventStore,
  NewEvent,
  newEventId,
  PostgresEventStore,
  RecordedEvent,
  START_OF_LOG,
  VersionConflictError,
} from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';

/**
 * The EventStore contract, written once against the port. Each implementation that is reachable supplies a
 * fixture; the PostgreSQL one always runs. Implementation-specific attacks (editing rows behind the store's
 * back) go through `raw`, the implementation's own SQL access.
 */
interface StoreFixture {
  store: EventStore;
  /** Another store on other connections, as a second process would have. */
  otherProcess(): Promise<EventStore>;
  /** SQL as the application connects (a login of the application role). */
  app: DataSource;
  /** SQL as the schema's owner. */
  raw: DataSource;
  close(): Promise<void>;
}

async function postgresFixture(): Promise<StoreFixture> {
  const db: TestDatabase = await createTestDatabase(60);
  const others: DataSource[] = [];
  return {
    store: new PostgresEventStore(db.dataSource),
    app: db.dataSource,
    raw: await db.owner(),
    otherProcess: async () => {
      const other = new DataSource(db.dataSource.options);
      await other.initialize();
      others.push(other);
      return new PostgresEventStore(other);
    },
    close: async () => {
      for (const other of others) await other.destroy();
      await db.drop();
    },
  };
}

let counter = 0;
const streamId = (kind = 'test'): string => `${kind}-${Date.now().toString(36)}-${(counter += 1)}`;
const event = (type = 'SomethingHappened', data: unknown = { n: counter }): NewEvent => ({
  eventId: newEventId(),
  type,
  data,
  metadata: { actor: { id: 'tester', role: 'admin' }, correlationId: 'c-1' },
});

describe.each([['PostgreSQL', postgresFixture]])('EventStore contract: %s', (_name, makeFixture) => {
  let fixture: StoreFixture;
  let store: EventStore;

  beforeAll(async () => {
    fixture = await makeFixture();
    store = fixture.store;
  });
  afterAll(async () => fixture.close());

  async function drainAll(after = START_OF_LOG): Promise<RecordedEvent[]> {
    const all: RecordedEvent[] = [];
    let checkpoint = after;
    for (;;) {
      const batch = await store.readAll({ after: checkpoint, limit: 100 });
      if (batch.length === 0) return all;
      all.push(...batch);
      const last = batch[batch.length - 1];
      checkpoint = { transactionId: last.transactionId, position: last.globalPosition };
    }
  }

  describe('appending to one stream', () => {
    it('writes a new stream at no-stream and numbers its events from 1', async () => {
      const id = streamId();
      const result = await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event(), event()] });
      expect(result).toMatchObject({ streamId: id, version: 2, duplicate: false });
      const events = await store.readStream(id);
      expect(events.map((e) => e.streamVersion)).toEqual([1, 2]);
      expect(events[1].globalPosition).toBe(result.position);
      expect(events[0].globalPosition).toBeLessThan(events[1].globalPosition);
      expect(events[0]).toMatchObject({ streamId: id, type: 'SomethingHappened', schemaVersion: 1 });
      expect(events[0].metadata).toEqual({ actor: { id: 'tester', role: 'admin' }, correlationId: 'c-1' });
      expect(new Date(events[0].recordedAt).toISOString()).toBe(events[0].recordedAt);
    });

    it('keeps Chinese text and numbers exactly', async () => {
      const id = streamId('power');
      const data = {
        name: '对未取得烟草专卖品准运证运输烟草专卖品的处罚',
        amount: 12345.67,
        nested: { 文号: '宁城监〔2009〕35号' },
      };
      await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event('PowerGranted', data)] });
      const [stored] = await store.readStream(id);
      expect(stored.data).toEqual(data);
    });

    it('appends at the expected version and rejects a stale or wrong one, writing nothing', async () => {
      const id = streamId();
      await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event()] });
      await store.append({ streamId: id, expectedVersion: 1, events: [event()] });
      await expect(store.append({ streamId: id, expectedVersion: 1, events: [event()] })).rejects.toThrow(
        VersionConflictError,
      );
      await expect(
        store.append({ streamId: id, expectedVersion: 'no-stream', events: [event()] }),
      ).rejects.toMatchObject({
        code: 'VERSION_CONFLICT',
        details: { actualVersion: 2 },
      });
      await expect(store.append({ streamId: streamId(), expectedVersion: 3, events: [event()] })).rejects.toThrow(
        VersionConflictError,
      );
      expect(await store.readStream(id)).toHaveLength(2);
    });

    it('appends at any version without a check', async () => {
      const id = streamId();
      await store.append({ streamId: id, expectedVersion: 'any', events: [event()] });
      const second = await store.append({ streamId: id, expectedVersion: 'any', events: [event()] });
      expect(second.version).toBe(2);
    });

    it('lets exactly one of 50 concurrent appends at the same expected version win', async () => {
      const id = streamId();
      await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event()] });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, () => store.append({ streamId: id, expectedVersion: 1, events: [event()] })),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const loss of lost) expect(loss.reason).toBeInstanceOf(VersionConflictError);
      expect((await store.readStream(id)).map((e) => e.streamVersion)).toEqual([1, 2]);
    });

    it('returns the first result for a retried append and writes nothing', async () => {
      const id = streamId();
      const events = [event(), event()];
      const first = await store.append({ streamId: id, expectedVersion: 'no-stream', events });
      const retry = await store.append({ streamId: id, expectedVersion: 'no-stream', events });
      expect(retry).toEqual({ ...first, duplicate: true });
      expect(await store.readStream(id)).toHaveLength(2);

      const single = event();
      const once = await store.append({ streamId: id, expectedVersion: 2, events: [single] });
      expect(await store.append({ streamId: id, expectedVersion: 2, events: [single] })).toEqual({
        ...once,
        duplicate: true,
      });
      expect(await store.append({ streamId: id, expectedVersion: 'any', events: [single] })).toEqual({
        ...once,
        duplicate: true,
      });
      expect(await store.readStream(id)).toHaveLength(3);
    });

    it('refuses a retry that mixes stored and new event ids', async () => {
      const id = streamId();
      const stored = event();
      await store.append({ streamId: id, expectedVersion: 'no-stream', events: [stored] });
      await expect(store.append({ streamId: id, expectedVersion: 1, events: [stored, event()] })).rejects.toMatchObject(
        {
          code: 'DUPLICATE_EVENT_ID',
        },
      );
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('reads several whole streams in one call, each in version order', async () => {
      const [a, b, empty] = [streamId(), streamId(), streamId()];
      await store.append({ streamId: a, expectedVersion: 'no-stream', events: [event(), event()] });
      await store.append({ streamId: b, expectedVersion: 'no-stream', events: [event()] });
      await store.append({ streamId: a, expectedVersion: 2, events: [event()] });
      const streams = await store.readStreams([b, empty, a, b]);
      expect([...streams.keys()]).toEqual([b, empty, a]);
      expect(streams.get(a)).toEqual(await store.readStream(a));
      expect(streams.get(a)!.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      expect(streams.get(b)).toEqual(await store.readStream(b));
      expect(streams.get(empty)).toEqual([]);
      expect(await store.readStreams([])).toEqual(new Map());
    });

    it('reads only the rest of the streams whose start the reader holds', async () => {
      const [a, b, c] = [streamId(), streamId(), streamId()];
      await store.append({ streamId: a, expectedVersion: 'no-stream', events: [event(), event(), event()] });
      await store.append({ streamId: b, expectedVersion: 'no-stream', events: [event(), event()] });
      await store.append({ streamId: c, expectedVersion: 'no-stream', events: [event()] });
      const streams = await store.readStreams([a, b, c], {
        afterVersions: new Map([
          [a, 1],
          [b, 2],
        ]),
      });
      expect(streams.get(a)).toEqual(await store.readStream(a, { fromVersion: 2 }));
      expect(streams.get(b)).toEqual([]);
      expect(streams.get(c)).toEqual(await store.readStream(c));
    });

    it('reads a stream between versions', async () => {
      const id = streamId();
      await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event(), event(), event(), event()] });
      const middle = await store.readStream(id, { fromVersion: 2, toVersion: 3 });
      expect(middle.map((e) => e.streamVersion)).toEqual([2, 3]);
      expect(await store.readStream(streamId())).toEqual([]);
    });
  });

  describe('appending to many streams in one transaction', () => {
    it('writes every stream', async () => {
      const ids = [streamId(), streamId(), streamId()];
      const results = await store.appendMany(
        ids.map((id) => ({ streamId: id, expectedVersion: 'no-stream', events: [event(), event()] })),
      );
      expect(results.map((r) => [r.streamId, r.version])).toEqual(ids.map((id) => [id, 2]));
      for (const id of ids) expect(await store.readStream(id)).toHaveLength(2);
    });

    it('writes nothing when one stream conflicts', async () => {
      const existing = streamId();
      await store.append({ streamId: existing, expectedVersion: 'no-stream', events: [event()] });
      const fresh = streamId();
      await expect(
        store.appendMany([
          { streamId: fresh, expectedVersion: 'no-stream', events: [event()] },
          { streamId: existing, expectedVersion: 'no-stream', events: [event()] },
        ]),
      ).rejects.toThrow(VersionConflictError);
      expect(await store.readStream(fresh)).toEqual([]);
      expect(await store.readStream(existing)).toHaveLength(1);
    });
  });

  describe('appending a batch as a whole', () => {
    const batchOf = (ids: string[]) =>
      ids.map((id) => ({ streamId: id, expectedVersion: 'no-stream' as const, events: [event()] }));

    it('writes a batch larger than one statement in one transaction, and answers its retry with the stored results', async () => {
      const ids = Array.from({ length: 1203 }, () => streamId('batch'));
      const batch = batchOf(ids);
      const first = await store.appendBatch(batch);
      expect(first.map((r) => [r.streamId, r.version, r.duplicate])).toEqual(ids.map((id) => [id, 1, false]));
      const retry = await store.appendBatch(batch);
      expect(retry).toEqual(first.map((r) => ({ ...r, duplicate: true })));
      for (const id of [ids[0], ids[1000], ids[1202]]) expect(await store.readStream(id)).toHaveLength(1);
    });

    it('writes nothing when part of the batch was stored before and the rest is new', async () => {
      const ids = Array.from({ length: 1003 }, () => streamId('batch'));
      const batch = batchOf(ids);
      // The last three alone were written before: the rest is new, so this is no retry of the whole.
      await store.appendBatch(batch.slice(1000));
      await expect(store.appendBatch(batch)).rejects.toThrow(VersionConflictError);
      for (const id of [ids[0], ids[999]]) expect(await store.readStream(id)).toEqual([]);
    });
  });

  describe('reading the global log', () => {
    it('gives the last event a reader can see as the head of the log, after which there is nothing to read', async () => {
      await store.append({ streamId: streamId(), expectedVersion: 'no-stream', events: [event(), event()] });
      const all = await drainAll();
      const last = all[all.length - 1];
      const head = await store.head();
      expect(head).toEqual({ transactionId: last.transactionId, position: last.globalPosition });
      expect(await store.readAll({ after: head })).toEqual([]);
    });

    it('returns events in commit order, in batches, from a checkpoint', async () => {
      const before = await drainAll();
      const checkpoint = before.length
        ? { transactionId: before[before.length - 1].transactionId, position: before[before.length - 1].globalPosition }
        : START_OF_LOG;
      const ids = [streamId(), streamId()];
      await store.append({ streamId: ids[0], expectedVersion: 'no-stream', events: [event(), event(), event()] });
      await store.append({ streamId: ids[1], expectedVersion: 'no-stream', events: [event()] });
      const firstBatch = await store.readAll({ after: checkpoint, limit: 2 });
      expect(firstBatch.map((e) => [e.streamId, e.streamVersion])).toEqual([
        [ids[0], 1],
        [ids[0], 2],
      ]);
      const rest = await drainAll(checkpoint);
      expect(rest.map((e) => [e.streamId, e.streamVersion])).toEqual([
        [ids[0], 1],
        [ids[0], 2],
        [ids[0], 3],
        [ids[1], 1],
      ]);
    });

    it('delivers two transactions that commit out of order, in order, none skipped, none twice', async () => {
      const seen = await drainAll();
      let checkpoint = seen.length
        ? { transactionId: seen[seen.length - 1].transactionId, position: seen[seen.length - 1].globalPosition }
        : START_OF_LOG;
      const delivered: RecordedEvent[] = [];
      const read = async (): Promise<void> => {
        for (const e of await store.readAll({ after: checkpoint, limit: 100 })) {
          delivered.push(e);
          checkpoint = { transactionId: e.transactionId, position: e.globalPosition };
        }
      };

      const slow = fixture.raw.createQueryRunner();
      await slow.connect();
      await slow.startTransaction();
      const slowStream = streamId('slow');
      const fastStream = streamId('fast');
      const slowStore = fixture.store as PostgresEventStore;
      const [slowResult] = await slowStore.appendMany(
        [{ streamId: slowStream, expectedVersion: 'no-stream', events: [event()] }],
        slow.manager,
      );
      const fastResult = await store.append({ streamId: fastStream, expectedVersion: 'no-stream', events: [event()] });
      expect(slowResult.position).toBeLessThan(fastResult.position);

      await read();
      expect(delivered).toEqual([]);

      await slow.commitTransaction();
      await slow.release();
      await read();
      await read();
      expect(delivered.map((e) => e.streamId)).toEqual([slowStream, fastStream]);
      expect(delivered.map((e) => e.globalPosition)).toEqual([slowResult.position, fastResult.position]);
    });

    it('gives the checkpoint of a position', async () => {
      const result = await store.append({ streamId: streamId(), expectedVersion: 'no-stream', events: [event()] });
      const [stored] = await store.readStream(result.streamId);
      expect(await store.checkpointOf(result.position)).toEqual({
        transactionId: stored.transactionId,
        position: result.position,
      });
      expect(await store.checkpointOf(Number.MAX_SAFE_INTEGER)).toBeUndefined();
      expect(
        compareCheckpoints(START_OF_LOG, { transactionId: stored.transactionId, position: result.position }),
      ).toBeLessThan(0);
    });
  });

  describe('subscriptions', () => {
    it('wakes a subscriber in this process on append and one in another process through NOTIFY', async () => {
      const other = await fixture.otherProcess();
      let localWakes = 0;
      let remoteWakes = 0;
      let wokenRemotely: () => void = () => undefined;
      const remoteWoken = new Promise<void>((resolve) => (wokenRemotely = resolve));
      const unsubscribeRemote = await other.subscribe(() => {
        remoteWakes += 1;
        wokenRemotely();
      }, 60_000);
      const unsubscribe = await store.subscribe(() => (localWakes += 1), 60_000);
      await store.append({ streamId: streamId(), expectedVersion: 'no-stream', events: [event()] });
      expect(localWakes).toBeGreaterThanOrEqual(1);
      await remoteWoken;
      expect(remoteWakes).toBeGreaterThanOrEqual(1);
      await unsubscribe();
      await unsubscribeRemote();
    });

    it('falls back to polling', async () => {
      // Nothing is appended, so nothing but the 20 ms poll wakes it: the test times out unless it is woken three
      // times, however slowly a busy machine runs the timer.
      let wakes = 0;
      let wokenThrice: () => void = () => undefined;
      const woken = new Promise<void>((resolve) => (wokenThrice = resolve));
      const unsubscribe = await store.subscribe(() => {
        wakes += 1;
        if (wakes === 3) wokenThrice();
      }, 20);
      await woken;
      await unsubscribe();
      const afterUnsubscribing = wakes;
      await store.append({ streamId: streamId(), expectedVersion: 'no-stream', events: [event()] });
      expect(wakes).toBe(afterUnsubscribing);
    });
  });

  describe('immutability and the hash chain', () => {
    it('rejects UPDATE, DELETE and TRUNCATE on the events table', async () => {
      const result = await store.append({ streamId: streamId(), expectedVersion: 'no-stream', events: [event()] });
      await expect(
        fixture.raw.query(`UPDATE events SET type = 'Edited' WHERE global_position = $1`, [result.position]),
      ).rejects.toThrow(/append-only/);
      await expect(
        fixture.raw.query(`DELETE FROM events WHERE global_position = $1`, [result.position]),
      ).rejects.toThrow(/append-only/);
      await expect(fixture.raw.query(`TRUNCATE events`)).rejects.toThrow(/append-only/);
      expect(await store.readStream(result.streamId)).toHaveLength(1);
    });

    it('refuses the application any UPDATE, DELETE or TRUNCATE of events by privilege, before any trigger', async () => {
      const result = await store.append({ streamId: streamId(), expectedVersion: 'no-stream', events: [event()] });
      for (const statement of [
        `UPDATE events SET type = 'Edited' WHERE global_position = ${result.position}`,
        `DELETE FROM events WHERE global_position = ${result.position}`,
        'TRUNCATE events',
        'ALTER TABLE events DISABLE TRIGGER events_no_update_delete',
      ]) {
        await expect(fixture.app.query(statement)).rejects.toMatchObject({
          message: expect.stringMatching(/permission denied|must be owner/),
        });
      }
      expect(await store.readStream(result.streamId)).toHaveLength(1);
    });

    it('chains each event to the previous one of its stream', async () => {
      const id = streamId();
      await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event(), event()] });
      await store.append({ streamId: id, expectedVersion: 2, events: [event()] });
      const events = await store.readStream(id);
      expect(events[0].prevHash).toBe('0'.repeat(64));
      expect(events[1].prevHash).toBe(events[0].hash);
      expect(events[2].prevHash).toBe(events[1].hash);
      expect(new Set(events.map((e) => e.hash)).size).toBe(3);
      expect(await store.verifyStream(id)).toEqual({ streamsChecked: 1, eventsChecked: 3, broken: [] });
    });

    it('finds a row edited with the triggers disabled, at its exact position', async () => {
      expect((await store.verifyAll()).broken).toEqual([]);
      const id = streamId('tampered');
      await store.append({
        streamId: id,
        expectedVersion: 'no-stream',
        events: [event(), event('Fined', { amount: 500 }), event()],
      });
      const [, victim] = await store.readStream(id);

      await fixture.raw.transaction(async (tx) => {
        await tx.query('ALTER TABLE events DISABLE TRIGGER events_no_update_delete');
        await tx.query(`UPDATE events SET data = '{"amount": 50}' WHERE global_position = $1`, [victim.globalPosition]);
        await tx.query('ALTER TABLE events ENABLE TRIGGER events_no_update_delete');
      });

      const expected = {
        streamId: id,
        streamVersion: 2,
        globalPosition: victim.globalPosition,
        reason: 'hash-mismatch',
      };
      const all = await store.verifyAll();
      expect(all.broken).toEqual([expected]);
      expect(all.eventsChecked).toBeGreaterThan(3);
      expect((await store.verifyStream(id)).broken).toEqual([expected]);
    });
  });

  describe('text no read model can hold', () => {
    const nul = 'a\u0000b';
    const lone = 'a\ud800b';
    it.each([
      ['U+0000 in data', { data: { name: nul } }, 'data.name', 'U+0000'],
      ['a lone surrogate in data', { data: { list: ['ok', lone] } }, 'data.list[1]', 'lone surrogate'],
      ['a lone low surrogate in a key', { data: { ['\udc00']: 1 } }, 'a key of data', 'lone surrogate'],
      ['U+0000 in metadata', { metadata: { correlationId: nul } }, 'metadata.correlationId', 'U+0000'],
      ['U+0000 in the type', { type: nul }, 'its type', 'U+0000'],
    ])(
      'refuses %s with UNSTORABLE_TEXT and writes nothing, alone or in a batch',
      async (_case, fault, path, problem) => {
        const id = streamId();
        const poisoned = { ...event(), ...fault };
        for (const append of [
          () => store.append({ streamId: id, expectedVersion: 'no-stream', events: [poisoned] }),
          () =>
            store.appendMany([
              { streamId: streamId(), expectedVersion: 'no-stream', events: [event()] },
              { streamId: id, expectedVersion: 'any', events: [event(), poisoned] },
            ]),
        ]) {
          const error = await append().catch((e: unknown) => e);
          expect(error).toBeInstanceOf(DomainError);
          expect(error).toMatchObject({ code: 'UNSTORABLE_TEXT', category: 'validation', details: { path } });
          expect((error as Error).message).toContain(problem);
        }
        expect(await store.readStream(id)).toEqual([]);
      },
    );

    it('refuses a stream id a text column cannot hold', async () => {
      await expect(
        store.append({ streamId: `bad-${lone}`, expectedVersion: 'no-stream', events: [event()] }),
      ).rejects.toMatchObject({ code: 'UNSTORABLE_TEXT', details: { path: 'its stream id' } });
    });

    it('stores the look-alikes: a backslash before "u0000", escaped controls, astral characters and pairs', async () => {
      const id = streamId();
      const data = { text: '\\u0000 \\ud800 \u0001 \u001f 😀 𝒜', '😀': 'key' };
      await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event('Noted', data)] });
      const [stored] = await store.readStream(id);
      expect(stored.data).toEqual(data);
      const [{ kept }] = await fixture.raw.query<{ kept: unknown }[]>(
        'SELECT data::jsonb AS kept FROM events WHERE stream_id = $1',
        [id],
      );
      expect(kept).toEqual(data);
    });
  });

  it('throws domain errors the HTTP layer can map', async () => {
    const id = streamId();
    await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event()] });
    const error = await store
      .append({ streamId: id, expectedVersion: 'no-stream', events: [event()] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).category).toBe('conflict');
  });
});
