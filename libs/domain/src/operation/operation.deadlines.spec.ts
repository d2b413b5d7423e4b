import { officialCalendar } from '../calendar/official-calendar';
import { DomainError } from '../shared/domain-error';
import {
  addCalendarDays,
  calendarDaysBetween,
  computeOperationDeadlines,
  deadlineDate,
  extendOperationDeadlines,
  yellowFromDate,
  yellowThresholdDays,
} from './operation.deadlines';

const calendar = officialCalendar();
const end = (date: string) => `${date}T23:59:59.999+08:00`;

function caught(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('computeOperationDeadlines (working days on the official calendar)', () => {
  it('counts 5 working days from 2025-09-30 over National Day and the 调休 Saturday to the end of 2025-10-14', () => {
    // 10-01…10-08 are off; 10-09 Thu (1), 10-10 Fri (2), 10-11 Sat 调休 (3), 10-13 Mon (4), 10-14 Tue (5).
    expect(
      computeOperationDeadlines('2025-09-30T10:00:00+08:00', { legalDays: 20, committedDays: 5 }, calendar),
    ).toEqual({
      timeLimit: { legalDays: 20, committedDays: 5, unit: 'working' },
      deadlines: { committed: '2025-10-14T23:59:59.999+08:00', legal: '2025-11-04T23:59:59.999+08:00' },
      calendarYears: [2025],
    });
  });

  it('never counts the acceptance day, whether it is a working day or not', () => {
    const oneDay = { legalDays: 1, committedDays: 1 };
    // Monday → Tuesday; Saturday → Monday; a holiday (National Day) → the first working day after it.
    expect(computeOperationDeadlines('2025-03-03T08:00:00+08:00', oneDay, calendar).deadlines.committed).toBe(
      end('2025-03-04'),
    );
    expect(computeOperationDeadlines('2025-03-08T08:00:00+08:00', oneDay, calendar).deadlines.committed).toBe(
      end('2025-03-10'),
    );
    expect(computeOperationDeadlines('2025-10-04T08:00:00+08:00', oneDay, calendar).deadlines.committed).toBe(
      end('2025-10-09'),
    );
  });

  it('counts a 调休 Sunday as a working day (2025-09-28)', () => {
    expect(
      computeOperationDeadlines('2025-09-26T17:00:00+08:00', { legalDays: 2, committedDays: 1 }, calendar).deadlines,
    ).toEqual({ committed: end('2025-09-28'), legal: end('2025-09-29') });
  });

  it('counts from the acceptance date in Asia/Shanghai, not in UTC', () => {
    const five = { legalDays: 5, committedDays: 5 };
    // 2025-09-29T17:00Z is 01:00 on 09-30 in Shanghai: counting from 09-29 would give 10-13.
    expect(computeOperationDeadlines('2025-09-29T17:00:00Z', five, calendar).deadlines.committed).toBe(
      end('2025-10-14'),
    );
    expect(computeOperationDeadlines('2025-09-29T15:59:59.999Z', five, calendar).deadlines.committed).toBe(
      end('2025-10-13'),
    );
    // 2025-03-03T16:30Z is Tuesday 03-04 00:30 in Shanghai.
    const one = { legalDays: 1, committedDays: 1 };
    expect(computeOperationDeadlines('2025-03-03T16:30:00Z', one, calendar).deadlines.committed).toBe(
      end('2025-03-05'),
    );
    // 09:00 at −08:00 on 03-04 is already 01:00 on 03-05 in Shanghai.
    expect(computeOperationDeadlines('2025-03-04T09:00:00-08:00', one, calendar).deadlines.committed).toBe(
      end('2025-03-06'),
    );
  });

  it('records every calendar year the count went through, and counts the 调休 Sunday 2026-01-04', () => {
    expect(
      computeOperationDeadlines('2025-12-20T10:00:00+08:00', { legalDays: 20, committedDays: 3 }, calendar)
        .calendarYears,
    ).toEqual([2025, 2026]);
    expect(
      computeOperationDeadlines('2025-12-29T10:00:00+08:00', { legalDays: 5, committedDays: 3 }, calendar).deadlines,
    ).toEqual({ committed: end('2026-01-04'), legal: end('2026-01-06') });
  });

  it('counts calendar days for a calendar-day limit, without the calendar', () => {
    expect(
      computeOperationDeadlines(
        '2025-09-30T10:00:00+08:00',
        { legalDays: 30, committedDays: 7, unit: 'calendar' },
        calendar,
      ),
    ).toEqual({
      timeLimit: { legalDays: 30, committedDays: 7, unit: 'calendar' },
      deadlines: { committed: end('2025-10-07'), legal: end('2025-10-30') },
      calendarYears: [],
    });
  });

  it('throws CALENDAR_YEAR_UNKNOWN when the count reaches a year not yet published', () => {
    const error = caught(() =>
      computeOperationDeadlines('2026-12-20T10:00:00+08:00', { legalDays: 20, committedDays: 3 }, calendar),
    );
    expect(error.code).toBe('CALENDAR_YEAR_UNKNOWN');
    expect(error.details).toEqual({ year: 2027 });
  });
});

describe('extendOperationDeadlines', () => {
  const deadlines = { committed: end('2025-03-10'), legal: end('2025-03-31') };

  it('moves both deadlines by the working days d with pausedOn < d ≤ resumedOn: Monday to Thursday is 3', () => {
    expect(
      extendOperationDeadlines(
        deadlines,
        'working',
        '2025-03-03T14:00:00+08:00',
        '2025-03-06T09:00:00+08:00',
        calendar,
      ),
    ).toEqual({
      pausedDays: 3,
      deadlines: { committed: end('2025-03-13'), legal: end('2025-04-03') },
      calendarYears: [2025],
    });
  });

  it('moves each deadline by exactly the paused working days, over holidays too', () => {
    const { deadlines: moved } = extendOperationDeadlines(
      deadlines,
      'working',
      '2025-03-03T14:00:00+08:00',
      '2025-03-06T09:00:00+08:00',
      calendar,
    );
    expect(calendar.workingDaysBetween('2025-03-10', deadlineDate(moved.committed))).toBe(3);
    // The legal deadline moves from 03-31 over Qingming (04-04 off) …
    const { deadlines: overQingming } = extendOperationDeadlines(
      deadlines,
      'working',
      '2025-03-03T14:00:00+08:00',
      '2025-03-07T09:00:00+08:00',
      calendar,
    );
    expect(overQingming.legal).toBe(end('2025-04-07'));
    expect(calendar.workingDaysBetween('2025-03-31', '2025-04-07')).toBe(4);
  });

  it('counts only working days of the pause: paused over National Day costs one working day', () => {
    expect(
      extendOperationDeadlines(
        { committed: end('2025-10-14'), legal: end('2025-11-04') },
        'working',
        '2025-09-30T16:00:00+08:00',
        '2025-10-09T09:00:00+08:00',
        calendar,
      ),
    ).toEqual({
      pausedDays: 1,
      deadlines: { committed: end('2025-10-15'), legal: end('2025-11-05') },
      calendarYears: [2025],
    });
  });

  it('moves nothing for a pause resumed the same day, in Asia/Shanghai', () => {
    expect(
      extendOperationDeadlines(deadlines, 'working', '2025-03-03T01:00:00Z', '2025-03-03T15:59:00Z', calendar)
        .pausedDays,
    ).toBe(0);
    expect(
      extendOperationDeadlines(deadlines, 'working', '2025-03-03T01:00:00Z', '2025-03-03T16:00:00Z', calendar)
        .pausedDays,
    ).toBe(1);
  });

  it('counts calendar days for a calendar-day limit', () => {
    expect(
      extendOperationDeadlines(
        { committed: end('2025-10-07'), legal: end('2025-10-30') },
        'calendar',
        '2025-10-01T10:00:00+08:00',
        '2025-10-04T10:00:00+08:00',
        calendar,
      ),
    ).toEqual({
      pausedDays: 3,
      deadlines: { committed: end('2025-10-10'), legal: end('2025-11-02') },
      calendarYears: [],
    });
  });
});

describe('yellowThresholdDays', () => {
  it.each([
    [5, 0.2, 1],
    [1, 0.2, 1],
    [10, 0.2, 2],
    [15, 0.2, 3],
    [16, 0.2, 4],
    [20, 0.2, 4],
    [20, 0, 1],
  ])('%i committed days at %f: %i', (committedDays, fraction, expected) => {
    expect(yellowThresholdDays(committedDays, fraction)).toBe(expected);
  });
});

describe('yellowFromDate', () => {
  it('is the thresholdth working day before the deadline date', () => {
    expect(yellowFromDate(end('2025-10-14'), 1, 'working', calendar)).toBe('2025-10-13');
    // The 调休 Saturday 10-11 is a working day, the Sunday is not.
    expect(yellowFromDate(end('2025-10-14'), 2, 'working', calendar)).toBe('2025-10-11');
    expect(yellowFromDate(end('2025-10-14'), 3, 'working', calendar)).toBe('2025-10-10');
    // A Monday deadline: the yellow period starts on the Friday before.
    expect(yellowFromDate(end('2025-03-10'), 1, 'working', calendar)).toBe('2025-03-07');
    // Over National Day: the working day before 10-09 is 09-30.
    expect(yellowFromDate(end('2025-10-09'), 1, 'working', calendar)).toBe('2025-09-30');
  });

  it('leaves at most the threshold of working days after each yellow day, and more the day before', () => {
    for (const [deadline, threshold] of [
      ['2025-10-14', 1],
      ['2025-10-14', 2],
      ['2025-10-09', 1],
      ['2025-03-10', 3],
    ] as const) {
      const from = yellowFromDate(end(deadline), threshold, 'working', calendar);
      expect(calendar.workingDaysBetween(from, deadline)).toBeLessThanOrEqual(threshold);
      expect(calendar.workingDaysBetween(addCalendarDays(from, -1), deadline)).toBeGreaterThan(threshold);
    }
  });

  it('counts calendar days back for a calendar-day limit', () => {
    expect(yellowFromDate(end('2025-10-30'), 3, 'calendar', calendar)).toBe('2025-10-27');
  });
});

describe('calendar-day helpers', () => {
  it('adds and counts calendar days across months, leap days and years', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(calendarDaysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(calendarDaysBetween('2025-03-01', '2025-02-28')).toBe(0);
  });

  it('rejects malformed dates with INVALID_DATE', () => {
    expect(caught(() => addCalendarDays('2025-02-30', 1)).code).toBe('INVALID_DATE');
  });

  it('reads the date of a deadline in Asia/Shanghai', () => {
    expect(deadlineDate(end('2025-10-14'))).toBe('2025-10-14');
    expect(deadlineDate('2025-10-14T16:00:00Z')).toBe('2025-10-15');
  });
});
