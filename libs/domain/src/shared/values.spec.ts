import { shanghaiDate } from './values';

describe('shanghaiDate', () => {
  it.each([
    ['2025-09-30T15:59:59.999Z', '2025-09-30'],
    ['2025-09-30T16:00:00Z', '2025-10-01'],
    ['2025-10-01T00:00:00+08:00', '2025-10-01'],
    ['2025-12-31T23:59:59+08:00', '2025-12-31'],
    ['2025-12-31T16:00:00Z', '2026-01-01'],
    ['2024-02-28T16:00:00Z', '2024-02-29'],
    ['2025-03-03T09:00:00-05:00', '2025-03-03'],
    ['2025-03-03T20:00:00-05:00', '2025-03-04'],
  ])('puts %s on %s in Asia/Shanghai', (instant, date) => {
    expect(shanghaiDate(instant)).toBe(date);
  });

  it('agrees with toISOString across every hour of a leap year', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    for (let hour = 0; hour < 366 * 24; hour += 1) {
      const ms = start + hour * 3_600_000 + 1;
      const instant = new Date(ms).toISOString();
      expect(shanghaiDate(instant)).toBe(new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10));
    }
  });

  it('pads a year before 1000 to four digits, and refuses an invalid instant', () => {
    expect(shanghaiDate('0999-06-01T00:00:00Z')).toBe('0999-06-01');
    expect(() => shanghaiDate('not a time')).toThrow(RangeError);
  });
});
