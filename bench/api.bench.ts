import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import {
  APPLICATION_ROLE,
  asLogin,
  EMBEDDED_APP_LOGIN,
  ensureApplicationLogin,
  migrateDatabase,
} from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { lateRegistrationAlertDelays } from './api-alert-delay';
import { startApi } from './api-app';
import { load, LoadResult } from './api-load';
import { rawInserts } from './api-raw-insert';
import { call, registration, seed } from './api-seed';
import { storeBatchAppends } from './api-store-batch';
import { benchDatabase } from './bench-database';

/**
 * The operations API under load, end to end: the real app (swc build, started as `npm start` starts it)
 * in a child process on a throw-away database, driven over HTTP by autocannon from this process; PostgreSQL, the
 * API and the load generator share the machine. Prints registrations per second with latency percentiles for single
 * and batch registrations, reads of one operation, and from the same run the floors to compare with: plain INSERTs
 * of the same rows, and the event store alone writing batches as the batch endpoint does. Between runs it waits
 * until every projection (register, alert detectors, alerts) has caught up, so that no run pays for the previous
 * one, and says how long that took.
 *
 * The API runs as recommended for production: API_WORKERS = the number of cores (HTTP workers, and the projector in a
 * process of its own at lower priority); BENCH_API_WORKERS=1 measures the single-process default of `npm start`.
 * BENCH_API_LOG=<file> keeps the API's log; BENCH_API_PROFILE=<directory> writes a CPU profile of each API process.
 * The delay from a write to its alert being visible is timed here on late registrations, in the API as it runs; a
 * late completion, on a clock the benchmark sets, by `npm run bench:alerts`.
 */

const CONNECTIONS = 64;
const SECONDS = 10;
const BATCH_SIZE = 1000;
const BATCH_CONNECTIONS = 2;
const READ_IDS = 2000;
const SETTLE_TIMEOUT_MS = 600_000;
const WORKERS = Number(process.env.BENCH_API_WORKERS ?? availableParallelism());

interface Row {
  workload: string;
  'ok requests': number;
  'registrations or reads/s': number;
  'p50 ms': number;
  'p99 ms': number;
  target: string;
  failures: string;
}

