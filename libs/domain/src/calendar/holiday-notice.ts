import { calendarInvalid } from './calendar.errors';
import { daysInYear, formatDate, isWeekend, tryParseDate, weekdayOf, type YearDay } from './calendar-date';
import { type CalendarYear } from './calendar-year';

/** The issuer of every 部分节假日安排的通知 so far; a notice names another only if it really comes from elsewhere. */
export const HOLIDAY_NOTICE_AUTHORITY = '国务院办公厅';

/**
 * One holiday as the notice states it, e.g. 春节：1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
 * Every day from `firstDayOff` to `lastDayOff` is off, weekends included; `workdays` are the weekend days worked in
 * return (调休), as the notice lists them with this holiday (often none).
 */
export interface HolidayPeriod {
  name: string;
  firstDayOff: string;
  lastDayOff: string;
  workdays: string[];
}

/** 国务院办公厅关于{year}年部分节假日安排的通知, as data: what an operator copies from the notice, nothing derived. */
export interface HolidayNotice {
  year: number;
  /** The notice's document number, e.g. 国办发明电〔2024〕12号. */
  documentNo: string;
  /** The day the notice was issued. */
  date: string;
  /** Defaults to 国务院办公厅. */
  authority?: string;
  holidays: HolidayPeriod[];
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The year the notice describes: the days of every holiday period off, the make-up days worked. Throws
 * CALENDAR_INVALID naming each offending field under `notice.` (as in the request body): a missing or malformed field,
 * a date outside the notice's year, a period that ends before it starts or overlaps another, a make-up day that is
 * not a Saturday or Sunday, lies inside a holiday or is listed twice. A notice that moves a day of the year before
 * (元旦 from 30 December) is refused: that day belongs to the earlier year, which is corrected on its own.
 */
export function calendarYearOfNotice(notice: HolidayNotice): CalendarYear {
  const fieldErrors: Record<string, string[]> = {};
  const addError = (field: string, message: string): void => {
    (fieldErrors[`notice.${field}`] ??= []).push(message);
  };
  const input: unknown = notice;
  if (!isPlainObject(input)) throw calendarInvalid(undefined, { notice: ['must be the notice as an object'] });
  const { year } = notice;
  const yearValid = Number.isInteger(year) && year >= 1 && year <= 9999;
  if (!yearValid) addError('year', 'must be an integer from 1 to 9999');
  if (!isNonEmptyString(notice.documentNo)) addError('documentNo', 'must not be empty');
  if (!tryParseDate(notice.date)) addError('date', 'must be a calendar date YYYY-MM-DD');
  if (notice.authority !== undefined && !isNonEmptyString(notice.authority)) addError('authority', 'must not be empty');

  const dateIn = (field: string, value: unknown): YearDay | undefined => {
    const parsed = tryParseDate(value);
    if (!parsed) addError(field, 'must be a calendar date YYYY-MM-DD');
    else if (yearValid && parsed.year !== year) {
      addError(field, `${String(value)} is not in ${year}; a day of another year is published with that year`);
    } else return parsed;
    return undefined;
  };

  const off = new Map<number, string>();
  const worked: { field: string; date: string; day: YearDay }[] = [];
  const periods: unknown = notice.holidays;
  if (!Array.isArray(periods)) addError('holidays', 'must be a list of holiday periods');
  else {
    periods.forEach((period: unknown, index) => {
      const path = `holidays[${index}]`;
      if (!isPlainObject(period)) {
        addError(path, 'must give name, firstDayOff, lastDayOff and workdays');
        return;
      }
      if (!isNonEmptyString(period.name)) addError(`${path}.name`, 'must not be empty');
      const first = dateIn(`${path}.firstDayOff`, period.firstDayOff);
      const last = dateIn(`${path}.lastDayOff`, period.lastDayOff);
      if (first && last) {
        if (last.dayOfYear < first.dayOfYear) {
          addError(`${path}.lastDayOff`, `${String(period.lastDayOff)} is before ${String(period.firstDayOff)}`);
        }
        for (let day = first.dayOfYear; day <= last.dayOfYear; day += 1) {
          const overlapped = off.get(day);
          if (overlapped !== undefined) {
            addError(path, `${formatDate(year, day)} is already off for ${overlapped}`);
            break;
          }
          off.set(day, String(period.name));
        }
      }
      if (!Array.isArray(period.workdays)) {
        addError(`${path}.workdays`, 'must be a list of calendar dates YYYY-MM-DD (empty when none)');
        return;
      }
      period.workdays.forEach((date: unknown, dateIndex) => {
        const field = `${path}.workdays[${dateIndex}]`;
        const day = dateIn(field, date);
        if (day) worked.push({ field, date: date as string, day });
      });
    });
  }
  const seen = new Set<string>();
  for (const { field, date, day } of worked) {
    if (seen.has(date)) addError(field, `${date} is listed more than once`);
    seen.add(date);
    if (!isWeekend(weekdayOf(day))) addError(field, `${date} is not a Saturday or Sunday`);
    const holiday = off.get(day.dayOfYear);
    if (holiday !== undefined) addError(field, `${date} is a day off of ${holiday}`);
  }
  if (Object.keys(fieldErrors).length > 0) throw calendarInvalid(year, fieldErrors);
  return {
    year,
    holidays: [...off.keys()].sort((a, b) => a - b).map((day) => formatDate(year, day)),
    workdays: [...seen].sort(),
  };
}

/** One month of a year: how many days are worked, which days are holidays and which weekend days are worked. */
export interface CalendarMonth {
  month: number;
  workingDays: number;
  holidays: string[];
  workdays: string[];
}

/** The year month by month, so that an operator can check it against the notice before publishing it. */
export function calendarMonthsOf(calendarYear: CalendarYear): CalendarMonth[] {
  const { year } = calendarYear;
  const holidays = new Set(calendarYear.holidays);
  const workdays = new Set(calendarYear.workdays);
  const months = Array.from({ length: 12 }, (_, index): CalendarMonth => ({
    month: index + 1,
    workingDays: 0,
    holidays: [],
    workdays: [],
  }));
  for (let dayOfYear = 0; dayOfYear < daysInYear(year); dayOfYear += 1) {
    const date = formatDate(year, dayOfYear);
    const month = months[Number(date.slice(5, 7)) - 1];
    if (holidays.has(date)) month.holidays.push(date);
    else if (workdays.has(date)) {
      month.workdays.push(date);
      month.workingDays += 1;
    } else if (!isWeekend(weekdayOf({ year, dayOfYear }))) month.workingDays += 1;
  }
  return months;
}
