import { validateSync } from 'class-validator';
import { IsPlausibleDate, isPlausibleDate, setEarliestPlausibleDate } from './request-bounds';

class Dated {
  @IsPlausibleDate()
  effectiveFrom!: string;
}

const errorsOf = (effectiveFrom: unknown): string[] =>
  validateSync(Object.assign(new Dated(), { effectiveFrom })).flatMap((e) => Object.values(e.constraints ?? {}));

describe('plausible dates', () => {
  afterEach(() => setEarliestPlausibleDate('2000-01-01'));

  it('accepts existing dates from MIN_PLAUSIBLE_DATE (2000-01-01 unless set) to 2100', () => {
    for (const date of ['2000-01-01', '2024-02-29', '2100-12-31']) expect(isPlausibleDate(date)).toBe(true);
    for (const date of ['1999-12-31', '2101-01-01', '9999-12-31', '0001-01-01', '2025-02-29', '2025-1-1', 20250101])
      expect(isPlausibleDate(date)).toBe(false);
  });

  it('follows MIN_PLAUSIBLE_DATE, and names the bounds to a valid date outside them', () => {
    setEarliestPlausibleDate('1990-07-01');
    expect(errorsOf('1995-03-01')).toEqual([]);
    expect(errorsOf('1990-06-30')).toEqual(['effectiveFrom must be from 1990-07-01 to 2100-12-31']);
    expect(errorsOf('1990-02-30')).toEqual(['effectiveFrom must be a valid date YYYY-MM-DD']);
  });
});
