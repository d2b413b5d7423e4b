import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { uuidv7 } from 'uuidv7';
import { newEventId, openDatabase, PostgresEventStore, START_OF_LOG } from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/projections';
import { benchDatabase } from './bench-database';

/**
 * Event store throughput against raw PostgreSQL on the same server in the same run: for each workload the
 * baseline is plain INSERTs (or SELECTs) on a table of the same shape as `events`, with no store code, no
 * version check and no hash chain. Prints events per second and the ratio store/raw.
 */

const SINGLE_WRITER_EVENTS = 2_000;
const CONCURRENT_WRITERS = 16;
const CONCURRENT_EVENTS_PER_WRITER = 250;
const BATCH_SIZE = 500;
const BATCHES = 40;
const READ_BATCH = 1_000;

const payload = (i: number): Record<string, unknown> => ({
  operationId: `op-${i}`,
  powerCode: 'YC-CF-0001',
  caseNumber: `宁烟专罚〔2025〕${i}号`,
  counterparty: { kind: 'person', name: '张三' },
  acceptedAt: '2025-09-30T09:00:00+08:00',
});
const metadata = { actor: { id: 'bench', role: 'department', department: 'YC' }, correlationId: 'bench' };

interface Row {
  workload: string;
  events: number;
  'store events/s': number;
  'raw events/s': number;
  'store/raw': string;
  target: string;
}

