import { Client } from 'pg';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { Clock } from '@app/platform';
import { AlertDetection } from './alert-detection';
import { ALERT_SCHEDULE_CHANNEL, claimDue, earliestCheck, reschedule, ScheduleEntry } from './alert-schedule';

const LOCKED_ELSEWHERE_SLEEP_MS = 1000;

export interface DeadlineWatcherOptions {
  /** Longest sleep between looks at the schedule, whatever it says (a lost NOTIFY, a clock that jumped). */
  maxSleepMs: number;
  /** Subjects claimed per transaction. */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/**
 * Time-driven detection (ground 7's yellow and red cards, the publication duty of grounds 2 and 4): claims the
 * subjects whose next check has come by the Clock, runs the detectors at that instant, raises what they find and
 * writes each subject's next check, in one transaction per batch. A watcher killed before its commit leaves the
 * subjects due and unlocked; the next run checks them again and the alerts already raised are not raised twice.
 * Between batches it sleeps until the earliest next check (at most maxSleepMs), woken early when the schedule
 * changes (NOTIFY from whichever process reschedules) or the clock jumps.
 */
export class DeadlineWatcher {
  private readonly batchSize: number;
  private readonly onError: (error: unknown) => void;
  private listener: Client | undefined;
  private jumps: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private wakeAgain = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly detection: AlertDetection,
    private readonly clock: Clock,
    private readonly options: DeadlineWatcherOptions,
  ) {
    this.batchSize = options.batchSize ?? 100;
    this.onError = options.onError ?? (() => undefined);
  }

  async start(): Promise<void> {
    this.stopped = false;
    const client = new Client({ connectionString: (this.dataSource.options as { url?: string }).url });
    // A lost LISTEN connection is not fatal: the bounded sleep keeps the watcher going.
    client.on('error', () => undefined);
    client.on('notification', () => this.wake());
    await client.connect();
    await client.query(`LISTEN ${ALERT_SCHEDULE_CHANNEL}`);
    this.listener = client;
    this.jumps = this.clock.jumps.subscribe(() => this.wake());
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.jumps?.unsubscribe();
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.running;
  }

  /** Checks every subject due now, batch by batch. Returns how many were checked. */
  async runDue(): Promise<number> {
    let checked = 0;
    for (;;) {
      const claimed = await this.runBatch();
      checked += claimed;
      if (claimed < this.batchSize) return checked;
    }
  }

  /** One transaction: claim due subjects, check each at the clock's now, write their next checks. */
  async runBatch(): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const due = await claimDue(tx, now, this.batchSize);
      const outcomes = await this.detection.checkMany(
        due.map((subject) => ({ subject, trigger: { raisedBy: 'deadline-watcher' } as const })),
        now,
      );
      const entries: ScheduleEntry[] = due.map((subject, i) => ({
        subject,
        nextCheckAt: outcomes[i].nextCheckAt,
        undecided: outcomes[i].undecided,
      }));
      await reschedule(tx, entries);
      return due.length;
    });
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wakeAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.wakeAgain && !this.stopped) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  private async loop(): Promise<void> {
    let sleepMs = this.options.maxSleepMs;
    try {
      await this.runDue();
      const next = await earliestCheck(this.dataSource);
      if (next !== undefined) {
        const untilNext = next.getTime() - this.clock.now().getTime();
        // Due yet not claimed: another watcher holds it, and its commit will NOTIFY; look again soon all the same,
        // in case it dies first, but do not spin.
        sleepMs = Math.min(sleepMs, untilNext > 0 ? untilNext : LOCKED_ELSEWHERE_SLEEP_MS);
      }
    } catch (error) {
      // The batch rolled back: its subjects stay due for the next look.
      this.onError(error);
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), sleepMs);
  }
}
