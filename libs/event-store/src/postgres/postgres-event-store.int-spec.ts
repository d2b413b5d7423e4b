import { Client, QueryConfig } from 'pg';
import { createTestDatabase, insertEventInOldTransaction, TestDatabase } from '@app/testing';
import { AppendRequest, NewEvent } from '../event-store.port';
import { canonicalEnvelope, canonicalEnvelopeBytes, chainHash, GENESIS_HASH } from '../hash-chain';
import { newEventId, PostgresEventStore } from './postgres-event-store';
import { preparedQuery } from './prepared-query';

/**
 * How the PostgreSQL store chains events: in the process when it knows the link a stream continues from, in the
 * database otherwise, with the same hashes either way, and never on a link that is not the stored one.
 */
describe('PostgresEventStore chaining', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let statements: string[];
  let n = 0;
  const stream = (): string => `chain-${(n += 1)}`;
  const event = (data: unknown = { n }): NewEvent => ({
    eventId: newEventId(),
    type: 'Noted',
    data,
    metadata: { actor: { id: 't', role: 'admin' } },
  });

  beforeAll(async () => {
    db = await createTestDatabase(10);
    store = new PostgresEventStore(db.dataSource);
    const query = Client.prototype.query as (this: Client, ...args: unknown[]) => unknown;
    // Records the name of each prepared statement the store runs, to tell the two paths apart.
    jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const config = args[0] as QueryConfig | string;
      if (typeof config === 'object' && config.name && config.name !== 'pid') statements.push(config.name);
      return query.apply(this, args);
    });
  });
  beforeEach(() => {
    statements = [];
  });
  afterAll(async () => db.drop());

  const expectValidChain = async (streamId: string, versions: number[]): Promise<void> => {
    const events = await store.readStream(streamId);
    expect(events.map((e) => e.streamVersion)).toEqual(versions);
    expect(await store.verifyStream(streamId)).toMatchObject({ broken: [] });
  };

  it('computes the same link as the database function', async () => {
    const canonical = canonicalEnvelope({
      eventId: newEventId(),
      type: 'PowerGranted',
      schemaVersion: 1,
      data: { 名称: '行政处罚', amount: 1e21 },
      metadata: {},
      recordedAt: '2025-01-02T03:04:05.678Z',
    });
    const prev = 'ab'.repeat(32);
    const [row] = await db.dataSource.query<{ hash: string }[]>(
      `SELECT encode(event_chain_hash(decode($1, 'hex'), $2, $3, $4), 'hex') AS hash`,
      [prev, 'power-CG-XK-0001', 7, canonical],
    );
    expect(row.hash).toBe(chainHash(prev, 'power-CG-XK-0001', 7, canonical));
  });

  it('chains a new stream and a stream it has read without asking the database for the head', async () => {
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event()] });
    await store.append({ streamId: id, expectedVersion: 1, events: [event(), event()] });
    await store.readStream(id);
    await store.append({ streamId: id, expectedVersion: 3, events: [event()] });
    expect(statements).toEqual([
      'es-insert-chained-event',
      'es-insert-chained-events',
      'es-read-stream',
      'es-insert-chained-event',
    ]);
    const events = await store.readStream(id);
    expect(events[0].prevHash).toBe(GENESIS_HASH);
    await expectValidChain(id, [1, 2, 3, 4]);
  });

  it('lets the database chain a stream it has not seen, or one appended at any version', async () => {
    const id = stream();
    await new PostgresEventStore(db.dataSource).append({
      streamId: id,
      expectedVersion: 'no-stream',
      events: [event()],
    });
    await store.append({ streamId: id, expectedVersion: 1, events: [event()] });
    await store.append({ streamId: id, expectedVersion: 'any', events: [event()] });
    expect(statements.slice(-2)).toEqual(['es-append-event', 'es-append-event']);
    await expectValidChain(id, [1, 2, 3]);
  });

  it('never continues a link that was rolled back, even when another writer stored that version', async () => {
    const id = stream();
    await store.append({ streamId: id, expectedVersion: 'no-stream', events: [event()] });
    // This process writes version 2 in a transaction that rolls back: the link it computed was never stored.
    await db.dataSource
      .transaction(async (manager) => {
        await store.appendMany([{ streamId: id, expectedVersion: 1, events: [event({ lost: true })] }], manager);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    // Another process stores a different version 2.
    await new PostgresEventStore(db.dataSource).append({
      streamId: id,
      expectedVersion: 1,
      events: [event({ kept: true })],
    });
    statements = [];
    await store.append({ streamId: id, expectedVersion: 2, events: [event()] });
    expect(statements).toEqual(['es-insert-chained-event', 'es-append-event']);

    const many: AppendRequest[] = [
      { streamId: stream(), expectedVersion: 'no-stream', events: [event(), event()] },
      { streamId: id, expectedVersion: 3, events: [event()] },
    ];
    await store.readStream(id);
    await db.dataSource
      .transaction(async (manager) => {
        await store.appendMany(many, manager);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await new PostgresEventStore(db.dataSource).append({ streamId: id, expectedVersion: 3, events: [event()] });
    statements = [];
    await store.appendMany([
      { ...many[0], events: [event(), event()] },
      { streamId: id, expectedVersion: 4, events: [event()] },
    ]);
    expect(statements).toEqual(['es-insert-chained-events', 'es-append-events']);
    await expectValidChain(id, [1, 2, 3, 4, 5]);
    await expectValidChain(many[0].streamId, [1, 2]);
    expect((await store.verifyAll()).broken).toEqual([]);
  });

  it('answers a retry inside a transaction without aborting it, and writes nothing of a half-taken batch', async () => {
    const requests: AppendRequest[] = [
      { streamId: stream(), expectedVersion: 'no-stream', events: [event(), event()] },
      { streamId: stream(), expectedVersion: 'no-stream', events: [event()] },
    ];
    const first = await store.appendMany(requests);
    await db.dataSource.transaction(async (manager) => {
      expect(await store.appendMany(requests, manager)).toEqual(first.map((r) => ({ ...r, duplicate: true })));
      expect(await store.appendMany([requests[1]], manager)).toEqual([{ ...first[1], duplicate: true }]);
      // The transaction is still usable: nothing above raised inside it.
      await manager.query('SELECT 1');
    });

    const fresh = stream();
    await expect(
      store.appendMany([
        { streamId: fresh, expectedVersion: 'no-stream', events: [event()] },
        { streamId: requests[1].streamId, expectedVersion: 'no-stream', events: [event()] },
      ]),
    ).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { streamId: requests[1].streamId, actualVersion: 1 },
    });
    await expect(
      store.appendMany([
        { streamId: stream(), expectedVersion: 'no-stream', events: [event()] },
        { streamId: stream(), expectedVersion: 'no-stream', events: requests[1].events },
      ]),
    ).rejects.toMatchObject({ code: 'DUPLICATE_EVENT_ID' });
    expect(await store.readStream(fresh)).toEqual([]);
  });

  it('stores exactly the data and metadata it hashed', async () => {
    const id = stream();
    const data = { z: [1.5, -0, 1e-7, 'é"\\\n'], a: { 名称: '准运证', nested: { b: true, a: null } } };
    await store.appendMany([
      { streamId: id, expectedVersion: 'no-stream', events: [event(data), event(data)] },
      { streamId: stream(), expectedVersion: 'no-stream', events: [event(data)] },
    ]);
    const [first] = await store.readStream(id);
    expect(first.data).toEqual({ ...data, z: [1.5, 0, 1e-7, 'é"\\\n'] });
    await expectValidChain(id, [1, 2]);
  });

  it('stores the canonical text of data and metadata byte for byte, on every append path', async () => {
    const data = { z: [1.5, 1e-7, 'é"\\\n', '𝒜 ✓ \u2028'], 名称: '准运证', a: { long_key: 1, b: null } };
    const inProcess = [stream(), stream(), stream()];
    const inDatabase = [stream(), stream()];
    // Chained here: one event (one row statement), and several (the batch statement).
    await store.append({ streamId: inProcess[0], expectedVersion: 'no-stream', events: [event(data)] });
    await store.appendMany([
      { streamId: inProcess[1], expectedVersion: 'no-stream', events: [event(data), event(data)] },
      { streamId: inProcess[2], expectedVersion: 'no-stream', events: [event(data)] },
    ]);
    // Chained by append_event() and append_events(): a store that knows no link, appending at any version.
    const unaware = new PostgresEventStore(db.dataSource);
    await unaware.append({ streamId: inDatabase[0], expectedVersion: 'any', events: [event(data)] });
    await db.dataSource.transaction((manager) =>
      unaware.appendMany([{ streamId: inDatabase[1], expectedVersion: 'any', events: [event(data)] }], manager),
    );

    const rows = await db.dataSource.query<{ data: string; metadata: string }[]>(
      'SELECT data::text AS data, metadata::text AS metadata FROM events WHERE stream_id = ANY($1) ORDER BY 1',
      [[...inProcess, ...inDatabase]],
    );
    expect(rows).toHaveLength(6);
    const { eventId, type, metadata } = event(data);
    const canonical = canonicalEnvelopeBytes({ eventId, type, schemaVersion: 1, data, metadata, recordedAt: '' });
    for (const row of rows) {
      expect(row).toEqual({ data: canonical.data.toString('utf8'), metadata: canonical.metadata.toString('utf8') });
    }
    for (const id of [...inProcess, ...inDatabase]) expect(await store.verifyStream(id)).toMatchObject({ broken: [] });
  });
});

