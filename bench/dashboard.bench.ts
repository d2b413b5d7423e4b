import { performance } from 'node:perf_hooks';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { AppendRequest, newEventId, openDatabase, PostgresEventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projector';
import { CalendarProvider, DashboardFactsProjection, DashboardQueries } from '@app/read-models';
import { DataSource } from 'typeorm';
import { benchDatabase } from './bench-database';
import { generator } from './pseudo-random';
import { timedRuns } from './sequential-timing';

/**
 * The dashboards on a large log: a year (2025) of 100 departments' operations with their alerts, complaints,
 * findings, rectifications and cases, appended with the store's batch append in the order of their recording (as the
 * product writes its log), 100,000 events, then BENCH_DASHBOARD_EVENTS (1,000,000) in a database of their own. At each
 * size: the dashboard projection rebuilt from zero (events/s), then p50/p99
 * of the overview (all figures plus the table of 100 departments), one department, the monthly series, and the
 * overview as of a date; beside them, as the baseline, one raw count of the same month's facts. Targets: overview and
 * department p99 < 50 ms, as-of p99 < 300 ms, rebuild ≥ 20,000 events/s, no query 1.5× slower at the large size.
 */

const SIZES = [100_000, Number(process.env.BENCH_DASHBOARD_EVENTS ?? 1_000_000)];
const DEPARTMENTS = Array.from({ length: 100 }, (_, i) => `D${String(i + 1).padStart(3, '0')}`);
/** Samples per query: a p99 of 200 is the second slowest, which one stray pause decides; of 1,000 it is the tenth. */
const RUNS = 1000;
const EVENTS_PER_APPEND = 5000;

const timed = (once: () => Promise<unknown>) => timedRuns(once, { runs: RUNS, warmUp: 3, decimals: 1 });

const pad = (n: number): string => String(n).padStart(2, '0');

/** The streams of item number `n`: an operation (and, for some, its alert, a complaint, a finding with its order, a case). */
function itemStreams(n: number, random: () => number): AppendRequest[] {
  const department = DEPARTMENTS[n % DEPARTMENTS.length];
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 27);
  const on = `2025-${pad(month)}-${pad(day)}`;
  const at = (offsetDays: number) =>
    new Date(Date.parse(`${on}T09:00:00+08:00`) + offsetDays * 86_400_000).toISOString();
  const event = (type: string, data: Record<string, unknown>, offsetDays: number) => ({
    eventId: newEventId(),
    type,
    data: { ...data, recordedAt: at(offsetDays) },
    metadata: { actor: { id: 'bench', role: 'department' } },
    recordedAt: at(offsetDays),
  });
  const id = `op-${n}`;
  const late = random() < 0.1;
  const streams: AppendRequest[] = [
    {
      streamId: `operation-${id}`,
      expectedVersion: 'no-stream',
      events: [
        event('OperationRegistered', { id, department, powerCode: `${department}-XK-1`, acceptedAt: at(0) }, 0),
        event(
          'OperationCompleted',
          { id, at: at(late ? 12 : 4), deadlines: {}, overdue: { committed: late, legal: false } },
          late ? 12 : 4,
        ),
      ],
    },
  ];
  if (late) {
    const alertId = `op:${id}:g7:committed-deadline-passed`;
    streams.push({
      streamId: `alert-${alertId}`,
      expectedVersion: 'no-stream',
      events: [
        event(
          'AlertRaised',
          {
            alertId,
            ground: 7,
            level: 'red',
            department,
            subject: { kind: 'operation', id },
            cause: 'committed-deadline-passed',
            evidence: ['e'],
            message: 'm',
            raisedAt: at(8),
          },
          8,
        ),
        event('AlertResolved', { alertId, note: 'n', by: 'bench', resolvedAt: at(20) }, 20),
      ],
    });
  }
  if (random() < 0.05) {
    const complaintId = `c-${n}`;
    streams.push({
      streamId: `complaint-${complaintId}`,
      expectedVersion: 'no-stream',
      events: [
        event(
          'ComplaintReceived',
          {
            complaintId,
            channel: 'hotline-12345',
            receivedAt: at(1),
            about: { department },
            complainant: { disclosure: 'anonymous' },
            summary: 's',
            by: 'bench',
          },
          1,
        ),
        event(
          'ComplaintAssigned',
          { complaintId, department, round: 1, assignedOn: on, replyWithinWorkingDays: 5, replyDueOn: on, by: 'bench' },
          1,
        ),
        event(
          'ComplaintReplied',
          { complaintId, round: 1, reply: 'r', documents: [], repliedAt: at(3), by: 'bench' },
          3,
        ),
        event(
          'ComplaintClosed',
          {
            complaintId,
            result: random() < 0.3 ? 'substantiated' : 'not-substantiated',
            satisfaction: 'satisfied',
            by: 'bench',
          },
          5,
        ),
      ],
    });
  }
  if (random() < 0.02) {
    const findingId = `f-${n}`;
    streams.push(
      {
        streamId: `finding-${findingId}`,
        expectedVersion: 'no-stream',
        events: [
          event(
            'FindingRecorded',
            {
              findingId,
              kind: 'slow-action',
              department,
              source: { kind: 'own-initiative' },
              operations: [id],
              powers: [],
              facts: 'f',
              evidence: [],
              ground: 1,
              foundOn: on,
              by: 'bench',
            },
            2,
          ),
        ],
      },
      {
        streamId: `rectification-r-${n}`,
        expectedVersion: 'no-stream',
        events: [
          event(
            'RectificationOrdered',
            {
              rectificationId: `r-${n}`,
              department,
              source: { kind: 'finding', id: findingId },
              requirements: 'r',
              orderedOn: on,
              withinWorkingDays: 10,
              dueOn: on,
              by: 'bench',
            },
            2,
          ),
          event(
            'RectificationReported',
            { rectificationId: `r-${n}`, reportNo: 1, actions: 'a', documents: [], reportedAt: at(6), by: 'bench' },
            6,
          ),
          event('RectificationReportAccepted', { rectificationId: `r-${n}`, reportNo: 1, by: 'bench' }, 7),
        ],
      },
    );
  }
  if (random() < 0.002) {
    const caseId = `AC-${n}`;
    streams.push({
      streamId: `case-${caseId}`,
      expectedVersion: 'no-stream',
      events: [
        event(
          'CaseOpened',
          {
            caseId,
            origins: [{ kind: 'own-initiative' }],
            grounds: [7],
            departments: [department],
            summary: 's',
            openedAt: at(10),
            alertIds: [],
            rightsPeriodWorkingDays: 5,
            reviewPeriodWorkingDays: 20,
          },
          10,
        ),
        event(
          'CasePersonNamed',
          { caseId, personId: 'P1', name: '某', post: '科员', department, responsibility: 'direct' },
          10,
        ),
        event(
          'CasePersonDecided',
          {
            caseId,
            personId: 'P1',
            outcome: 'responsible',
            tier: 'serious',
            measures: ['circulated-criticism'],
            reasoning: 'r',
            decidedAt: at(30),
            rightsHeard: { statementIn: true, answerBy: null },
          },
          30,
        ),
      ],
    });
  }
  return streams;
}

