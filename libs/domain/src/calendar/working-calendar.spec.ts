import { DomainError } from '../shared/domain-error';
import { endOfWorkingDay, officialCalendar, validateCalendarYear, WorkingCalendar, type CalendarYear } from './index';

function caught(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** Every date from `first` to `last` inclusive, computed with Date on UTC midnight, independently of the code under test. */
function datesFrom(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let time = Date.parse(`${first}T00:00:00Z`); time <= Date.parse(`${last}T00:00:00Z`); time += 86_400_000) {
    dates.push(new Date(time).toISOString().slice(0, 10));
  }
  return dates;
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

const calendar = officialCalendar();
const OFFICIAL_YEARS = Array.from({ length: 17 }, (_, index) => 2010 + index);

describe('official calendar data (chinese-days 1.5.7, cross-checked against the State Council notices)', () => {
  it('knows exactly the years 2010 through 2026', () => {
    expect(calendar.knownYears()).toEqual(OFFICIAL_YEARS);
  });

  it('passes validation and has at least 7 holidays and one make-up workday every year', () => {
    for (const year of OFFICIAL_YEARS) {
      const data = calendar.calendarYear(year);
      expect(() => validateCalendarYear(data)).not.toThrow();
      expect(data.holidays.length).toBeGreaterThanOrEqual(7);
      expect(data.workdays.length).toBeGreaterThanOrEqual(1);
    }
  });

  // Weekday days off minus make-up workdays = the statutory days that cost a working day: 11 a year under the 2007
  // rules (国务院令第513号), 13 from 2025 (国务院令第795号), with the exceptions the notices themselves explain.
  const netDaysOff: Record<number, number> = {
    2011: 10, // 2011-12-31 (Saturday) was worked for 2012-01-03 (2012 New Year notice)
    2012: 12, // … which is why 2012 has one more
    2015: 12, // 2015-09-03 抗战胜利70周年纪念日, one-off public holiday
    2020: 13, // Spring Festival extended to 2020-02-02: 2020-01-31 off and the make-up 2020-02-01 cancelled
    2025: 13,
    2026: 13,
  };
  it.each(OFFICIAL_YEARS)('%i gives the statutory number of weekday days off', (year) => {
    const data = calendar.calendarYear(year);
    const weekdayHolidays = data.holidays.filter((date) => weekdayOf(date) !== 0 && weekdayOf(date) !== 6);
    expect(weekdayHolidays.length - data.workdays.length).toBe(netDaysOff[year] ?? 11);
  });

  it('classifies every day 2010–2026 as the plain rule says: weekend off unless a make-up day, holidays off', () => {
    for (const date of datesFrom('2010-01-01', '2026-12-31')) {
      const data = calendar.calendarYear(Number(date.slice(0, 4)));
      const weekend = weekdayOf(date) === 0 || weekdayOf(date) === 6;
      const expected = data.holidays.includes(date) ? false : !weekend || data.workdays.includes(date);
      if (calendar.isWorkingDay(date) !== expected) throw new Error(`${date}: expected working day ${expected}`);
    }
  });

  it('has 251 working days in 2024 and 248 in 2025', () => {
    expect(calendar.workingDaysBetween('2023-12-31', '2024-12-31')).toBe(251);
    expect(calendar.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
  });
});

describe('isWorkingDay on known dates', () => {
  const offDays = (first: string, last: string) => datesFrom(first, last).map((date) => [date]);

  it.each([
    ['2025-09-28'], // Sunday, make-up day for National Day 2025
    ['2025-10-11'], // Saturday, make-up day for National Day 2025
    ['2025-10-09'],
    ['2024-02-04'], // Sunday, make-up day for Spring Festival 2024
    ['2024-02-18'], // Sunday, idem
    ['2024-02-09'], // Friday, 除夕 2024 was not a day off
    ['2020-01-19'], // Sunday, make-up day for Spring Festival 2020
    ['2020-02-03'], // first working day after the extended Spring Festival 2020
    ['2010-02-20'], // Saturday, make-up day for Spring Festival 2010
    ['2010-02-21'], // Sunday, idem
    ['2015-09-06'], // Sunday, make-up day for 2015-09-04
    ['2011-12-31'], // Saturday, make-up day for New Year 2012
    ['2018-12-29'], // Saturday, make-up day for New Year 2019
    ['2026-01-04'], // Sunday, make-up day for New Year 2026
    ['2026-02-14'], // Saturday, make-up day for Spring Festival 2026
    ['2026-02-24'],
    ['2026-02-28'], // Saturday, make-up day for Spring Festival 2026
    ['2026-09-20'], // Sunday, make-up day for National Day 2026
    ['2025-03-12'], // an ordinary Wednesday
  ])('%s is a working day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it.each([
    ...offDays('2025-10-01', '2025-10-08'), // National Day and Mid-Autumn 2025
    ...offDays('2024-02-10', '2024-02-17'), // Spring Festival 2024
    ...offDays('2020-01-24', '2020-02-02'), // Spring Festival 2020 as extended (国办发明电〔2020〕1号)
    ...offDays('2010-02-13', '2010-02-19'), // Spring Festival 2010
    ...offDays('2015-09-03', '2015-09-05'), // 抗战胜利70周年纪念日
    ...offDays('2018-12-30', '2018-12-31'), // New Year 2019, begun in 2018
    ...offDays('2026-01-01', '2026-01-03'), // New Year 2026
    ...offDays('2026-02-15', '2026-02-23'), // Spring Festival 2026
    ['2025-03-15'], // an ordinary Saturday
  ])('%s is not a working day', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('treats 2020-02-01 as a day off: the extension cancelled that Saturday make-up day', () => {
    expect(weekdayOf('2020-02-01')).toBe(6);
    expect(calendar.isWorkingDay('2020-02-01')).toBe(false);
    expect(calendar.calendarYear(2020).workdays).not.toContain('2020-02-01');
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2025-09-30', 5, '2025-10-14'], // across National Day 2025 and its make-up Saturday
    ['2025-03-13', 2, '2025-03-17'], // Thursday + 2 skips the weekend
    ['2025-03-14', 1, '2025-03-17'], // Friday + 1
    ['2025-03-15', 1, '2025-03-17'], // from a Saturday: the start day is not counted
    ['2025-03-16', 1, '2025-03-17'], // from a Sunday
    ['2025-10-01', 1, '2025-10-09'], // from a holiday
    ['2025-09-27', 1, '2025-09-28'], // Saturday + 1 is the make-up Sunday
    ['2025-12-31', 1, '2026-01-04'], // across the year end onto the 2026 make-up Sunday
    ['2025-10-14', 0, '2025-10-14'],
    ['2025-10-01', 0, '2025-10-01'], // n = 0 returns the start day even when it is not a working day
    ['2024-02-08', 1, '2024-02-09'],
    ['2024-02-09', 1, '2024-02-18'],
  ])('%s + %i working days = %s', (date, n, expected) => {
    expect(calendar.addWorkingDays(date, n)).toBe(expected);
  });

  it('agrees with counting day by day, for starts all over 2010–2026 and n up to 500', () => {
    const days = datesFrom('2010-01-01', '2026-12-31');
    const working = days.map((date) => calendar.isWorkingDay(date));
    for (let start = 0; start < days.length; start += 13) {
      for (const n of [1, 2, 3, 5, 10, 20, 60, 250, 500]) {
        let index = start;
        for (let found = 0; found < n && index < days.length;) if (working[++index]) found += 1;
        if (index >= days.length) continue;
        const actual = calendar.addWorkingDays(days[start], n);
        if (actual !== days[index]) throw new Error(`${days[start]} + ${n}: ${actual}, expected ${days[index]}`);
        if (calendar.workingDaysBetween(days[start], actual) !== n) throw new Error(`${days[start]} + ${n} round trip`);
      }
    }
  });

  it('throws CALENDAR_YEAR_UNKNOWN when the count runs past 2026', () => {
    const error = caught(() => calendar.addWorkingDays('2026-12-30', 5));
    expect(error).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', category: 'rule', details: { year: 2027 } });
    expect(calendar.addWorkingDays('2026-12-30', 1)).toBe('2026-12-31');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects n = %p', (n) => {
    expect(caught(() => calendar.addWorkingDays('2025-03-12', n))).toMatchObject({
      code: 'INVALID_WORKING_DAY_COUNT',
      category: 'validation',
    });
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2025-09-30', '2025-10-14', 5],
    ['2025-09-30', '2025-10-08', 0], // only holidays after the start
    ['2025-09-27', '2025-09-28', 1], // the end day counts, the start day does not
    ['2025-09-28', '2025-09-29', 1],
    ['2025-03-14', '2025-03-17', 1],
    ['2025-03-12', '2025-03-12', 0],
    ['2025-10-14', '2025-09-30', 0], // to before from
    ['2019-12-31', '2020-02-03', 18], // 2020-01-02 … 01-23: 17 working days (with the make-up Sunday 01-19), then 02-03
    ['2010-01-01', '2026-12-31', 4241], // 2010-01-01 is a holiday; 248 to 251 working days a year
  ])('from %s to %s: %i', (from, to, expected) => {
    expect(calendar.workingDaysBetween(from, to)).toBe(expected);
  });
});

describe('dates the calendar cannot answer', () => {
  it.each([
    ['isWorkingDay 2009', () => calendar.isWorkingDay('2009-12-31'), 2009],
    ['isWorkingDay 2027', () => calendar.isWorkingDay('2027-01-04'), 2027],
    ['addWorkingDays from 2009', () => calendar.addWorkingDays('2009-12-31', 1), 2009],
    ['addWorkingDays from 2027, n = 0', () => calendar.addWorkingDays('2027-01-04', 0), 2027],
    ['workingDaysBetween from 2009', () => calendar.workingDaysBetween('2009-12-31', '2010-01-04'), 2009],
    ['workingDaysBetween to 2027', () => calendar.workingDaysBetween('2026-12-31', '2027-01-04'), 2027],
  ])('%s throws CALENDAR_YEAR_UNKNOWN', (_, action, year) => {
    const error = caught(action);
    expect(error).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', category: 'rule', details: { year } });
  });

  it.each([
    '2025-02-29',
    '2024-02-30',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-1-1',
    '25-01-01',
    '',
    '2025-01-01T00:00:00Z',
    ' 2025-01-01',
    '0000-01-01',
  ])('rejects %p as INVALID_DATE', (date) => {
    expect(caught(() => calendar.isWorkingDay(date))).toMatchObject({ code: 'INVALID_DATE', category: 'validation' });
  });

  it('accepts 29 February in a leap year', () => {
    expect(calendar.isWorkingDay('2024-02-29')).toBe(true);
  });
});

describe('calendars built from years', () => {
  // Hypothetical: the State Council has not published 2027 yet.
  const year2027: CalendarYear = { year: 2027, holidays: ['2027-01-01', '2027-01-02'], workdays: ['2027-02-06'] };

  it('withYear adds a year; the original calendar is unchanged', () => {
    const extended = calendar.withYear(year2027);
    expect(extended.knownYears()).toEqual([...OFFICIAL_YEARS, 2027]);
    expect(extended.isWorkingDay('2027-01-01')).toBe(false);
    expect(extended.isWorkingDay('2027-02-06')).toBe(true);
    expect(extended.isWorkingDay('2027-02-13')).toBe(false);
    expect(extended.addWorkingDays('2026-12-30', 5)).toBe('2027-01-07');
    expect(extended.workingDaysBetween('2026-12-30', '2027-01-07')).toBe(5);
    expect(calendar.knownYears()).toEqual(OFFICIAL_YEARS);
    expect(caught(() => calendar.isWorkingDay('2027-01-04')).code).toBe('CALENDAR_YEAR_UNKNOWN');
  });

  it('knownThrough is the end of the unbroken run of known years from a date on', () => {
    expect(calendar.knownThrough('2025-06-01')).toBe('2026-12-31');
    expect(calendar.knownThrough('2026-12-31')).toBe('2026-12-31');
    expect(calendar.knownThrough('2027-01-01')).toBeUndefined();
    expect(calendar.knownThrough('2009-12-31')).toBeUndefined();
    expect(calendar.withYear(year2027).knownThrough('2026-11-29')).toBe('2027-12-31');
    const gap = calendar.withYear({ ...year2027, year: 2028, holidays: [], workdays: [] });
    expect(gap.knownThrough('2026-11-29')).toBe('2026-12-31');
    expect(gap.knownThrough('2028-03-01')).toBe('2028-12-31');
  });

  it('withYear replaces a known year', () => {
    const replaced = calendar.withYear({ year: 2025, holidays: [], workdays: [] });
    expect(replaced.isWorkingDay('2025-10-01')).toBe(true);
    expect(replaced.isWorkingDay('2025-09-28')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
  });

  it('withYear validates the year', () => {
    expect(caught(() => calendar.withYear({ ...year2027, workdays: ['2027-02-08'] })).code).toBe('CALENDAR_INVALID');
  });

  it('never counts across a year it does not know', () => {
    const gappy = WorkingCalendar.fromYears([calendar.calendarYear(2024), calendar.calendarYear(2026)]);
    expect(caught(() => gappy.workingDaysBetween('2024-06-03', '2026-06-01')).details).toEqual({ year: 2025 });
    expect(caught(() => gappy.addWorkingDays('2024-12-30', 10)).details).toEqual({ year: 2025 });
    expect(gappy.addWorkingDays('2024-12-30', 1)).toBe('2024-12-31');
  });

  it('rejects a year given twice', () => {
    const error = caught(() => WorkingCalendar.fromYears([year2027, year2027]));
    expect(error).toMatchObject({ code: 'CALENDAR_INVALID', category: 'validation', details: { year: 2027 } });
  });

  it('hands out copies of its data, sorted', () => {
    const shuffled = WorkingCalendar.fromYears([{ ...year2027, holidays: ['2027-01-02', '2027-01-01'] }]);
    const data = shuffled.calendarYear(2027);
    expect(data.holidays).toEqual(['2027-01-01', '2027-01-02']);
    data.holidays.push('2027-03-03');
    expect(shuffled.calendarYear(2027).holidays).toEqual(['2027-01-01', '2027-01-02']);
  });
});

describe('validateCalendarYear', () => {
  const valid: CalendarYear = { year: 2027, holidays: ['2027-01-01'], workdays: ['2027-02-06'] };

  it('accepts a valid year, holidays on weekends included', () => {
    expect(() =>
      validateCalendarYear({ ...valid, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'] }),
    ).not.toThrow();
  });

  it.each<[string, CalendarYear, Record<string, string[]>]>([
    [
      'malformed dates',
      { ...valid, holidays: ['2027-02-30', '20270101'], workdays: [42 as unknown as string] },
      {
        'holidays[0]': ['must be a calendar date YYYY-MM-DD'],
        'holidays[1]': ['must be a calendar date YYYY-MM-DD'],
        'workdays[0]': ['must be a calendar date YYYY-MM-DD'],
      },
    ],
    [
      'a date of another year',
      { ...valid, holidays: ['2026-12-31'] },
      { 'holidays[0]': ['2026-12-31 is not in 2027'] },
    ],
    [
      'a date listed twice',
      { ...valid, holidays: ['2027-01-01', '2027-01-01'] },
      { 'holidays[1]': ['2027-01-01 is listed more than once'] },
    ],
    [
      'a make-up workday that is not a weekend day',
      { ...valid, workdays: ['2027-02-08'] },
      { 'workdays[0]': ['2027-02-08 is not a Saturday or Sunday'] },
    ],
    [
      'a date that is both',
      { ...valid, holidays: ['2027-02-06'] },
      { 'workdays[0]': ['2027-02-06 is also listed as a holiday'] },
    ],
    ['a year that is not an integer', { ...valid, year: 2027.5 }, { year: ['must be an integer from 1 to 9999'] }],
    [
      'lists that are not lists',
      { year: 2027, holidays: null as unknown as string[], workdays: '2027-02-06' as unknown as string[] },
      {
        holidays: ['must be a list of calendar dates YYYY-MM-DD'],
        workdays: ['must be a list of calendar dates YYYY-MM-DD'],
      },
    ],
  ])('rejects %s with CALENDAR_INVALID', (_, input, fieldErrors) => {
    const error = caught(() => validateCalendarYear(input));
    expect(error).toMatchObject({ code: 'CALENDAR_INVALID', category: 'validation', details: { year: input.year } });
    expect(error.fieldErrors).toEqual(fieldErrors);
  });
});

describe('endOfWorkingDay', () => {
  it('is the last millisecond of the day in Asia/Shanghai', () => {
    const end = endOfWorkingDay('2025-10-14');
    expect(end).toBe('2025-10-14T23:59:59.999+08:00');
    expect(Date.parse(end)).toBe(Date.UTC(2025, 9, 14, 15, 59, 59, 999));
  });

  it('rejects a malformed date', () => {
    expect(caught(() => endOfWorkingDay('2025-10-32')).code).toBe('INVALID_DATE');
  });
});
