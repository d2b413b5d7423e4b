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
  afterEach(() => jest.restoreAllMocks());

  it('follows the machine until set, then stands still at the instant set', () => {
    const clock = new SettableClock();
    const machine = jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2031, 5, 30, 2));
    expect(clock.now().toISOString()).toBe('2031-06-30T02:00:00.000Z');
    machine.mockReturnValue(Date.UTC(2031, 5, 30, 3));
    expect(clock.now().toISOString()).toBe('2031-06-30T03:00:00.000Z');
    clock.set('2025-03-10T16:00:00+08:00');
    machine.mockReturnValue(Date.UTC(2031, 5, 30, 4));
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
