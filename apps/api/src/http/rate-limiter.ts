/**
 * Counts hits per key in fixed windows, each starting at a key's first hit: a Map lookup per request, and expired
 * windows swept once per window length (so memory holds the keys of about one window). A client may fit up to
 * twice the limit across the edge of a window, which is fine for limits that stop floods and guessing rather than
 * meter usage. Each process counts its own requests.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { ends: number; count: number }>();
  private nextSweep = 0;

  /** `limit` 0 turns it off: every hit passes. */
  constructor(
    readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the hit; returns undefined when within the limit, else the seconds until the key's window ends. */
  hit(key: string): number | undefined {
    if (this.limit === 0) return undefined;
    const now = this.sweep();
    let window = this.windows.get(key);
    if (window === undefined || now >= window.ends) {
      window = { ends: now + this.windowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count > this.limit ? secondsUntil(window.ends, now) : undefined;
  }

  /** Whether the key has used up its limit, without counting: the seconds until its window ends, or undefined. */
  exceeded(key: string): number | undefined {
    if (this.limit === 0) return undefined;
    const now = this.sweep();
    const window = this.windows.get(key);
    if (window === undefined || now >= window.ends || window.count < this.limit) return undefined;
    return secondsUntil(window.ends, now);
  }

  private sweep(): number {
    const now = this.now();
    if (now >= this.nextSweep) {
      for (const [key, window] of this.windows) if (now >= window.ends) this.windows.delete(key);
      this.nextSweep = now + this.windowMs;
    }
    return now;
  }
}

const secondsUntil = (ends: number, now: number): number => Math.max(1, Math.ceil((ends - now) / 1000));
