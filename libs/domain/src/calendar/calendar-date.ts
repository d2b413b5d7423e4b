import { invalidDate } from './calendar.errors';

/** A calendar date as the position of the day in its year; `dayOfYear` 0 is 1 January. */
export interface YearDay {
  readonly year: number;
  readonly dayOfYear: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_STARTS = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
] as const;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** 0 = Sunday … 6 = Saturday, proleptic Gregorian (Gauss's formula), so no Date and no time zone is involved. */
export function weekdayOfFirstJanuary(year: number): number {
  const y = year - 1;
  return (1 + 5 * (y % 4) + 4 * (y % 100) + 6 * (y % 400)) % 7;
}

export function weekdayOf(day: YearDay): number {
  return (weekdayOfFirstJanuary(day.year) + day.dayOfYear) % 7;
}

export function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6;
}

/** Parses a strict `YYYY-MM-DD` calendar date (years 0001–9999); undefined when it is not one. */
export function tryParseDate(value: unknown): YearDay | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_PATTERN.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12) return undefined;
  const starts = MONTH_STARTS[isLeapYear(year) ? 1 : 0];
  const dayOfYear = starts[month - 1] + day - 1;
  if (day < 1 || dayOfYear >= starts[month]) return undefined;
  return { year, dayOfYear };
}

/** Parses a strict `YYYY-MM-DD` calendar date; throws INVALID_DATE otherwise. */
export function parseDate(value: string): YearDay {
  const parsed = tryParseDate(value);
  if (!parsed) throw invalidDate(value);
  return parsed;
}

export function formatDate(year: number, dayOfYear: number): string {
  const starts = MONTH_STARTS[isLeapYear(year) ? 1 : 0];
  let month = 1;
  while (starts[month] <= dayOfYear) month += 1;
  const day = dayOfYear - starts[month - 1] + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The last instant of a calendar day in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991), as ISO-8601:
 * a deadline of "N working days" ends when the Nth working day ends.
 */
export function endOfWorkingDay(date: string): string {
  parseDate(date);
  return `${date}T23:59:59.999+08:00`;
}