function row(workload: string, result: LoadResult, perSecond: number, target: string): Row {
  return {
    workload,
    'ok requests': result.ok,
    'registrations or reads/s': perSecond,
    'p50 ms': result.p50Ms,
    'p99 ms': result.p99Ms,
    target,
    failures: Object.keys(result.failures).length === 0 ? '' : JSON.stringify(result.failures),
  };
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  console.log(`Benchmark database: ${database.description}`);
  // The API connects as it does in production: a login of the application role; the owner migrates.
  await migrateDatabase(database.url, ALL_MIGRATIONS);
  await ensureApplicationLogin(database.url, EMBEDDED_APP_LOGIN, APPLICATION_ROLE);
  console.log(
    WORKERS > 1
      ? `API: API_WORKERS=${WORKERS} (${WORKERS} HTTP workers and a projector process)`
      : 'API: API_WORKERS=1 (one process, projector inside)',
  );
  const api = await startApi(asLogin(database.url, EMBEDDED_APP_LOGIN), {
    migrationUrl: database.url,
    workers: WORKERS,
    logFile: process.env.BENCH_API_LOG,
    profileDir: process.env.BENCH_API_PROFILE,
  });
  const rows: Row[] = [];
  const settling: string[] = [];
  try {
    const { departmentKey, supervisorKey } = await seed(api);
    const auth = { authorization: `Bearer ${departmentKey}` };
    const single = { method: 'POST' as const, path: '/v1/operations', body: JSON.stringify(registration()) };

    /**
     * Waits until every projection has every event (noting how long that took after `run`) and PostgreSQL's
     * autovacuum, which large inserts wake, has finished: the next run starts on a quiet machine.
     */
    const settle = async (run: string): Promise<void> => {
      const started = performance.now();
      for (;;) {
        const health = await fetch(`${api.baseUrl}/health`).then(
          (res) => res.json() as Promise<{ projections: { lag: number }[] }>,
        );
        if (health.projections.every((projection) => projection.lag === 0)) break;
        if (performance.now() - started > SETTLE_TIMEOUT_MS) throw new Error('The projections did not catch up');
        // /health counts each projection's lag: asking too often would slow the catching up it measures.
        await sleep(250);
      }
      settling.push(`${run}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      while ((await autovacuumWorkers(database.url)) > 0) {
        if (performance.now() - started > SETTLE_TIMEOUT_MS) throw new Error('Autovacuum did not finish');
        await sleep(500);
      }
    };

    console.log('Warming up …');
    await load({ url: api.baseUrl, connections: 16, duration: 3, headers: auth, requests: [single] });
    await settle('warm-up');

    console.log(`Single registrations: ${CONNECTIONS} connections, ${SECONDS} s …`);
    const singles = await load({
      url: api.baseUrl,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: auth,
      requests: [single],
    });
    rows.push(row('POST /v1/operations', singles, singles.perSecond, '≥ 1,500/s, p99 < 100 ms'));
    await settle('single registrations');

    console.log(`Batches of ${BATCH_SIZE}: ${BATCH_CONNECTIONS} connections, ${SECONDS} s …`);
    const batchBody = JSON.stringify({ items: Array.from({ length: BATCH_SIZE }, () => registration()) });
    const batches = await load({
      url: api.baseUrl,
      connections: BATCH_CONNECTIONS,
      duration: SECONDS,
      headers: auth,
      requests: [{ method: 'POST', path: '/v1/operations/batch', body: batchBody }],
    });
    const batchRate = Math.round((batches.ok * BATCH_SIZE) / SECONDS);
    rows.push(row(`POST /v1/operations/batch (${BATCH_SIZE} each)`, batches, batchRate, '≥ 10,000/s'));
    await settle('batches');

    console.log(`Reads of one operation: ${CONNECTIONS} connections, ${SECONDS} s …`);
    const ids = Array.from({ length: READ_IDS }, (_, i) => `bench-read-${i}`);
    for (let start = 0; start < ids.length; start += BATCH_SIZE) {
      const items = ids.slice(start, start + BATCH_SIZE).map((id) => registration({ id }));
      const res = await call(api, 'POST', '/v1/operations/batch', departmentKey, { items });
      if (res.status !== 201) throw new Error(`Registering the operations to read answered ${res.status}`);
    }
    await settle('registering the operations to read');
    let read = 0;
    const reads = await load({
      url: api.baseUrl,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { authorization: `Bearer ${supervisorKey}` },
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => ({ ...request, path: `/v1/operations/${ids[(read += 1) % ids.length]}` }),
        },
      ],
    });
    rows.push(row('GET /v1/operations/{id}', reads, reads.perSecond, ''));

    await settle('reads');
    console.log('Late registrations, each until its alert is listed …');
    const alertDelay = await lateRegistrationAlertDelays(api, departmentKey, supervisorKey);
    await settle('alerts');
    const sample = await storedRegistration(database.url);
    console.log(`Plain INSERTs of the same rows: ${CONNECTIONS} clients, ${SECONDS} s …`);
    const raw = await rawInserts(database.url, sample, CONNECTIONS, SECONDS);
    rows.push({
      workload: 'raw PostgreSQL INSERT of the same row, 1 per statement',
      'ok requests': raw.calls,
      'registrations or reads/s': raw.perSecond,
      'p50 ms': raw.p50Ms,
      'p99 ms': raw.p99Ms,
      target: 'floor of the single row',
      failures: '',
    });

    await settle('plain INSERTs');
    console.log(
      `The event store alone, batches as the endpoint writes them: ${BATCH_CONNECTIONS} callers, ${SECONDS} s …`,
    );
    const store = await storeBatchAppends(database.url, sample, BATCH_SIZE, BATCH_CONNECTIONS, SECONDS);
    rows.push({
      workload: `event store alone: ${BATCH_SIZE} new streams per transaction`,
      'ok requests': store.calls,
      'registrations or reads/s': store.perSecond * BATCH_SIZE,
      'p50 ms': store.p50Ms,
      'p99 ms': store.p99Ms,
      target: 'ceiling of the batch row',
      failures: '',
    });

    console.table(rows);
    console.log(
      `Single registrations reached ${Math.round((singles.perSecond / raw.perSecond) * 100)}% of plain INSERTs.`,
    );
    console.log(`Projections caught up after: ${settling.join('; ')}.`);
    console.log(
      `Late registration → its alert listed by GET /v1/alerts: min ${alertDelay.minMs} ms, median ` +
        `${alertDelay.medianMs} ms, max ${alertDelay.maxMs} ms (target ≤ 1,000 ms). A late completion on a set ` +
        'clock: `npm run bench:alerts`.',
    );
  } finally {
    await api.stop();
    await database.close();
  }
}

async function autovacuumWorkers(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/** One OperationRegistered event as the API stored it: the shape the floors write. */
async function storedRegistration(url: string): Promise<{ data: unknown; metadata: unknown }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ data: unknown; metadata: unknown }>(
      `SELECT data, metadata FROM events WHERE type = 'OperationRegistered' LIMIT 1`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
