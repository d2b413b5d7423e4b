import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { uuidv7 } from 'uuidv7';
import { checkpointAfter, newEventId, openDatabase, PostgresEventStore, START_OF_LOG } from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { benchDatabase } from './bench-database';

/**
 * Event store throughput against raw PostgreSQL on the same server in the same run: for each workload the
 * baseline is plain INSERTs (or SELECTs) on a table of the same shape as `events`, with no store code, no
 * version check and no hash chain. Each write workload runs in ROUNDS rounds that alternate store and raw, so
 * that drift in the machine's speed (WAL flushes, other processes, checkpoints) falls on both sides alike; the
 * table gives the median round of each and their ratio, and the spread of the per-round ratios.
 */

const ROUNDS = 15;
const SINGLE_WRITER_EVENTS = 500;
const CONCURRENT_WRITERS = 16;
const CONCURRENT_EVENTS_PER_WRITER = 60;
const BATCH_SIZE = 500;
const BATCHES = 10;
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
  'rounds store/raw': string;
  target: string;
}

async function timed(events: number, work: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(events / seconds);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
};

/** Alternates store and raw rounds; `round` is the round number, so each round writes streams of its own. */
async function alternate(
  events: number,
  store: (round: number) => Promise<void>,
  raw: (round: number) => Promise<void>,
): Promise<{ store: number[]; raw: number[] }> {
  const rates = { store: [] as number[], raw: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    rates.store.push(await timed(events, () => store(round)));
    rates.raw.push(await timed(events, () => raw(round)));
  }
  return rates;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  console.log(`Benchmark database: ${database.description}`);
  const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS, poolSize: CONCURRENT_WRITERS + 4 });
  const store = new PostgresEventStore(dataSource);
  const raw = new Pool({ connectionString: database.url, max: CONCURRENT_WRITERS + 4 });
  // pool.end() resolves before its connections have closed; the embedded server, stopped right after, then
  // terminates them, and an 'error' event without a listener would end the process with a failure.
  raw.on('error', () => undefined);
  await raw.query(
    'CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING IDENTITY)',
  );
  const rawInsert = `INSERT INTO raw_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
                     VALUES ($1, $2, $3, 'OperationRegistered', 1, $4, $5, now(), $6, $6)`;
  const fakeHash = randomBytes(32);
  const rows: Row[] = [];
  const row = (workload: string, events: number, rates: { store: number[]; raw: number[] }, target: string): void => {
    const storeRate = median(rates.store);
    const rawRate = median(rates.raw);
    const ratios = rates.store.map((rate, i) => Math.round((rate / rates.raw[i]) * 100));
    rows.push({
      workload,
      events: events * ROUNDS,
      'store events/s': storeRate,
      'raw events/s': rawRate,
      'store/raw': `${Math.round((storeRate / rawRate) * 100)}%`,
      'rounds store/raw': `${Math.min(...ratios)}–${Math.max(...ratios)}%`,
      target,
    });
  };
  const appendOne = (streamId: string, i: number) =>
    store.append({
      streamId,
      expectedVersion: 'no-stream',
      events: [{ eventId: newEventId(), type: 'OperationRegistered', data: payload(i), metadata }],
    });
  const insertOne = (streamId: string, i: number) =>
    raw.query(rawInsert, [uuidv7(), streamId, 1, payload(i), metadata, fakeHash]);

  try {
    // Warm both paths so connection set-up and plan caching do not count.
    for (let i = 0; i < 200; i += 1) {
      await appendOne(`warm-${i}`, i);
      await insertOne(`warm-${i}`, i);
    }

    const single = await alternate(
      SINGLE_WRITER_EVENTS,
      async (round) => {
        for (let i = 0; i < SINGLE_WRITER_EVENTS; i += 1) await appendOne(`single-${round}-${i}`, i);
      },
      async (round) => {
        for (let i = 0; i < SINGLE_WRITER_EVENTS; i += 1) await insertOne(`single-${round}-${i}`, i);
      },
    );
    row('1 writer, single events', SINGLE_WRITER_EVENTS, single, '');

    const concurrentEvents = CONCURRENT_WRITERS * CONCURRENT_EVENTS_PER_WRITER;
    const writers = Array.from({ length: CONCURRENT_WRITERS }, (_, w) => w);
    const concurrently = (once: (streamId: string, i: number) => Promise<unknown>) => async (round: number) => {
      await Promise.all(
        writers.map(async (w) => {
          for (let i = 0; i < CONCURRENT_EVENTS_PER_WRITER; i += 1) await once(`writer-${round}-${w}-${i}`, i);
        }),
      );
    };
    row(
      `${CONCURRENT_WRITERS} writers, single events, distinct streams`,
      concurrentEvents,
      await alternate(concurrentEvents, concurrently(appendOne), concurrently(insertOne)),
      '≥ 75% of raw',
    );

    const batchEvents = BATCH_SIZE * BATCHES;
    const batches = await alternate(
      batchEvents,
      async (round) => {
        for (let b = 0; b < BATCHES; b += 1) {
          await store.append({
            streamId: `batch-${round}-${b}`,
            expectedVersion: 'no-stream',
            events: Array.from({ length: BATCH_SIZE }, (_, i) => ({
              eventId: newEventId(),
              type: 'OperationRegistered',
              data: payload(i),
              metadata,
            })),
          });
        }
      },
      async (round) => {
        for (let b = 0; b < BATCHES; b += 1) {
          // The same rows the store writes: an id, payload, metadata and recording time per event.
          const ids = Array.from({ length: BATCH_SIZE }, () => uuidv7());
          const versions = Array.from({ length: BATCH_SIZE }, (_, i) => i + 1);
          const data = Array.from({ length: BATCH_SIZE }, (_, i) => JSON.stringify(payload(i)));
          const metas = Array.from({ length: BATCH_SIZE }, () => JSON.stringify(metadata));
          const recordedAt = new Date().toISOString();
          await raw.query(
            `INSERT INTO raw_events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
             SELECT id, $2, v, 'OperationRegistered', 1, d::json, m::json, $6, $7, $7
               FROM unnest($1::uuid[], $3::bigint[], $4::text[], $5::text[]) AS x(id, v, d, m)`,
            [ids, `batch-${round}-${b}`, versions, data, metas, recordedAt, fakeHash],
          );
        }
      },
    );
    row(`batches of ${BATCH_SIZE} events`, batchEvents, batches, '≥ 70% of raw');

    let readCount = 0;
    const readStore = await timedCount(async () => {
      let after = START_OF_LOG;
      for (;;) {
        const events = await store.readAll({ after, limit: READ_BATCH });
        if (events.length === 0) return readCount;
        readCount += events.length;
        const last = events[events.length - 1];
        after = checkpointAfter(last);
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
    rows.push({
      workload: `read the global log (batches of ${READ_BATCH})`,
      events: readCount,
      'store events/s': readStore,
      'raw events/s': readRaw,
      'store/raw': `${Math.round((readStore / readRaw) * 100)}%`,
      'rounds store/raw': '',
      target: '≥ 50,000 events/s',
    });

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
