import { RestartBackoff } from './restart-backoff';

describe('RestartBackoff', () => {
  it('doubles the delay while workers die quickly, up to a minute', () => {
    const backoff = new RestartBackoff();
    const delays = Array.from({ length: 9 }, () => backoff.next(500));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });

  it('starts again from a second once a worker had run for a minute', () => {
    const backoff = new RestartBackoff();
    for (let i = 0; i < 5; i += 1) backoff.next(500);
    expect(backoff.next(60_000)).toBe(1000);
    expect(backoff.next(500)).toBe(2000);
  });
});
