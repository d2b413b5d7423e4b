import {
  checkpointAfter,
  compareCheckpoints,
  EVENTS_CHANNEL,
  EventStore,
  GlobalCheckpoint,
  RecordedEvent,
  START_OF_LOG,
  Unsubscribe,
} from '@app/event-store';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { LogWindow } from './log-window';
import { Projection } from './projection';
import { ProjectionLaggingError } from './projection-lagging.error';

export interface ProjectionRunnerOptions {
  batchSize?: number;
  pollMs?: number;
  /** The longest events gather between two loops over the log under steady appends (see wake). */
  maxGatherMs?: number;
  /** The longest wait between two attempts of a failing projection; the wait doubles from RETRY_FIRST_MS up to it. */
  maxRetryMs?: number;
  /** A projection failed: once per distinct failure (another event or another error), not on every retry. */
  onFailure?: (failure: ProjectionFailure, error: unknown) => void;
  /** A projection that had failed got past the event it failed on. */
  onRecovery?: (failure: ProjectionFailure) => void;
}

/** Why a projection stands still, as /health and the log report it. */
export interface ProjectionFailure {
  projection: string;
  /** The event it fails on; undefined when it failed before applying any (reading the log, say). */
  event?: { position: number; type: string; streamId: string };
  error: string;
  /** Failed attempts in a row, in this runner. */
  attempts: number;
  retryAt: Date;
}

/** The first wait before a failing projection is tried again. */
const RETRY_FIRST_MS = 250;
/** The error's first line, at most this long, is what /health and the log show of it. */
const ERROR_SHOWN_UP_TO = 500;

/** A batch whose transaction failed, with the events it had read. */
class BatchFailure extends Error {
  constructor(
    readonly events: RecordedEvent[],
    cause: unknown,
  ) {
    super(errorText(cause), { cause });
  }
}

const unwrapped = (error: unknown): unknown => (error instanceof BatchFailure ? error.cause : error);

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0].slice(0, ERROR_SHOWN_UP_TO);
}

/**
 * How long the next pass waits per event of the log the previous one read (see wake): with the product's five
 * projections, 5 ms per event amortises a pass's per-batch work (a transaction and a checkpoint per projection)
 * over the events that arrive meanwhile under load, and leaves a lone event's wait at a few milliseconds.
 */
const GATHER_MS_PER_EVENT = 5;

/** One batch of one projection: events read, events it handled, whether it appended events itself. */
export interface BatchOutcome {
  read: number;
  handled: number;
  appended: boolean;
}

interface CheckpointRow {
  transaction_id: string;
  position: string;
}

/**
 * Runs projections over the global log. Each batch and its checkpoint commit in one transaction; the
 * checkpoint row is locked FOR UPDATE SKIP LOCKED, so two runner processes never apply the same batch (the
 * second one skips a projection the first is busy with). The projections advance side by side, one batch each
 * per round, in transactions of their own, and read the log through one LogWindow: each event is read from the
 * database and parsed once for all of them, and a reader waiting for one position (minPosition) waits for the
 * slowest projection's batch, not for every other projection's whole backlog first.
 */
