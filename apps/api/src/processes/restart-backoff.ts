/** The first restart comes after this long; each quick death doubles it, up to MAX_DELAY_MS. */
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 60_000;
/** A worker that ran this long before it died was healthy: its replacement starts after FIRST_DELAY_MS again. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * How long to wait before replacing a worker that died. A worker that dies at once (the database is gone, a port is
 * taken) would otherwise be restarted every second for as long as the cause lasts, filling the log; a worker that
 * had been running for a while died of something passing and comes back at once.
 */
export class RestartBackoff {
  private delayMs = FIRST_DELAY_MS;

  /** The delay before the next restart of a worker that ran for `ranForMs`. */
  next(ranForMs: number): number {
    if (ranForMs >= HEALTHY_AFTER_MS) this.delayMs = FIRST_DELAY_MS;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
    return delay;
  }
}