/**
 * A log of at least `size` events as the product writes one: in the order of recording (each event appended when it
 * happened, the streams of many items interleaved), 5,000 events per batch append.
 */
async function appendLog(store: PostgresEventStore, size: number): Promise<void> {
  const random = generator(20251231);
  const planned: { streamId: string; event: AppendRequest['events'][number] }[] = [];
  for (let item = 0; planned.length < size; item += 1)
    for (const stream of itemStreams(item, random))
      for (const event of stream.events) planned.push({ streamId: stream.streamId, event });
  // A stable sort: the events of a stream keep their order.
  planned.sort((a, b) => Date.parse(a.event.recordedAt!) - Date.parse(b.event.recordedAt!));
  for (let start = 0; start < planned.length; start += EVENTS_PER_APPEND) {
    const requests = new Map<string, AppendRequest>();
    for (const { streamId, event } of planned.slice(start, start + EVENTS_PER_APPEND)) {
      const request = requests.get(streamId) ?? { streamId, expectedVersion: 'any', events: [] };
      request.events.push(event);
      requests.set(streamId, request);
    }
    await store.appendMany([...requests.values()]);
  }
}

async function main(): Promise<void> {
  const results: Record<string, Record<string, number | string>> = {};
  for (const size of SIZES) {
    // Each size is a log of its own (a year at either size), in a database of its own.
    const database = await benchDatabase();
    const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS, poolSize: 8 });
    const store = new PostgresEventStore(dataSource);
    const queries = new DashboardQueries(dataSource);
    const projection = new DashboardFactsProjection(new CalendarProvider(store));
    const runner = new ProjectionRunner(dataSource, store, [projection], { batchSize: 5000 });
    console.log(`dashboard benchmark at ${size.toLocaleString('en')} events on ${database.description}`);
    try {
      const appendStart = performance.now();
      await appendLog(store, size);
      const appendSeconds = (performance.now() - appendStart) / 1000;
      await dataSource.query('ANALYZE events');

      const rebuildStart = performance.now();
      const projected = await runner.rebuild(projection);
      const rebuildSeconds = (performance.now() - rebuildStart) / 1000;
      // As autovacuum would after such a load: statistics, and the visibility map for index-only scans.
      await dataSource.query('VACUUM ANALYZE dashboard_facts');
      await dataSource.query('VACUUM ANALYZE dashboard_counts');
      await dataSource.query('VACUUM ANALYZE dashboard_count_history');
      const facts = Number((await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM dashboard_facts'))[0].n);

      const month = { from: '2025-06-01', to: '2025-06-30' };
      const row = (name: string, timing: { p50: number; p99: number }) => {
        results[name] = { ...(results[name] ?? {}), [`p50 ms @${size}`]: timing.p50, [`p99 ms @${size}`]: timing.p99 };
      };
      row(
        'overview (all + 100 departments)',
        await timed(async () => queries.overview(month, await queries.departments(month))),
      );
      const departments = await queries.departments(month);
      row('  of which: the list of departments', await timed(() => queries.departments(month)));
      row(
        '  of which: the figures of 100 departments and all',
        await timed(() => queries.overview(month, departments)),
      );
      row('department', await timed(() => queries.figures({ ...month, department: 'D042' })));
      row('monthly series (year, all)', await timed(() => queries.series({ from: '2025-01-01', to: '2025-12-31' })));
      row(
        'overview as of 2025-06-15',
        await timed(async () => queries.overview({ ...month, asOf: '2025-06-15' }, await queries.departments(month))),
      );
      row(
        'items of a figure (first page)',
        await timed(() => queries.items('operations.completedLate', { ...month, department: 'D042' }, { limit: 50 })),
      );
      row(
        'baseline: raw count of the month',
        await timed(() =>
          dataSource.query(
            "SELECT metric, count(*) FROM dashboard_facts WHERE occurred_on BETWEEN '2025-06-01' AND '2025-06-30' GROUP BY metric",
          ),
        ),
      );
      if (process.env.BENCH_DASHBOARD_EXPLAIN === '1')
        await explain(dataSource, month, await queries.departments(month));
      console.log(
        `${size.toLocaleString('en')} events: appended in ${appendSeconds.toFixed(1)} s; rebuild read ${projected.toLocaleString('en')} events ` +
          `into ${facts.toLocaleString('en')} facts in ${rebuildSeconds.toFixed(1)} s = ${Math.round(projected / rebuildSeconds).toLocaleString('en')} events/s`,
      );
    } finally {
      await dataSource.destroy();
      await database.close();
    }
  }
  console.table(results);
  const [small, large] = SIZES;
  for (const [name, timings] of Object.entries(results)) {
    const ratio = (timings[`p50 ms @${large}`] as number) / (timings[`p50 ms @${small}`] as number);
    console.log(`${name}: p50 ${ratio.toFixed(2)}× at ${large.toLocaleString('en')} vs ${small.toLocaleString('en')}`);
  }
}

/** Prints the plan and time of every query the overview runs (BENCH_DASHBOARD_EXPLAIN=1). */
async function explain(
  dataSource: DataSource,
  month: { from: string; to: string },
  departments: string[],
): Promise<void> {
  const explaining = {
    query: async (sql: string, params: unknown[]) => {
      const plan = await dataSource.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params);
      console.log(`--- ${sql.replace(/\s+/g, ' ').slice(0, 120)}…`);
      console.log(plan.map((row) => row['QUERY PLAN']).join('\n'));
      return dataSource.query<unknown>(sql, params);
    },
  } as unknown as DataSource;
  const queries = new DashboardQueries(explaining);
  await queries.overview(month, departments);
  await queries.series({ from: '2025-01-01', to: '2025-12-31' });
  await queries.figures({ ...month, asOf: '2025-06-15' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
