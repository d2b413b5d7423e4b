import { calendarInvalid } from './calendar.errors';
import { isWeekend, tryParseDate, weekdayOf, type YearDay } from './calendar-date';

/**
 * One year of the official calendar as the State Council publishes it (国务院办公厅关于…部分节假日安排的通知).
 * `holidays`: days off besides ordinary weekends (a holiday may fall on a weekend day; listing it changes nothing).
 * `workdays`: weekend days that are working days (调休 make-up days).
 * Dates are `YYYY-MM-DD` calendar dates in Asia/Shanghai.
 */
export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
}

/**
 * Throws CALENDAR_INVALID, with one entry per offending field (`year`, `holidays[3]`, `workdays[0]`, …), when the year
 * is not an integer from 1 to 9999, a date is malformed, not in that year or listed twice, a make-up workday is not a
 * Saturday or Sunday, or a date is both a holiday and a make-up workday.
 */
export function validateCalendarYear(calendarYear: CalendarYear): void {
  const fieldErrors: Record<string, string[]> = {};
  const addError = (field: string, message: string): void => {
    (fieldErrors[field] ??= []).push(message);
  };
  const { year } = calendarYear;
  const yearValid = Number.isInteger(year) && year >= 1 && year <= 9999;
  if (!yearValid) addError('year', 'must be an integer from 1 to 9999');

  const checkDates = (
    field: 'holidays' | 'workdays',
    dates: unknown,
    problemsOf: (date: string, parsed: YearDay) => string[] = () => [],
  ): Set<string> => {
    const seen = new Set<string>();
    if (!Array.isArray(dates)) {
      addError(field, 'must be a list of calendar dates YYYY-MM-DD');
      return seen;
    }
    dates.forEach((date: unknown, index) => {
      const path = `${field}[${index}]`;
      const parsed = tryParseDate(date);
      if (typeof date !== 'string' || !parsed) {
        addError(path, 'must be a calendar date YYYY-MM-DD');
      } else if (yearValid && parsed.year !== year) {
        addError(path, `${date} is not in ${year}`);
      } else if (seen.has(date)) {
        addError(path, `${date} is listed more than once`);
      } else {
        seen.add(date);
        problemsOf(date, parsed).forEach((problem) => addError(path, problem));
      }
    });
    return seen;
  };

  const holidays = checkDates('holidays', calendarYear.holidays);
  checkDates('workdays', calendarYear.workdays, (date, parsed) => [
    ...(isWeekend(weekdayOf(parsed)) ? [] : [`${date} is not a Saturday or Sunday`]),
    ...(holidays.has(date) ? [`${date} is also listed as a holiday`] : []),
  ]);

  if (Object.keys(fieldErrors).length > 0) throw calendarInvalid(year, fieldErrors);
}