async function timed(events: number, work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(events / seconds);
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  console.log(`Benchmark database: ${database.description}`);
  const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS, poolSize: CONCURRENT_WRITERS + 4 });
  const store = new PostgresEventStore(dataSource);
  const raw = new Pool({ connectionString: database.url, max: CONCURRENT_WRITERS + 4 });
  await raw.query(
    'CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING IDENTITY)',
  );
  const rawInsert = `INSERT INTO raw_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
                     VALUES ($1, $2, $3, 'OperationRegistered', 1, $4, $5, now(), $6, $6)`;
  const fakeHash = randomBytes(32);
  const rows: Row[] = [];
  const row = (workload: string, events: number, storeRate: number, rawRate: number, target: string): void => {
    rows.push({
      workload,
      events,
      'store events/s': storeRate,
      'raw events/s': rawRate,
      'store/raw': `${Math.round((storeRate / rawRate) * 100)}%`,
      target,
    });
  };

  try {
    // Warm both paths so connection set-up and plan caching do not count.
    for (let i = 0; i < 50; i += 1) {
      await store.append({
        streamId: `warm-${i}`,
        expectedVersion: 'no-stream',
        events: [{ eventId: newEventId(), type: 'Warm', data: payload(i) }],
      });
      await raw.query(rawInsert, [uuidv7(), `warm-${i}`, 1, payload(i), metadata, fakeHash]);
    }

    const singleStore = await timed(SINGLE_WRITER_EVENTS, async () => {
      for (let i = 0; i < SINGLE_WRITER_EVENTS; i += 1) {
        await store.append({
          streamId: `single-${i}`,
          expectedVersion: 'no-stream',
          events: [{ eventId: newEventId(), type: 'OperationRegistered', data: payload(i), metadata }],
        });
      }
    });
    const singleRaw = await timed(SINGLE_WRITER_EVENTS, async () => {
      for (let i = 0; i < SINGLE_WRITER_EVENTS; i += 1) {
        await raw.query(rawInsert, [uuidv7(), `single-${i}`, 1, payload(i), metadata, fakeHash]);
      }
    });
    row('1 writer, single events', SINGLE_WRITER_EVENTS, singleStore, singleRaw, '');

    const concurrentEvents = CONCURRENT_WRITERS * CONCURRENT_EVENTS_PER_WRITER;
    const writers = Array.from({ length: CONCURRENT_WRITERS }, (_, w) => w);
    const concurrentStore = await timed(concurrentEvents, async () => {
      await Promise.all(
        writers.map(async (w) => {
          for (let i = 0; i < CONCURRENT_EVENTS_PER_WRITER; i += 1) {
            await store.append({
              streamId: `writer-${w}-${i}`,
              expectedVersion: 'no-stream',
              events: [{ eventId: newEventId(), type: 'OperationRegistered', data: payload(i), metadata }],
            });
          }
        }),
      );
    });
    const concurrentRaw = await timed(concurrentEvents, async () => {
      await Promise.all(
        writers.map(async (w) => {
          for (let i = 0; i < CONCURRENT_EVENTS_PER_WRITER; i += 1) {
            await raw.query(rawInsert, [uuidv7(), `writer-${w}-${i}`, 1, payload(i), metadata, fakeHash]);
          }
        }),
      );
    });
    row(
      `${CONCURRENT_WRITERS} writers, single events, distinct streams`,
      concurrentEvents,
      concurrentStore,
      concurrentRaw,
      '≥ 75% of raw',
    );

    const batchEvents = BATCH_SIZE * BATCHES;
    const batchStore = await timed(batchEvents, async () => {
      for (let b = 0; b < BATCHES; b += 1) {
        await store.append({
          streamId: `batch-${b}`,
          expectedVersion: 'no-stream',
          events: Array.from({ length: BATCH_SIZE }, (_, i) => ({
            eventId: newEventId(),
            type: 'OperationRegistered',
            data: payload(i),
            metadata,
          })),
        });
      }
    });
    const batchRaw = await timed(batchEvents, async () => {
      for (let b = 0; b < BATCHES; b += 1) {
        // The same rows the store writes: an id, payload, metadata and recording time per event.
        const ids = Array.from({ length: BATCH_SIZE }, () => uuidv7());
        const versions = Array.from({ length: BATCH_SIZE }, (_, i) => i + 1);
        const data = Array.from({ length: BATCH_SIZE }, (_, i) => JSON.stringify(payload(i)));
        const metas = Array.from({ length: BATCH_SIZE }, () => JSON.stringify(metadata));
        const recordedAt = new Date().toISOString();
        await raw.query(
          `INSERT INTO raw_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
           SELECT id, $2, v, 'OperationRegistered', 1, d::jsonb, m::jsonb, $6, $7, $7
             FROM unnest($1::uuid[], $3::bigint[], $4::text[], $5::text[]) AS x(id, v, d, m)`,
          [ids, `batch-${b}`, versions, data, metas, recordedAt, fakeHash],
        );
      }
    });
    row(`batches of ${BATCH_SIZE} events`, batchEvents, batchStore, batchRaw, '≥ 70% of raw');

    let readCount = 0;
    const readStore = await timedCount(async () => {
      let after = START_OF_LOG;
      for (;;) {
        const events = await store.readAll({ after, limit: READ_BATCH });
        if (events.length === 0) return readCount;
        readCount += events.length;
        const last = events[events.length - 1];
        after = { transactionId: last.transactionId, position: last.globalPosition };
      }
    });
    let rawReadCount = 0;
    const readRaw = await timedCount(async () => {
      let after = 0;
      for (;;) {
        const { rows: batch } = await raw.query<{ global_position: string }>(
          'SELECT * FROM raw_events WHERE global_position > $1 ORDER BY global_position LIMIT $2',
          [after, READ_BATCH],
        );
        if (batch.length === 0) return rawReadCount;
        rawReadCount += batch.length;
        after = Number(batch[batch.length - 1].global_position);
      }
    });
    row(`read the global log (batches of ${READ_BATCH})`, readCount, readStore, readRaw, '≥ 50,000 events/s');

    console.table(rows);
    const verify = await timedCount(async () => (await store.verifyAll()).eventsChecked);
    console.log(`verifyAll: ${verify} events/s recomputing every hash chain`);
  } finally {
    await raw.end();
    await dataSource.destroy();
    await database.close();
  }
}

/** Runs `work`, which returns how many events it handled, and gives events per second. */
async function timedCount(work: () => Promise<number>): Promise<number> {
  const started = process.hrtime.bigint();
  const count = await work();
  return Math.round(count / (Number(process.hrtime.bigint() - started) / 1e9));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
