import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import {
  initialOperationState,
  officialCalendar,
  operationDecider,
  operationPowerOn,
  OperationState,
  operationStreamId,
  RecordedPowerEvent,
} from '@app/domain';
import { AppendRequest, newEventId, openDatabase, PostgresEventStore } from '@app/event-store';
import { OperationPowers } from '@app/read-models';
import { RunningApi, startApi } from './api-app';
import { benchPower, call } from './api-seed';
import { benchDatabase } from './bench-database';
import { generator } from './pseudo-random';
import { timedRuns } from './sequential-timing';

/**
 * The accountability reads on a large log: a year (2025) of important-power operations of 100 departments, each
 * registered and completed, one in twenty completed after its committed deadline (the real detectors raise its red
 * card), with cases opened through the API; first 100,000 events (BENCH_CASES_BASE_EVENTS), then up to
 * BENCH_CASES_EVENTS (1,000,000). The operations are decided by the domain's operation decider (the events are what
 * the API would store) and appended with the store's batch append, recorded at the times they claim. At each size,
 * after a VACUUM (ANALYZE) and a CHECKPOINT: p50/p99 of the case list (all, and one department's), a case's detail,
 * the reconstruction of a case opened from the red cards of 50 operations, and that case's dossier export; beside
 * them, as the baseline, one raw SELECT of the streams the reconstruction reads.
 * Targets: reconstruction p99 < 200 ms and dossier < 2 s at 1,000,000 events, no read 1.5× slower than at 100,000.
 */

const SIZES = [
  Number(process.env.BENCH_CASES_BASE_EVENTS ?? 100_000),
  Number(process.env.BENCH_CASES_EVENTS ?? 1_000_000),
];
const DEPARTMENTS = Array.from({ length: 100 }, (_, i) => `D${String(i + 1).padStart(3, '0')}`);
const powerOf = (department: string) => `${department}-CF-0001`;
/** The operations of the case under study: the first ones of D001, all late. */
const CASE_OPERATIONS = 50;
const LATE_SHARE = 0.05;
/** One case for this many events of the log, so that the case list grows with it. */
const EVENTS_PER_CASE = 1000;
const STREAMS_PER_APPEND = 500;
/**
 * Samples per read: a p99 of 200 is the second slowest, so one stray pause (a collection in the API, a checkpoint)
 * decided it; of 1,000 it is the tenth. The dossier, at a quarter of a second each, gets 200.
 */
const RUNS = 1000;
const DOSSIER_RUNS = 200;
const SETTLE_TIMEOUT_MS = 60 * 60_000;

const timed = (once: () => Promise<unknown>, runs = RUNS) => timedRuns(once, { runs, warmUp: 3, decimals: 1 });

const pad = (n: number): string => String(n).padStart(2, '0');
const hoursAfter = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();

