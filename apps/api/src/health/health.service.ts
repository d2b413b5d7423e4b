import { performance } from 'node:perf_hooks';
import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { calendarDaysBetween, shanghaiDate } from '@app/domain';
import { Clock } from '@app/platform';
import { CalendarProvider } from '@app/read-models';
import { undecidedRules } from '@app/supervision';
import {
  AwaitingCalendarHealth,
  CalendarHealth,
  DetectorsHealth,
  HealthReport,
  ProjectionHealth,
} from './health.response.dto';
import { ANSWER_WITHIN_MS, CALENDAR_AHEAD_DAYS, LAG_COUNTED_UP_TO } from './health.limits';

/** How long the database may take to answer before it counts as unreachable. */
const DATABASE_TIMEOUT_MS = 3000;
/** After a slow check, the database rests from /health this many times the check's length. */
const REST_FACTOR = 4;
/**
 * The oldest report given instead of a fresh one. Beyond it a probe waits for the check, which the database timeouts
 * bound (each step at most DATABASE_TIMEOUT_MS). Above the longest rest (DATABASE_TIMEOUT_MS) plus a check under a
 * flood (up to about a second measured), so that the check after a rest is not awaited by every probe.
 */
const STALE_REPORT_MAX_AGE_MS = 3 * DATABASE_TIMEOUT_MS;
/**
 * The event loop counts as busy when it ran this share of the time since the last probe. A fresh check then needs
 * several turns of the loop (each query's answer waits behind the work queued before it), so the probe gets the last
 * report at once and the check goes on behind it.
 */
const BUSY_LOOP_UTILIZATION = 0.5;
/** A projection is stalled when an event has waited this long for it: the projector is down or failing. */
const STALLED_AFTER_SECONDS = 60;

interface CheckpointRow {
  name: string;
  position: string;
  updated_at: Date;
  lag: string;
  waiting_seconds: number | null;
  failed_position: string | null;
  failure: string | null;
  failed_since: Date | null;
  failed_attempts: number;
  retry_at: Date | null;
}

/** A finished check: its report, and when (performance.now()) it started and finished. */
interface Check {
  report: HealthReport;
  startedAt: number;
  finishedAt: number;
}