describe('PostgresEventStore connections', () => {
  it('keeps its connection when the server answers an append with an error (a conflict, a retry)', async () => {
    const db = await createTestDatabase(1);
    try {
      const store = new PostgresEventStore(db.dataSource);
      const backend = async (): Promise<number> =>
        (await preparedQuery<{ pid: number }>(db.dataSource, 'pid', 'SELECT pg_backend_pid() AS pid', []))[0].pid;
      const before = await backend();
      const first = { eventId: newEventId(), type: 'Noted', data: {} };
      await store.append({ streamId: 'kept', expectedVersion: 'no-stream', events: [first] });
      await expect(
        store.append({ streamId: 'kept', expectedVersion: 'no-stream', events: [{ ...first, eventId: newEventId() }] }),
      ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
      expect((await store.append({ streamId: 'kept', expectedVersion: 'no-stream', events: [first] })).duplicate).toBe(
        true,
      );
      expect(await backend()).toBe(before);
    } finally {
      await db.drop();
    }
  });
});

describe('PostgresEventStore commit order', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(4);
  });
  afterAll(async () => db.drop());

  it('orders the global log by transaction id as a number, not as text', async () => {
    // Two old transactions whose ids differ in digit count, the later one inserted first.
    await insertEventInOldTransaction(db.dataSource, '100', 'xid-later');
    await insertEventInOldTransaction(db.dataSource, '99', 'xid-earlier');
    const store = new PostgresEventStore(db.dataSource);
    const first = await store.readAll({ limit: 1 });
    expect(first.map((e) => [e.transactionId, e.streamId])).toEqual([['99', 'xid-earlier']]);
    const next = await store.readAll({
      after: { transactionId: first[0].transactionId, position: first[0].globalPosition },
      limit: 1,
    });
    expect(next.map((e) => [e.transactionId, e.streamId])).toEqual([['100', 'xid-later']]);
    expect((await store.verifyAll()).broken).toEqual([]);
  });
});

describe('PostgresEventStore wake-ups', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(4);
  });
  afterAll(async () => db.drop());

  it('wakes subscribers when events appended in a caller’s transaction commit, not before', async () => {
    const writer = new PostgresEventStore(db.dataSource);
    const reader = new PostgresEventStore(db.dataSource);
    const seen: string[] = [];
    // Polling an hour apart: only a wake-up can make the reader look.
    const unsubscribe = await reader.subscribe(() => {
      void reader.readAll({ limit: 1000 }).then((events) => seen.push(...events.map((e) => e.streamId)));
    }, 3_600_000);
    try {
      await db.dataSource.transaction(async (manager) => {
        await writer.appendMany(
          [
            {
              streamId: 'in-a-transaction',
              expectedVersion: 'no-stream',
              events: [{ eventId: newEventId(), type: 'Noted', data: {} }],
            },
          ],
          manager,
        );
        // Longer than the store waits before telling other processes of an append.
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      const deadline = Date.now() + 3000;
      while (!seen.includes('in-a-transaction') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toContain('in-a-transaction');
    } finally {
      await unsubscribe();
    }
  });
});
