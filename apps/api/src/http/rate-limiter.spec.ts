import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  const clock = (start: number) => {
    const state = { now: start };
    return { state, now: () => state.now };
  };

  it('passes the limit of hits per key in a window, then answers the seconds until the window ends', () => {
    const { state, now } = clock(120_000);
    const limiter = new RateLimiter(2, 60_000, now);
    expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.hit('b')).toBeUndefined();
    state.now = 150_500;
    expect(limiter.hit('a')).toBe(30);
    expect(limiter.hit('a')).toBe(30);
    state.now = 179_999;
    expect(limiter.hit('a')).toBe(1);
  });

  it('starts every key afresh when the window ends', () => {
    const { state, now } = clock(0);
    const limiter = new RateLimiter(1, 10_000, now);
    limiter.hit('a');
    expect(limiter.hit('a')).toBe(10);
    state.now = 10_000;
    expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.hit('a')).toBe(10);
  });

  it('tells whether a key is over its limit without counting', () => {
    const { now } = clock(0);
    const limiter = new RateLimiter(2, 60_000, now);
    expect(limiter.exceeded('a')).toBeUndefined();
    limiter.hit('a');
    expect(limiter.exceeded('a')).toBeUndefined();
    expect(limiter.exceeded('a')).toBeUndefined();
    limiter.hit('a');
    expect(limiter.exceeded('a')).toBe(60);
  });

  it('limits nothing with limit 0', () => {
    const limiter = new RateLimiter(0, 60_000);
    for (let i = 0; i < 100; i++) expect(limiter.hit('a')).toBeUndefined();
    expect(limiter.exceeded('a')).toBeUndefined();
  });
});
