import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  const clock = (start: number) => {
    const state = { now: start };
    return { state, now: () => state.now };
  };

  it('passes the limit of hits per key in its window, then answers the seconds until the window ends', () => {
    const { state, now } = clock(1_000);
    const limiter = new RateLimiter(2, 60_000, now);
    expect(limiter.hit('a')).toBeUndefined();
    state.now = 20_000;
    expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.hit('b')).toBeUndefined();
    state.now = 30_500;
    expect(limiter.hit('a')).toBe(31);
    expect(limiter.hit('a')).toBe(31);
    state.now = 60_999;
    expect(limiter.hit('a')).toBe(1);
    expect(limiter.hit('b')).toBeUndefined();
  });

  it('starts a key afresh when its window ends', () => {
    const { state, now } = clock(5_000);
    const limiter = new RateLimiter(1, 10_000, now);
    limiter.hit('a');
    expect(limiter.hit('a')).toBe(10);
    state.now = 15_000;
    expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.hit('a')).toBe(10);
  });

  it('tells whether a key has used up its limit without counting', () => {
    const { state, now } = clock(0);
    const limiter = new RateLimiter(2, 60_000, now);
    expect(limiter.exceeded('a')).toBeUndefined();
    limiter.hit('a');
    expect(limiter.exceeded('a')).toBeUndefined();
    expect(limiter.exceeded('a')).toBeUndefined();
    limiter.hit('a');
    expect(limiter.exceeded('a')).toBe(60);
    state.now = 60_000;
    expect(limiter.exceeded('a')).toBeUndefined();
  });

  it('forgets the keys whose window has ended', () => {
    const { state, now } = clock(0);
    const limiter = new RateLimiter(1, 1_000, now);
    for (let i = 0; i < 100; i++) limiter.hit(`address-${i}`);
    state.now = 1_000;
    limiter.hit('later');
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBe(1);
  });

  it('limits nothing with limit 0', () => {
    const limiter = new RateLimiter(0, 60_000);
    for (let i = 0; i < 100; i++) expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.exceeded('a')).toBeUndefined();
  });
});
