import { performance } from 'node:perf_hooks';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { openDatabase } from '@app/event-store';
import { AlertFilter, AlertQueries, OperationFilter, OperationsQueries } from '@app/read-models';
import { DataSource } from 'typeorm';
import { benchDatabase } from './bench-database';
import { timedRuns } from './sequential-timing';

/**
 * The list endpoints' index plans as the register grows: the operations and alerts read models filled with 100,000
 * then BENCH_LIST_ROWS (1,000,000) operations (and a tenth as many alerts), then every filter combination the API
 * offers read through the same query classes the API uses, first page of 50. Printed per combination: p50/p99 at
 * both sizes, the ratio, and the plan at the large size (the indexes it reads; "sort" when it sorts rows instead of
 * reading them in order). The baseline in the same run is the unfiltered first page. Target: no combination more
 * than 1.5× slower at the large size.
 *
 * The rows are written straight into the read models (generate_series), as the projections would leave them: what
 * is measured here is the reading. The work in progress (open operations, open alerts) is a bounded set, as in a
 * real register, while history grows.
 */

const SIZES = [100_000, Number(process.env.BENCH_LIST_ROWS ?? 1_000_000)];
const RUNS = 100;
const RUNNING = 2_000;
const OPEN_ALERTS = 500;
const NOW = new Date('2026-01-01T00:00:00+08:00');

const round = (ms: number): number => Math.round(ms * 100) / 100;

const timed = (once: () => Promise<unknown>) => timedRuns(once, { runs: RUNS, warmUp: 5, decimals: 2 });

/**
 * `size` operations up to NOW, newest last, 100,000 a year (a register grows by years, not by density, so a month
 * holds as many at both sizes): 100 departments, 30 powers each; the newest RUNNING
 * still open, one in a hundred of the others paused, the rest completed, one in twelve of the stopped ones after
 * their deadline. A tenth of them with an alert: the newest OPEN_ALERTS open, then answered and resolved ones.
 */
async function fill(dataSource: DataSource, size: number): Promise<void> {
  await dataSource.query('TRUNCATE operations, alerts');
  await dataSource.query(
    `INSERT INTO operations (id, department, power_code, case_number, status, accepted_at, committed_deadline,
       legal_deadline, clock_stopped_at, version, position, registered_at, state)
     SELECT id, department, power, 'case-' || g, status, accepted, accepted + interval '20 days',
       accepted + interval '30 days',
       CASE WHEN status = 'open' THEN NULL
            WHEN g % 12 = 0 THEN accepted + interval '25 days' ELSE accepted + interval '10 days' END,
       3, g, accepted,
       jsonb_build_object('id', id, 'department', department, 'status', status, 'version', 3, 'steps', '[]'::jsonb,
         'extensions', '[]'::jsonb, 'deadlines', NULL, 'decision', NULL,
         'pause', jsonb_build_object('at', accepted), 'completion', jsonb_build_object('at', accepted),
         'registration', jsonb_build_object('powerCode', power, 'caseNumber', 'case-' || g,
           'counterparty', jsonb_build_object('kind', 'organisation', 'name', '某某有限公司'),
           'handlers', '[]'::jsonb, 'acceptedAt', accepted, 'acceptedOn', accepted::date,
           'power', jsonb_build_object('code', power, 'name', '许可'), 'timeLimit', NULL, 'deadlines', NULL))
     FROM (SELECT g, 'op-' || g AS id, 'D' || lpad((1 + (g::bigint * 7919) % 100)::text, 3, '0') AS department,
             'D' || lpad((1 + (g::bigint * 7919) % 100)::text, 3, '0') || '-XK-' || (1 + (g::bigint * 104729) % 30) AS power,
             CASE WHEN g > $1 - $2 THEN 'open' WHEN g % 100 = 0 THEN 'paused' ELSE 'completed' END AS status,
             $3::timestamptz - ($1 - g) * interval '315 seconds' AS accepted
           FROM generate_series(1, $1) g) o`,
    [size, RUNNING, NOW.toISOString()],
  );
  await dataSource.query(
    `INSERT INTO alerts (alert_id, ground, level, department, subject_kind, subject_id, cause, evidence, message,
       raised_at, status, notes, version, raised_position, position)
     SELECT 'op:op-' || g || ':g7', 1 + g % 10, CASE WHEN g % 3 = 0 THEN 'red' ELSE 'yellow' END, department,
       'operation', 'op-' || g, 'committed-deadline-passed', '[]', '逾期', accepted_at + interval '21 days',
       CASE WHEN g > $1 - $2 THEN 'open' WHEN g % 7 = 0 THEN 'acknowledged' ELSE 'resolved' END, '[]', 1, g, g
     FROM operations, generate_series(10, $1, 10) g WHERE id = 'op-' || g`,
    [size, OPEN_ALERTS * 10],
  );
  await dataSource.query('VACUUM ANALYZE operations');
  await dataSource.query('VACUUM ANALYZE alerts');
}