export class ProjectionRunner {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxGatherMs: number;
  private readonly maxRetryMs: number;
  private readonly onFailure: (failure: ProjectionFailure, error: unknown) => void;
  private readonly onRecovery: (failure: ProjectionFailure) => void;
  /** The projections that failed and wait for their next attempt, by name. */
  private readonly failures = new Map<string, ProjectionFailure>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private unsubscribe: Unsubscribe | undefined;
  private running: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = true;
  private readonly positionListeners = new Set<() => void>();
  private readonly log: LogWindow;
  /** Each projection's checkpoint as this runner last wrote it; re-read after anything unexpected. */
  private readonly checkpoints = new Map<string, GlobalCheckpoint>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollMs = options.pollMs ?? 1000;
    this.maxGatherMs = options.maxGatherMs ?? 200;
    this.maxRetryMs = options.maxRetryMs ?? 60_000;
    this.onFailure = options.onFailure ?? (() => undefined);
    this.onRecovery = options.onRecovery ?? (() => undefined);
    this.log = new LogWindow(store);
  }

  /** Creates the checkpoint rows, catches up, then follows the log until stopped. */
  async start(): Promise<void> {
    await this.ensureCheckpoints();
    this.stopped = false;
    this.unsubscribe = await this.store.subscribe(() => this.wake(), this.pollMs);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.running;
  }

  /**
   * The global log after `after`, through the window the projections read: another reader of the log in this
   * process (the alert feed) shares their reads instead of reading and parsing every event once more.
   */
  readLog(after: GlobalCheckpoint, limit: number): Promise<RecordedEvent[]> {
    return this.log.readAll({ after, limit });
  }

  /** Processes everything visible now. Returns the number of events applied. */
  async catchUp(): Promise<number> {
    await this.ensureCheckpoints();
    let applied = 0;
    await this.inRounds((_projection, batch) => {
      applied += batch.handled;
    });
    return applied;
  }

  /**
   * One batch of one projection, in one transaction: apply the events after its checkpoint it handles, move the
   * checkpoint. The events are read before the transaction begins, so a batch never holds a connection while it
   * waits for another; the transaction then locks the checkpoint and applies them only if it is still where they
   * were read from (another runner may have moved it). Returns how many events were read (0 when caught up or
   * locked elsewhere).
   */
  async runBatch(projection: Projection): Promise<BatchOutcome> {
    return this.batch(projection, this.batchSize).catch((error: unknown) => {
      throw unwrapped(error);
    });
  }

  /** runBatch of up to `limit` events; a failed transaction is thrown as a BatchFailure with the events it read. */
  private async batch(projection: Projection, limit: number): Promise<BatchOutcome> {
    try {
      return await this.tryBatch(projection, limit);
    } catch (error) {
      this.checkpoints.delete(projection.name);
      throw error;
    }
  }

  private async tryBatch(projection: Projection, limit: number): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt += 1) {
      // Where this runner last left the projection; the transaction below checks it is still so.
      const after = this.checkpoints.get(projection.name) ?? (await this.checkpoint(projection.name));
      const events = await this.log.readAll({ after, limit });
      if (events.length === 0) return { read: 0, handled: 0, appended: false };
      const outcome = await this.transaction(projection, after, events);
      if (outcome === undefined || outcome.read === 0) this.checkpoints.delete(projection.name);
      else this.checkpoints.set(projection.name, checkpointAfter(events[events.length - 1]));
      if (outcome === undefined && attempt < 3) continue;
      const result = outcome ?? { read: 0, handled: 0, appended: false };
      if (result.read > 0) {
        this.recovered(projection, events);
        for (const listener of this.positionListeners) listener();
      }
      return result;
    }
  }

  /**
   * Applies the events and moves the checkpoint, in one transaction; undefined when the checkpoint is no longer
   * `after`. The checkpoint's update also clears a failure recorded beside it.
   */
  private async transaction(
    projection: Projection,
    after: GlobalCheckpoint,
    events: RecordedEvent[],
  ): Promise<BatchOutcome | undefined> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const rows = await tx.query<CheckpointRow[]>(
          `SELECT transaction_id::text AS transaction_id, position FROM projection_checkpoints
            WHERE name = $1 FOR UPDATE SKIP LOCKED`,
          [projection.name],
        );
        if (rows.length === 0) return { read: 0, handled: 0, appended: false };
        const locked = { transactionId: rows[0].transaction_id, position: Number(rows[0].position) };
        if (compareCheckpoints(locked, after) !== 0) return undefined;
        const handled = events.filter((event) => projection.handles.includes(event.type));
        const applied = handled.length > 0 ? await projection.apply(tx, handled) : undefined;
        // What a reactor appended is committed, but hidden from readers of the log until this transaction, which
        // began first, ends (events become visible in commit order); the store's wake-up at the append came too
        // early for them. A NOTIFY in this transaction is delivered as it commits.
        if (applied?.appended) await tx.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
        const last = events[events.length - 1];
        await tx.query(
          `UPDATE projection_checkpoints SET transaction_id = $2::xid8, position = $3, updated_at = now(),
                  failed_position = NULL, failure = NULL, failed_since = NULL, failed_attempts = 0, retry_at = NULL
            WHERE name = $1`,
          [projection.name, last.transactionId, last.globalPosition],
        );
        return { read: events.length, handled: handled.length, appended: applied?.appended === true };
      });
    } catch (error) {
      throw new BatchFailure(events, error);
    }
  }

  /** A failed projection whose batch took the event it had failed on (or any, when it failed on none) recovered. */
  private recovered(projection: Projection, events: RecordedEvent[]): void {
    const failure = this.failures.get(projection.name);
    if (!failure) return;
    const position = failure.event?.position;
    if (position !== undefined && !events.some((event) => event.globalPosition === position)) return;
    this.failures.delete(projection.name);
    // Its retry took that one event: the rest of the log follows in the next pass.
    this.wakeAgain = true;
    this.onRecovery(failure);
  }

  /**
   * A projection's batch failed: find the event it fails on, by applying the batch's events one at a time (those
   * before it are applied), record the failure beside its checkpoint for /health, report it once, and try again
   * after a wait that doubles up to maxRetryMs. A failure that does not recur one event at a time was passing, and
   * the events are applied.
   */
  private async failed(projection: Projection, error: unknown): Promise<void> {
    const fault =
      error instanceof BatchFailure && error.events.length > 1 ? await this.isolate(projection, error) : error;
    if (fault === undefined) {
      this.wakeAgain = true;
      return;
    }
    const event = fault instanceof BatchFailure ? fault.events[0] : undefined;
    const previous = this.failures.get(projection.name);
    const attempts = (previous?.attempts ?? 0) + 1;
    const delay = Math.min(this.maxRetryMs, RETRY_FIRST_MS * 2 ** (attempts - 1));
    const failure: ProjectionFailure = {
      projection: projection.name,
      event: event && { position: event.globalPosition, type: event.type, streamId: event.streamId },
      error: errorText(unwrapped(fault)),
      attempts,
      retryAt: new Date(Date.now() + delay),
    };
    this.failures.set(projection.name, failure);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.wake();
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
    // Unrecorded when the database is what fails: /health then says so itself.
    await this.dataSource
      .query(
        `UPDATE projection_checkpoints SET failed_position = $2, failure = $3, failed_since = coalesce(failed_since, now()),
                failed_attempts = $4, retry_at = $5
          WHERE name = $1`,
        [projection.name, failure.event?.position ?? null, failure.error, attempts, failure.retryAt],
      )
      .catch(() => undefined);
    if (previous?.event?.position !== failure.event?.position || previous?.error !== failure.error) {
      this.onFailure(failure, unwrapped(fault));
    }
  }

  /** The failure of the first of the batch's events that fails alone, after applying those before it. */
  private async isolate(projection: Projection, failure: BatchFailure): Promise<unknown> {
    for (let i = 0; i < failure.events.length; i += 1) {
      try {
        if ((await this.batch(projection, 1)).read === 0) return undefined;
      } catch (error) {
        return error;
      }
    }
    return undefined;
  }

  /** Drops a projection's read model and replays it from the start of the log. */
  async rebuild(projection: Projection, onProgress?: (events: number) => void): Promise<number> {
    // A projection this runner never started has no checkpoint row yet, and its batches would lock nothing and read
    // nothing: the rebuild would silently stop at zero.
    await this.ensureCheckpoints();
    await this.dataSource.transaction(async (tx) => {
      await projection.reset?.(tx);
      await tx.query(
        `UPDATE projection_checkpoints SET transaction_id = '0', position = 0, updated_at = now() WHERE name = $1`,
        [projection.name],
      );
    });
    this.checkpoints.delete(projection.name);
    let total = 0;
    for (;;) {
      const batch = await this.runBatch(projection);
      total += batch.read;
      onProgress?.(total);
      if (batch.read < this.batchSize) return total;
    }
  }

  async checkpoint(name: string): Promise<GlobalCheckpoint> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      'SELECT transaction_id::text AS transaction_id, position FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    return rows.length === 0
      ? START_OF_LOG
      : { transactionId: rows[0].transaction_id, position: Number(rows[0].position) };
  }

  /**
   * Read-your-writes for one read model: returns once `projection` has processed the event at `minPosition` (at once
   * without one), throws ProjectionLaggingError (HTTP 503 PROJECTION_LAGGING) after `timeoutMs`. Every feature's
   * `minPosition` goes through here.
   */
  async reach(projection: string, minPosition: number | undefined, timeoutMs: number): Promise<void> {
    if (minPosition === undefined) return;
    if (!(await this.waitFor(minPosition, timeoutMs, [projection]))) {
      throw new ProjectionLaggingError(projection, minPosition);
    }
  }

  /**
   * Resolves true once every named projection (all when none are named) has processed the event at
   * `position`, false after `timeoutMs`. For read-your-writes (`minPosition`).
   */
  async waitFor(
    position: number,
    timeoutMs: number,
    names: readonly string[] = this.projections.map((p) => p.name),
  ): Promise<boolean> {
    const target = await this.store.checkpointOf(position);
    if (!target) return false;
    // Elapsed time on the monotonic clock: a wall clock set back (NTP, an operator) must not stretch the wait.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const checkpoints = await Promise.all(names.map((name) => this.checkpoint(name)));
      if (checkpoints.every((checkpoint) => compareCheckpoints(checkpoint, target) >= 0)) return true;
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.positionListeners.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(remaining, 50));
        this.positionListeners.add(done);
      });
    }
  }

  /**
   * Runs the loop, or has it run again once the running one ends. Under steady appends a loop would start for every
   * few events, and each projection pay a transaction and a checkpoint for them. So the next pass starts, after the
   * start of the previous one, GATHER_MS_PER_EVENT later per event that pass read, at most `maxGatherMs` later: an
   * event alone is taken at once, while under load events gather and the per-batch work is shared by many.
   */
  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    // The monotonic clock: measured on the wall clock, a clock set back by an hour would hold the next pass an hour.
    const started = performance.now();
    // Events of the log this pass read: every projection reads the same ones, so the most any one read.
    const readBy = new Map<string, number>();
    this.running = this.loop((projection, batch) =>
      readBy.set(projection.name, (readBy.get(projection.name) ?? 0) + batch.read),
    ).finally(async () => {
      if (this.wakeAgain && !this.stopped) {
        this.wakeAgain = false;
        const read = Math.max(0, ...readBy.values());
        const wait = started + Math.min(this.maxGatherMs, read * GATHER_MS_PER_EVENT) - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.running = undefined;
        this.wake();
      } else {
        this.running = undefined;
      }
    });
  }

  private async loop(onBatch: (projection: Projection, batch: BatchOutcome) => void): Promise<void> {
    await this.inRounds(onBatch, (projection, error) => this.failed(projection, error));
  }

  /**
   * Rounds of one batch per projection, side by side, until each has read less than a full batch. A projection
   * whose batch fails drops out of the rounds (and `onFailure` deals with it), and one that failed before takes part
   * again only once its wait is over; without `onFailure` the error is thrown once the round ends.
   */
  private async inRounds(
    onBatch: (projection: Projection, batch: BatchOutcome) => void,
    onFailure?: (projection: Projection, error: unknown) => Promise<void>,
  ): Promise<void> {
    const failed = new Set<Projection>();
    const due = (projection: Projection): boolean =>
      !onFailure ||
      (!failed.has(projection) && (this.failures.get(projection.name)?.retryAt.getTime() ?? 0) <= Date.now());
    let pending = this.projections.filter(due);
    while (pending.length > 0 && !(onFailure && this.stopped)) {
      // A projection that failed tries the event it failed on alone first: that is the whole retry while it still fails.
      const outcomes = await Promise.allSettled(
        pending.map((projection) => this.batch(projection, this.failures.has(projection.name) ? 1 : this.batchSize)),
      );
      const failure = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failure && !onFailure) throw unwrapped(failure.reason);
      let appended = false;
      const failures: [Projection, unknown][] = [];
      pending = pending.filter((projection, i) => {
        const outcome = outcomes[i];
        if (outcome.status === 'rejected') {
          failures.push([projection, outcome.reason]);
          failed.add(projection);
          return false;
        }
        onBatch(projection, outcome.value);
        if (outcome.value.appended) appended = true;
        return outcome.value.read >= this.batchSize;
      });
      for (const [projection, error] of failures) await onFailure?.(projection, error);
      // What a reactor appended is in the log now (its batch has committed): take it in this loop.
      if (appended) pending = this.projections.filter(due);
    }
  }

  private async ensureCheckpoints(): Promise<void> {
    if (this.projections.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
      [this.projections.map((p) => p.name)],
    );
  }
}
