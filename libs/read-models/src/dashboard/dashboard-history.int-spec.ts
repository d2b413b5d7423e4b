import { newEventId, PostgresEventStore } from '@app/event-store';
import { ProjectionRunner } from '@app/projector';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { CalendarProvider } from '../calendars/calendar-provider';
import { DashboardFactsProjection } from './dashboard-facts.projection';
import { FIGURES } from './dashboard-figures';
import { DashboardQueries, Figure, FigureScope } from './dashboard.queries';

/**
 * "As of a date" reads each month counter's history; a period that takes a month in part reads the facts. Over two
 * months of operations, alerts and completions recorded days after the day they claim and appended out of the order
 * of their recording, the two must agree on every day: a whole month as of a day equals the sum of its two halves as
 * of that day, and what is overdue equals the count of the facts by their recording and end times.
 */
describe('dashboard counters as of any day', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let queries: DashboardQueries;
  let runner: ProjectionRunner;
  let projection: DashboardFactsProjection;
  let recordedAt = '2025-03-01T09:00:00+08:00';

  /** A small deterministic generator (mulberry32), so that a failure can be replayed. */
  let seed = 20250301;
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (n: number): number => Math.floor(random() * n);
  const instant = (day: number, hour = 10): string =>
    new Date(Date.parse('2025-03-01T00:00:00+08:00') + day * 86_400_000 + hour * 3_600_000).toISOString();

  interface Planned {
    streamId: string;
    type: string;
    data: Record<string, unknown>;
    recordedAt: string;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.dataSource, { now: () => new Date(recordedAt) });
    const planned: Planned[] = [];
    for (let n = 0; n < 80; n += 1) {
      const id = `op${n}`;
      const department = n % 3 === 0 ? 'SW' : 'CG';
      const accepted = pick(60);
      const registeredLate = pick(4) === 0 ? pick(12) : 0;
      planned.push({
        streamId: `operation-${id}`,
        type: 'OperationRegistered',
        data: { id, department, powerCode: `${department}-XK-${1 + pick(2)}`, acceptedAt: instant(accepted, 9) },
        recordedAt: instant(accepted + registeredLate, 11),
      });
      const completedOn = pick(3) === 0 ? undefined : accepted + 1 + pick(20);
      const overdueOn = accepted + 8;
      const late = completedOn === undefined || completedOn > overdueOn;
      // Some miss their committed deadline, then their legal one too: still one overdue operation.
      const causes = !late || pick(3) === 0 ? [] : pick(2) === 0 ? ['committed'] : ['committed', 'legal'];
      causes.forEach((cause, rank) => {
        const alertId = `op:${id}:g7:${cause}`;
        const raisedOn = overdueOn + rank * 4 + pick(3);
        planned.push({
          streamId: `alert-${alertId}`,
          type: 'AlertRaised',
          data: {
            alertId,
            ground: 7,
            level: 'red',
            department,
            subject: { kind: 'operation', id },
            cause: `${cause}-deadline-passed`,
            evidence: ['e'],
            message: 'm',
            raisedAt: instant(raisedOn, 0),
          },
          recordedAt: instant(raisedOn, 1),
        });
        if (pick(2) === 0)
          planned.push({
            streamId: `alert-${alertId}`,
            type: 'AlertResolved',
            data: { alertId, note: 'n', by: 'script', resolvedAt: instant(raisedOn + 5) },
            recordedAt: instant(raisedOn + 5 + pick(3)),
          });
      });
      if (completedOn !== undefined)
        planned.push({
          streamId: `operation-${id}`,
          type: 'OperationCompleted',
          data: { id, at: instant(completedOn), deadlines: {}, overdue: { committed: late, legal: false } },
          recordedAt: instant(completedOn + pick(2), 15),
        });
    }
    // Each stream's events in their order; streams interleaved at random, so that the log's order is not the order
    // of recording.
    const queues = new Map<string, Planned[]>();
    for (const event of planned) queues.set(event.streamId, [...(queues.get(event.streamId) ?? []), event]);
    const order = planned.map((event) => event.streamId).sort(() => random() - 0.5);
    for (const streamId of order) {
      const event = queues.get(streamId)?.shift();
      if (event === undefined) continue;
      recordedAt = event.recordedAt;
      await store.append({
        streamId,
        expectedVersion: 'any',
        events: [
          {
            eventId: newEventId(),
            type: event.type,
            data: { ...event.data, recordedAt: event.recordedAt },
            metadata: { actor: { id: 'script', role: 'supervisor' } },
          },
        ],
      });
    }
    projection = new DashboardFactsProjection(new CalendarProvider(store));
    // Small batches: a later batch often records facts on days earlier than rows already in a counter's history.
    runner = new ProjectionRunner(db.dataSource, store, [projection], { batchSize: 7 });
    await runner.catchUp();
    queries = new DashboardQueries(db.dataSource);
  });
  afterAll(() => db.drop());

  const additive = FIGURES.filter((figure) => figure.aggregate !== 'avg' && !figure.state).map((f) => f.key);
  const values = (figures: Figure[]): Record<string, number | null> =>
    Object.fromEntries(figures.map((figure) => [figure.key, figure.value]));
  const days = (from: string, to: string): string[] => {
    const result: string[] = [];
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
      result.push(new Date(t).toISOString().slice(0, 10));
    return result;
  };

  it('gives a whole month as of each day the sum of its halves read from the facts', async () => {
    let compared = 0;
    for (const asOf of days('2025-02-28', '2025-05-20')) {
      for (const department of [undefined, 'CG']) {
        const scope = (from: string, to: string): FigureScope => ({ from, to, asOf, department });
        const [whole, first, second] = (
          await Promise.all([
            queries.figures(scope('2025-03-01', '2025-03-31')),
            queries.figures(scope('2025-03-01', '2025-03-15')),
            queries.figures(scope('2025-03-16', '2025-03-31')),
          ])
        ).map(values);
        for (const key of additive) {
          expect({ asOf, department, key, value: whole[key] }).toEqual({
            asOf,
            department,
            key,
            value: (first[key] ?? 0) + (second[key] ?? 0),
          });
          compared += whole[key] ?? 0;
        }
      }
    }
    // The comparison covered facts, not only zeros.
    expect(compared).toBeGreaterThan(1000);
  });

  it('counts as overdue on each day the operations with a passed deadline and no completion on record', async () => {
    const counted = new Set<number>();
    for (const asOf of days('2025-03-01', '2025-05-20')) {
      const [{ n }] = await db.dataSource.query<{ n: number }[]>(
        `SELECT count(DISTINCT item_id)::int AS n FROM dashboard_facts
          WHERE metric = 'operations.deadlinePassed'
            AND recorded_at < (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
            AND (ended_at IS NULL OR ended_at >= (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'))`,
        [asOf],
      );
      const figures = values(await queries.figures({ from: '2025-03-01', to: '2025-03-31', asOf }));
      expect({ asOf, overdue: figures['operations.overdue'] }).toEqual({ asOf, overdue: n });
      counted.add(n);
    }
    expect(Math.max(...counted)).toBeGreaterThan(3);
    const now = values(await queries.figures({ from: '2025-03-01', to: '2025-03-31' }));
    const [{ open }] = await db.dataSource.query<{ open: number }[]>(
      `SELECT count(DISTINCT item_id)::int AS open FROM dashboard_facts
        WHERE metric = 'operations.deadlinePassed' AND ended_at IS NULL`,
    );
    expect(now['operations.overdue']).toBe(open);
  });

  it('agrees with every fact recorded once the last day has passed', async () => {
    for (const scope of [
      { from: '2025-03-01', to: '2025-04-30' },
      { from: '2025-03-01', to: '2025-04-30', department: 'SW' },
    ]) {
      expect(values(await queries.figures({ ...scope, asOf: '2025-12-31' }))).toEqual(
        values(await queries.figures(scope)),
      );
    }
  });

  it('builds the same history in one pass as batch by batch', async () => {
    // A counter's value on each day it changed (a batch that moved an operation's start may leave a row that
    // repeats the one before it: same values, no change).
    const history = () =>
      db.dataSource.query(
        `SELECT month, department, metric, dim1, dim2, recorded_on, n, valued, total
           FROM (SELECT *, lag(ARRAY[n::numeric, valued::numeric, total]) OVER counter AS before
                   FROM dashboard_count_history
                 WINDOW counter AS (PARTITION BY month, department, metric, dim1, dim2 ORDER BY recorded_on)) h
          WHERE before IS DISTINCT FROM ARRAY[n::numeric, valued::numeric, total]
            AND NOT (before IS NULL AND n = 0 AND valued = 0 AND total = 0)
          ORDER BY month, department, metric, dim1, dim2, recorded_on`,
      );
    const before = await history();
    expect(before.length).toBeGreaterThan(100);
    await new ProjectionRunner(db.dataSource, store, [projection], { batchSize: 1000 }).rebuild(projection);
    expect(await history()).toEqual(before);
  });
});