/** The indexes a statement reads, and whether it sorts rows, from EXPLAIN. */
async function planOf(dataSource: DataSource, sql: string, params: unknown[]): Promise<string> {
  const rows = await dataSource.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (COSTS OFF) ${sql}`, params);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  const indexes = [...new Set([...plan.matchAll(/(?:using|on) (\w+_idx|\w+_pkey|\w+_key)/g)].map((m) => m[1]))];
  const sorts = /^\s*(->\s*)?Sort\b/m.test(plan.split('SubPlan')[0]) ? ' + sort' : '';
  return `${indexes.join(', ') || 'seq scan'}${sorts}`;
}

/** A DataSource that remembers the last statement it ran, to explain it. */
function recording(dataSource: DataSource): { dataSource: DataSource; last: () => { sql: string; params: unknown[] } } {
  let last = { sql: '', params: [] as unknown[] };
  const proxy = {
    query: (sql: string, params: unknown[]) => {
      last = { sql, params };
      return dataSource.query<unknown>(sql, params);
    },
  } as unknown as DataSource;
  return { dataSource: proxy, last: () => last };
}

const OPERATION_FILTERS: Record<string, OperationFilter> = {
  'none (baseline)': {},
  department: { department: 'D042' },
  power: { powerCode: 'D042-XK-7' },
  'status=open': { status: 'open' },
  'status=paused': { status: 'paused' },
  'overdue=true': { overdue: true },
  'overdue=false': { overdue: false },
  'accepted (a month)': { acceptedFrom: '2025-06-01', acceptedTo: '2025-06-30' },
  'department+status=open': { department: 'D042', status: 'open' },
  'department+status=completed': { department: 'D042', status: 'completed' },
  'department+overdue=true': { department: 'D042', overdue: true },
  'department+accepted (a month)': { department: 'D042', acceptedFrom: '2025-06-01', acceptedTo: '2025-06-30' },
  'department+status=open+overdue': { department: 'D042', status: 'open', overdue: true },
  'power+status=paused': { powerCode: 'D042-XK-7', status: 'paused' },
  'power+overdue=true': { powerCode: 'D042-XK-7', overdue: true },
  'status=completed+accepted (a month)': { status: 'completed', acceptedFrom: '2025-06-01', acceptedTo: '2025-06-30' },
};

const ALERT_FILTERS: Record<string, AlertFilter> = {
  'none (baseline)': {},
  department: { department: 'D042' },
  'status=open': { status: 'open' },
  'ground=7': { ground: 7 },
  'level=red': { level: 'red' },
  'department+status=open': { department: 'D042', status: 'open' },
  'department+status=acknowledged': { department: 'D042', status: 'acknowledged' },
  'department+level=red': { department: 'D042', level: 'red' },
  'raised (a month)': { raisedFrom: '2025-06-01', raisedTo: '2025-06-30' },
};

async function main(): Promise<void> {
  const database = await benchDatabase();
  const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS, poolSize: 4 });
  const operationsRecorder = recording(dataSource);
  const alertsRecorder = recording(dataSource);
  const operations = new OperationsQueries(operationsRecorder.dataSource);
  const alerts = new AlertQueries(
    alertsRecorder.dataSource,
    { waitFor: () => Promise.resolve(true) },
    {
      minPositionWaitMs: 0,
      detectors: 'detectors',
    },
  );
  console.log(`list plans benchmark on ${database.description}`);
  const results: Record<string, Record<string, number | string>> = {};
  try {
    for (const size of SIZES) {
      const start = performance.now();
      await fill(dataSource, size);
      console.log(
        `${size.toLocaleString('en')} operations and ${(size / 10).toLocaleString('en')} alerts written in ` +
          `${((performance.now() - start) / 1000).toFixed(1)} s`,
      );
      const measure = async (
        name: string,
        run: () => Promise<unknown>,
        last: () => { sql: string; params: unknown[] },
      ) => {
        const timing = await timed(run);
        const { sql, params } = last();
        results[name] = {
          ...(results[name] ?? {}),
          [`p50 @${size}`]: timing.p50,
          [`p99 @${size}`]: timing.p99,
          ...(size === SIZES[SIZES.length - 1] ? { plan: await planOf(dataSource, sql, params) } : {}),
        };
      };
      for (const [name, filter] of Object.entries(OPERATION_FILTERS)) {
        await measure(
          `operations ${name}`,
          () => operations.list({ kind: 'all' }, filter, { limit: 50 }, NOW),
          operationsRecorder.last,
        );
      }
      for (const [name, filter] of Object.entries(ALERT_FILTERS)) {
        await measure(`alerts ${name}`, () => alerts.list(filter, { limit: 50 }), alertsRecorder.last);
      }
    }
    const [small, large] = SIZES;
    for (const timings of Object.values(results)) {
      timings[`p50 ×`] = round((timings[`p50 @${large}`] as number) / (timings[`p50 @${small}`] as number));
    }
    console.table(results);
    const slow = Object.entries(results).filter(([, t]) => (t['p50 ×'] as number) > 1.5);
    console.log(
      slow.length === 0
        ? `every combination within 1.5× from ${small.toLocaleString('en')} to ${large.toLocaleString('en')} rows`
        : `more than 1.5× slower at ${large.toLocaleString('en')}: ${slow.map(([name]) => name).join('; ')}`,
    );
  } finally {
    await dataSource.destroy();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
