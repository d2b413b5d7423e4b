import { NEVER, Observable, Subject } from 'rxjs';

/**
 * What time it is for the detectors and the deadline watcher. Time-driven alerts (red and yellow cards, overdue
 * publications) depend on nothing else, so tests replace the system clock with a settable one instead of waiting
 * for deadlines to pass.
 */
export abstract class Clock {
  abstract now(): Date;
  /** Emits when the time jumps (a settable clock being set); those waiting for an instant must look again. */
  abstract readonly jumps: Observable<void>;
}

export class SystemClock extends Clock {
  readonly jumps: Observable<void> = NEVER;

  now(): Date {
    return new Date();
  }
}

/**
 * Follows the system clock until it is set; from then on it stands still at the instant set, so that a test decides
 * exactly which deadlines have passed. Selected with CLOCK=settable, for tests only.
 */
export class SettableClock extends Clock {
  private fixed: number | undefined;
  private readonly jumped = new Subject<void>();
  readonly jumps: Observable<void> = this.jumped.asObservable();

  now(): Date {
    return new Date(this.fixed ?? Date.now());
  }

  set(instant: Date | string): void {
    const ms = new Date(instant).getTime();
    if (Number.isNaN(ms)) throw new Error(`Not an instant: ${String(instant)}`);
    this.fixed = ms;
    this.jumped.next();
  }

  advance(ms: number): void {
    this.set(new Date(this.now().getTime() + ms));
  }
}
