import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarProvider,
    private readonly clock: Clock,
  ) {}

  /** The last check that finished, when (performance.now()) and how long it took. */
  private last: { report: HealthReport; finishedAt: number; tookMs: number } | undefined;
  /** The check under way: probes that come meanwhile share it rather than each asking the database again. */
  private running: Promise<HealthReport> | undefined;

  /**
   * A fresh check when the database answers within ANSWER_WITHIN_MS; otherwise the last check's report, marked
   * `fresh: false` with the time it was made, while the fresh one goes on and becomes the next answer. A prober
   * (a load balancer, the supervision office's monitoring) is never kept waiting by a database busy with a flood, and
   * never told more than it knows: a report older than DATABASE_TIMEOUT_MS is not given, the fresh check is awaited,
   * and that one says the database is unreachable if it is.
   */
  async check(): Promise<HealthReport> {
    const last = this.last;
    // A check that took long is not started again at once: for REST_FACTOR times its length (within
    // DATABASE_TIMEOUT_MS) probes get its report. A monitor polling a database busy with a backlog would otherwise
    // keep it counting that backlog without pause, taking the time of the projections that work it off.
    if (this.running === undefined && last !== undefined && last.tookMs > ANSWER_WITHIN_MS) {
      const since = performance.now() - last.finishedAt;
      if (since < Math.min(last.tookMs * REST_FACTOR, DATABASE_TIMEOUT_MS)) return { ...last.report, fresh: false };
    }
    const fresh = (this.running ??= this.measure().finally(() => (this.running = undefined)));
    if (last === undefined || performance.now() - last.finishedAt > DATABASE_TIMEOUT_MS) return fresh;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS)));
    try {
      return (await Promise.race([fresh, late])) ?? { ...last.report, fresh: false };
    } finally {
      clearTimeout(timer);
    }
  }

  private async measure(): Promise<HealthReport> {
    const started = performance.now();
    const report = await this.report();
    const finishedAt = performance.now();
    this.last = { report, finishedAt, tookMs: finishedAt - started };
    return report;
  }

  private async report(): Promise<HealthReport> {
    const checkedAt = this.clock.now().toISOString();
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), DATABASE_TIMEOUT_MS);
      const latencyMs = elapsed();
      // Side by side: under load each waits for a connection and for the server, and /health must answer quickly.
      const [checkpoints, awaitingCalendar, detectors] = await withTimeout(
        Promise.all([this.projections(), this.awaitingCalendar(), this.detectors()]),
        DATABASE_TIMEOUT_MS,
      );
      const projections = checkpoints.map(toHealth);
      return {
        status: projections.some((p) => p.stalled || p.failure !== null) ? 'degraded' : 'ok',
        checkedAt,
        fresh: true,
        database: { reachable: true, latencyMs },
        projections,
        calendar: await this.calendar(),
        awaitingCalendar,
        detectors,
      };
    } catch {
      return {
        status: 'degraded',
        checkedAt,
        fresh: true,
        database: { reachable: false, latencyMs: elapsed() },
        projections: [],
        calendar: await this.calendar(),
        awaitingCalendar: null,
        detectors: null,
      };
    }
  }

  /** From the calendar this process holds (built-in years and the last publications it read). */
  private async calendar(): Promise<CalendarHealth> {
    const today = shanghaiDate(this.clock.now().toISOString());
    const { calendar } = await this.calendars.current().catch(() => ({ calendar: undefined }));
    const knownThrough = calendar?.knownThrough(today) ?? null;
    const daysAhead = knownThrough === null ? 0 : calendarDaysBetween(today, knownThrough);
    return { knownThrough, daysAhead, short: daysAhead < CALENDAR_AHEAD_DAYS };
  }

  /** As the pending-deadlines reactor has them: operations recorded pending and not yet computed. */
  private async awaitingCalendar(): Promise<AwaitingCalendarHealth> {
    const [row] = await this.dataSource.query<{ operations: string; years: number[] }[]>(
      `SELECT count(*) AS operations,
              ARRAY(SELECT DISTINCT unnest(years) FROM operations_awaiting_calendar ORDER BY 1) AS years
         FROM operations_awaiting_calendar`,
    );
    return { operations: Number(row.operations), years: row.years };
  }

  private async detectors(): Promise<DetectorsHealth> {
    return { undecided: await undecidedRules(this.dataSource) };
  }

  /**
   * Each projection's checkpoint, the events after it, and how long the first of them has been waiting, all in
   * commit order as the projector reads. The lag is a count, not the head's position minus the checkpoint's:
   * concurrent transactions interleave positions, so a projection that has applied every event can stand at a
   * lower position than the head.
   */
  private projections(): Promise<CheckpointRow[]> {
    // Counted once per distinct checkpoint, not once per projection: they advance side by side and mostly share one,
    // and behind a large backlog each count reads up to LAG_COUNTED_UP_TO index entries. Ten counts of a backlog
    // polled by a monitor took most of a core from the very projector that was catching up.
    return this.dataSource.query<CheckpointRow[]>(
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