async function created<T>(api: RunningApi, path: string, key: string, body: unknown): Promise<T> {
  const res = await call<T>(api, 'POST', path, key, body);
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function ok(api: RunningApi, path: string, key: string): Promise<number> {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
  return bytes;
}

/** Through the API: 100 departments, each holding an important penalty power in force through 2025. */
async function seedCatalogue(api: RunningApi): Promise<{ investigatorKey: string; supervisorKey: string }> {
  const issue = (role: string) =>
    created<{ key: string }>(api, '/v1/admin/keys', api.adminKey, { name: `bench ${role}`, role });
  const [reviewer, investigator, supervisor] = await Promise.all([
    issue('reviewer'),
    issue('investigator'),
    issue('supervisor'),
  ]);
  for (const department of DEPARTMENTS) {
    await created(api, '/v1/admin/departments', api.adminKey, { code: department, name: `基准测试局${department}` });
    await created(api, '/v1/powers', reviewer.key, benchPower(powerOf(department), department));
  }
  return { investigatorKey: investigator.key, supervisorKey: supervisor.key };
}

/** Writes operations with the store's batch append, as the API's decider would have them, recorded when they claim. */
class OperationLog {
  private readonly random = generator(42);
  private readonly calendar = officialCalendar();
  private next = 0;
  /** Events appended by this log (the detectors' alerts and the cases come on top). */
  appended = 0;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly powers: Map<string, RecordedPowerEvent[]>,
  ) {}

  static async open(store: PostgresEventStore): Promise<OperationLog> {
    return new OperationLog(store, await new OperationPowers(store).history(DEPARTMENTS.map(powerOf)));
  }

  /** The id of operation `n`: the first CASE_OPERATIONS of D001 are the case's. */
  static idOf(n: number): string {
    return `op-${n}`;
  }

  async appendUntil(events: number, progress: (appended: number) => void): Promise<void> {
    while (this.appended < events) {
      const requests: AppendRequest[] = [];
      for (let i = 0; i < STREAMS_PER_APPEND && this.appended < events; i += 1) {
        const request = this.operation(this.next);
        this.next += 1;
        this.appended += request.events.length;
        requests.push(request);
      }
      await this.store.appendMany(requests);
      progress(this.appended);
    }
  }

  private operation(n: number): AppendRequest {
    const department = DEPARTMENTS[n % DEPARTMENTS.length];
    const month = 1 + Math.floor(this.random() * 11);
    const day = 1 + Math.floor(this.random() * 28);
    const acceptedAt = `2025-${pad(month)}-${pad(day)}T09:00:00+08:00`;
    const late =
      (department === DEPARTMENTS[0] && n / DEPARTMENTS.length < CASE_OPERATIONS) || this.random() < LATE_SHARE;
    const actor = { id: `bench-${department}`, role: 'department' as const, department };
    const metadata = { actor, correlationId: `bench-${n}` };
    const id = OperationLog.idOf(n);
    const code = powerOf(department);
    const registeredAt = hoursAfter(acceptedAt, 1);
    const decide = (command: Parameters<typeof operationDecider.decide>[0], state: OperationState) =>
      operationDecider.decide(command, state);
    const [registered] = decide(
      {
        type: 'RegisterOperation',
        actor,
        recordedAt: registeredAt,
        id,
        powerCode: code,
        department,
        caseNumber: `${department}罚〔2025〕${n}号`,
        counterparty: { kind: 'person', name: '张三', idNumber: '110101199003071234' },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt,
        power: operationPowerOn(code, this.powers.get(code)!, acceptedAt),
        calendar: this.calendar,
        calendarVersion: 0,
      },
      initialOperationState,
    );
    // Late: a fortnight, past the five working days committed; otherwise within two days.
    const completedAt = hoursAfter(acceptedAt, late ? 15 * 24 : 30);
    const [completed] = decide(
      { type: 'CompleteOperation', actor, recordedAt: hoursAfter(completedAt, 1), id, at: completedAt },
      operationDecider.evolve(initialOperationState, registered),
    );
    return {
      streamId: operationStreamId(id),
      expectedVersion: 'no-stream',
      events: [registered, completed].map((event, i) => ({
        eventId: newEventId(),
        type: event.type,
        data: event.data,
        metadata,
        recordedAt: i === 0 ? registeredAt : hoursAfter(completedAt, 1),
      })),
    };
  }
}

/** Until every projection and reactor has read the whole log. */
async function settle(api: RunningApi): Promise<number> {
  const started = performance.now();
  for (;;) {
    const health = (await fetch(`${api.baseUrl}/health`).then((res) => res.json())) as {
      fresh: boolean;
      projections: { lag: number }[];
    };
    if (health.fresh && health.projections.every((projection) => projection.lag === 0)) break;
    if (performance.now() - started > SETTLE_TIMEOUT_MS) throw new Error('The projections did not catch up');
    await sleep(1000);
  }
  return (performance.now() - started) / 1000;
}

interface Measured {
  events: number;
  cases: number;
  loadSeconds: number;
  settleSeconds: number;
  reads: Record<string, { p50: number; p99: number }>;
}

