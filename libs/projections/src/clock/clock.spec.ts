import { SettableClock, SystemClock } from './clock';

describe('SystemClock', () => {
  it('tells the time of the machine', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('SettableClock', () => {
  it('follows the machine until set, then stands still at the instant set', async () => {
    const clock = new SettableClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
    clock.set('2025-03-10T16:00:00+08:00');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.now().toISOString()).toBe('2025-03-10T08:00:00.000Z');
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2025-03-10T08:01:00.000Z');
  });

  it('tells those waiting for an instant each time it jumps', () => {
    const clock = new SettableClock();
    const jumps: number[] = [];
    const subscription = clock.jumps.subscribe(() => jumps.push(clock.now().getTime()));
    clock.set(new Date(0));
    clock.advance(1000);
    subscription.unsubscribe();
    expect(jumps).toEqual([0, 1000]);
  });

  it('refuses what is not an instant', () => {
    expect(() => new SettableClock().set('next Tuesday')).toThrow('Not an instant');
  });
});