@Injectable()
export class HealthService implements BeforeApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarProvider,
    private readonly clock: Clock,
  ) {}

  /** The last check that finished. */
  private last: Check | undefined;
  /** The check under way: probes that come meanwhile share it rather than each asking the database again. */
  private running: Promise<Check> | undefined;
  /**
   * The connection /health asks on, held for it alone: under a flood of writes the pool's connections are all in use,
   * and a check that queued for one took seconds.
   */
  private held: Promise<EntityManager> | undefined;
  /** The event loop's use up to the last probe, to tell how busy it has been since. */
  private loopUse = performance.eventLoopUtilization();

  /**
   * A fresh check when the database answers within ANSWER_WITHIN_MS (and did the last time) and the event loop is
   * not busy; otherwise the last check's report, marked `fresh: false` with the time it was made, while the fresh one
   * goes on and becomes the next answer. A prober (a load balancer, the supervision office's monitoring) is never kept waiting by a database
   * or a process busy with a flood, and never told more than it knows: a report older than STALE_REPORT_MAX_AGE_MS
   * is not given, the fresh check is awaited, and that one says the database is unreachable if it is.
   *
   * `mustBeFresh` (a request's `Cache-Control: no-cache`): the answer is a check that started after the call.
   */
  async check(options: { mustBeFresh?: boolean } = {}): Promise<HealthReport> {
    const calledAt = performance.now();
    const busy = this.loopBusySinceLastProbe();
    const last = this.last;
    if (options.mustBeFresh) return (await this.checkStartedAfter(calledAt)).report;
    if (last === undefined || calledAt - last.finishedAt > STALE_REPORT_MAX_AGE_MS)
      return (await this.refresh()).report;
    // A check that took long is not started again at once: for REST_FACTOR times its length (within
    // DATABASE_TIMEOUT_MS) probes get its report. A monitor polling a database busy with a backlog would otherwise
    // keep it counting that backlog without pause, taking the time of the projections that work it off.
    const tookMs = last.finishedAt - last.startedAt;
    const lastWasSlow = tookMs > ANSWER_WITHIN_MS;
    if (this.running === undefined && lastWasSlow) {
      if (calledAt - last.finishedAt < Math.min(tookMs * REST_FACTOR, DATABASE_TIMEOUT_MS)) return stale(last);
    }
    // A check never fails (an unreachable database is a report), so the one left running needs no handler.
    const fresh = this.refresh();
    // After a slow check the next is likely slow too: waiting ANSWER_WITHIN_MS for it would put that wait, and the
    // turn that ends it, into every answer under a flood. The probe gets the last report at once; once a check is
    // quick again, probes wait for fresh ones again.
    if (busy || lastWasSlow) return stale(last);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS)));
    try {
      return ((await Promise.race([fresh, late])) ?? { report: stale(last) }).report;
    } finally {
      clearTimeout(timer);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.catch(() => undefined);
    await this.letGoOfConnection();
  }

  /** The check under way, or a new one. */
  private refresh(): Promise<Check> {
    return (this.running ??= this.measure().finally(() => (this.running = undefined)));
  }

  /** A check that started at or after `time`: the one under way may have started before, then the next. */
  private async checkStartedAfter(time: number): Promise<Check> {
    for (;;) {
      const check = await this.refresh();
      if (check.startedAt >= time) return check;
    }
  }

  private loopBusySinceLastProbe(): boolean {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, this.loopUse);
    this.loopUse = now;
    return since.utilization > BUSY_LOOP_UTILIZATION;
  }

  private async measure(): Promise<Check> {
    const startedAt = performance.now();
    const report = await this.report();
    const check = { report, startedAt, finishedAt: performance.now() };
    this.last = check;
    return check;
  }

  /**
   * The connection held for /health, opened on first use. The server ends a question that waits longer than
   * DATABASE_TIMEOUT_MS (a lock, a flood), so that the connection is free again for the next check.
   */
  private connection(): Promise<EntityManager> {
    return (this.held ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      await runner.query(`SET statement_timeout = ${DATABASE_TIMEOUT_MS}`);
      return runner.manager;
    })());
  }

  /** Gives the held connection back after an error: the next check opens another (the database may have restarted). */
  private async letGoOfConnection(): Promise<void> {
    const held = this.held;
    this.held = undefined;
    const manager = await held?.catch(() => undefined);
    await manager?.queryRunner?.release().catch(() => undefined);
  }

  private async report(): Promise<HealthReport> {
    const checkedAt = this.clock.now().toISOString();
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    try {
      const db = await withTimeout(this.connection(), DATABASE_TIMEOUT_MS);
      await withTimeout(db.query('SELECT 1'), DATABASE_TIMEOUT_MS);
      const latencyMs = elapsed();
      // One after the other: a connection answers one question at a time (pg deprecates queueing them on it).
      const [checkpoints, awaitingCalendar, detectors] = await withTimeout(
        (async () =>
          [await this.projections(db), await this.awaitingCalendar(db), await this.detectors(db)] as const)(),
        DATABASE_TIMEOUT_MS,
      );
      const projections = checkpoints.map(toHealth);
      return {
        status: projections.some((p) => p.stalled || p.failure !== null) ? 'degraded' : 'ok',
        checkedAt,
        fresh: true,
        database: { reachable: true, latencyMs },
        projections,
        calendar: this.calendar(),
        awaitingCalendar,
        detectors,
      };
    } catch {
      await this.letGoOfConnection();
      return {
        status: 'degraded',
        checkedAt,
        fresh: true,
        database: { reachable: false, latencyMs: elapsed() },
        projections: [],
        calendar: this.calendar(),
        awaitingCalendar: null,
        detectors: null,
      };
    }
  }

  /**
   * From the calendar this process holds (built-in years and the last publications it read), without waiting for
   * the pool's connections to read newer ones.
   */
  private calendar(): CalendarHealth {
    const today = shanghaiDate(this.clock.now().toISOString());
    const { calendar } = this.calendars.held();
    const knownThrough = calendar.knownThrough(today) ?? null;
    const daysAhead = knownThrough === null ? 0 : calendarDaysBetween(today, knownThrough);
    return { knownThrough, daysAhead, short: daysAhead < CALENDAR_AHEAD_DAYS };
  }

  /** As the pending-deadlines reactor has them: operations recorded pending and not yet computed. */
  private async awaitingCalendar(db: EntityManager): Promise<AwaitingCalendarHealth> {
    const [row] = await db.query<{ operations: string; years: number[] }[]>(
      `SELECT count(*) AS operations,
              ARRAY(SELECT DISTINCT unnest(years) FROM operations_awaiting_calendar ORDER BY 1) AS years
         FROM operations_awaiting_calendar`,
    );
    return { operations: Number(row.operations), years: row.years };
  }

  private async detectors(db: EntityManager): Promise<DetectorsHealth> {
    return { undecided: await undecidedRules(db) };
  }

  /**
   * Each projection's checkpoint, the events after it, and how long the first of them has been waiting, all in
   * commit order as the projector reads. The lag is a count, not the head's position minus the checkpoint's:
   * concurrent transactions interleave positions, so a projection that has applied every event can stand at a
   * lower position than the head.
   */
  private projections(db: EntityManager): Promise<CheckpointRow[]> {
    // Counted once per distinct checkpoint, not once per projection: they advance side by side and mostly share one,
    // and behind a large backlog each count reads up to LAG_COUNTED_UP_TO index entries. Ten counts of a backlog
    // polled by a monitor took most of a core from the very projector that was catching up.
    return db.query<CheckpointRow[]>(
      `WITH points AS (SELECT DISTINCT transaction_id, position FROM projection_checkpoints),
            counted AS (
              SELECT p.transaction_id, p.position,
                     (SELECT count(*) FROM (
                        SELECT 1 FROM events e
                         WHERE (e.transaction_id, e.global_position) > (p.transaction_id, p.position)
                         LIMIT ${LAG_COUNTED_UP_TO}) behind) AS lag,
                     extract(epoch FROM now() - (
                       SELECT e.recorded_at FROM events e
                        WHERE (e.transaction_id, e.global_position) > (p.transaction_id, p.position)
                          AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                        ORDER BY e.transaction_id, e.global_position
                        LIMIT 1))::float8 AS waiting_seconds
                FROM points p)
       SELECT c.name, c.position, c.updated_at, c.failed_position, c.failure, c.failed_since, c.failed_attempts,
              c.retry_at, counted.lag, counted.waiting_seconds
         FROM projection_checkpoints c
         JOIN counted ON counted.transaction_id IS NOT DISTINCT FROM c.transaction_id
                      AND counted.position IS NOT DISTINCT FROM c.position
        ORDER BY c.name`,
    );
  }
}

function toHealth(row: CheckpointRow): ProjectionHealth {
  const position = Number(row.position);
  return {
    name: row.name,
    position,
    lag: Number(row.lag),
    updatedAt: row.updated_at.toISOString(),
    stalled: (row.waiting_seconds ?? 0) > STALLED_AFTER_SECONDS,
    failure:
      row.failure === null
        ? null
        : {
            position: row.failed_position === null ? null : Number(row.failed_position),
            error: row.failure,
            since: (row.failed_since ?? row.updated_at).toISOString(),
            attempts: row.failed_attempts,
            retryAt: (row.retry_at ?? row.updated_at).toISOString(),
          },
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A finished check's report given in place of a fresh one. */
function stale(check: Check): HealthReport {
  return { ...check.report, fresh: false };
}