async function main(): Promise<void> {
  const database = await benchDatabase();
  const api = await startApi(database.url);
  const dataSource = await openDatabase(database.url, { migrations: ALL_MIGRATIONS });
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    const { investigatorKey, supervisorKey } = await seedCatalogue(api);
    const log = await OperationLog.open(new PostgresEventStore(dataSource));
    let caseId: string | undefined;
    let streamIds: string[] = [];
    let dossierBytes = 0;
    let cases = 0;
    const results: Measured[] = [];
    for (const size of SIZES) {
      const loadStart = performance.now();
      // The detectors' alerts and the cases opened below come on top: the log holds at least `size` events.
      await log.appendUntil(size, (appended) => process.stdout.write(`\r${appended} events appended…`));
      const loadSeconds = (performance.now() - loadStart) / 1000;
      process.stdout.write('\n');
      const settleSeconds = await settle(api);
      if (caseId === undefined) {
        const origins = Array.from({ length: CASE_OPERATIONS }, (_, i) => ({
          kind: 'alert',
          id: `op:${OperationLog.idOf(i * DEPARTMENTS.length)}:g10:committed-deadline-passed`,
        }));
        caseId = (
          await created<{ id: string }>(api, '/v1/cases', investigatorKey, {
            origins,
            grounds: [10],
            departments: [DEPARTMENTS[0]],
            summary: '办结超过承诺期限',
            openedAt: new Date().toISOString(),
          })
        ).id;
        cases += 1;
        const first = await call<{ streams: { streamId: string }[] }>(
          api,
          'GET',
          `/v1/cases/${caseId}/reconstruction`,
          investigatorKey,
        );
        streamIds = first.body.streams.map((s) => s.streamId);
      }
      // Cases on the departments' own initiative, a few at a time, until the list has one per EVENTS_PER_CASE.
      while (cases < size / EVENTS_PER_CASE) {
        const wave = Array.from({ length: Math.min(8, size / EVENTS_PER_CASE - cases) }, (_, i) => {
          const department = DEPARTMENTS[(cases + i) % DEPARTMENTS.length];
          return created(api, '/v1/cases', investigatorKey, {
            origins: [{ kind: 'own-initiative' }],
            grounds: [1],
            departments: [department],
            summary: '主动发现的线索',
            openedAt: new Date().toISOString(),
          });
        });
        await Promise.all(wave);
        cases += wave.length;
      }
      await settle(api);
      // As the database settles a while after a load: autovacuum analyses and vacuums the new rows, and the
      // checkpoints the load's WAL set off end. Measured during them, every read competes with them for the disk and
      // the two cores (a checkpoint of a million events' pages took 38 s here), and the planner still believes the
      // table is small.
      const vacuumStart = performance.now();
      await client.query('VACUUM (ANALYZE)');
      await client.query('CHECKPOINT');
      const vacuumSeconds = (performance.now() - vacuumStart) / 1000;
      const path = `/v1/cases/${caseId}`;
      const reads = {
        'GET /v1/cases?limit=50': await timed(() => ok(api, '/v1/cases?limit=50', supervisorKey)),
        [`GET /v1/cases?department=${DEPARTMENTS[0]}`]: await timed(() =>
          ok(api, `/v1/cases?department=${DEPARTMENTS[0]}&limit=50`, supervisorKey),
        ),
        'GET /v1/cases/{id}': await timed(() => ok(api, path, investigatorKey)),
        [`GET /v1/cases/{id}/reconstruction (${CASE_OPERATIONS} operations)`]: await timed(() =>
          ok(api, `${path}/reconstruction`, investigatorKey),
        ),
        'GET /v1/cases/{id}/dossier': await timed(async () => {
          dossierBytes = await ok(api, `${path}/dossier`, investigatorKey);
        }, DOSSIER_RUNS),
        'baseline: raw SELECT of the same streams': await timed(() =>
          client.query('SELECT * FROM events WHERE stream_id = ANY($1::text[]) ORDER BY global_position', [streamIds]),
        ),
      };
      if (process.env.BENCH_CASES_EXPLAIN === '1') {
        const plan = await client.query<{ 'QUERY PLAN': string }>(
          'EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM events WHERE stream_id = ANY($1::text[]) ORDER BY global_position',
          [streamIds],
        );
        console.log(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
      }
      const [{ count }] = (await client.query<{ count: string }>('SELECT count(*) FROM events')).rows;
      results.push({ events: Number(count), cases, loadSeconds, settleSeconds, reads });
      console.log(
        `${Number(count).toLocaleString('en')} events (${log.appended.toLocaleString('en')} appended in ` +
          `${loadSeconds.toFixed(1)} s, ${Math.round(log.appended / loadSeconds)} events/s; projected and judged ` +
          `${settleSeconds.toFixed(1)} s after), ${cases} cases; the case reads ${streamIds.length} streams; ` +
          `VACUUM (ANALYZE) and CHECKPOINT before measuring took ${vacuumSeconds.toFixed(1)} s`,
      );
    }
    const [small, large] = results;
    const table: Record<string, Record<string, string | number>> = {};
    for (const [read, atSmall] of Object.entries(small.reads)) {
      const atLarge = large.reads[read];
      table[read] = {
        [`p50 ${small.events}`]: atSmall.p50,
        [`p99 ${small.events}`]: atSmall.p99,
        [`p50 ${large.events}`]: atLarge.p50,
        [`p99 ${large.events}`]: atLarge.p99,
        'p99 growth': Math.round((atLarge.p99 / atSmall.p99) * 100) / 100,
      };
    }
    console.log(
      `${database.description}; milliseconds, ${RUNS} runs each (the dossier ${DOSSIER_RUNS}); dossier ` +
        `${Math.round(dossierBytes / 1024)} KiB`,
    );
    console.table(table);
    const reconstruction = Object.entries(large.reads).find(([read]) => read.includes('reconstruction'))![1];
    const dossier = large.reads['GET /v1/cases/{id}/dossier'];
    const growth = Object.entries(table)
      .filter(([read]) => !read.startsWith('baseline'))
      .map(([, row]) => row['p99 growth'] as number);
    console.table({
      'reconstruction p99 < 200 ms': reconstruction.p99 < 200 ? 'yes' : 'NO',
      'dossier p99 < 2 s': dossier.p99 < 2000 ? 'yes' : 'NO',
      'no read 1.5× slower': growth.every((g) => g <= 1.5) ? 'yes' : 'NO',
    });
  } finally {
    await client.end();
    await dataSource.destroy();
    await api.stop();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
