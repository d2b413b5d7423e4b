/**
 * Counts hits per key in fixed windows aligned to the clock, each key's counter gone when its window ends: a Map
 * lookup per request and memory for the keys seen in the current window only. A client may fit up to twice the
 * limit around a window's edge, which is fine for limits that stop floods and guessing, not meter usage. Each
 * process counts its own requests.
 */
export class RateLimiter {
  private counts = new Map<string, number>();
  private windowEnds = 0;

  /** `limit` 0 turns it off: every hit passes. */
  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the hit; returns undefined when within the limit, else the seconds until the window ends. */
  hit(key: string): number | undefined {
    if (this.limit === 0) return undefined;
    const now = this.roll();
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count > this.limit ? this.secondsLeft(now) : undefined;
  }

  /** Whether the key is over its limit, without counting: the seconds until the window ends, or undefined. */
  exceeded(key: string): number | undefined {
    if (this.limit === 0) return undefined;
    const now = this.roll();
    return (this.counts.get(key) ?? 0) >= this.limit ? this.secondsLeft(now) : undefined;
  }

  private roll(): number {
    const now = this.now();
    if (now >= this.windowEnds) {
      this.counts = new Map();
      this.windowEnds = (Math.floor(now / this.windowMs) + 1) * this.windowMs;
    }
    return now;
  }

  private secondsLeft(now: number): number {
    return Math.max(1, Math.ceil((this.windowEnds - now) / 1000));
  }
}
