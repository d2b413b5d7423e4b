import { endOfWorkingDay, parseDate } from '../calendar/calendar-date';
import { WorkingCalendar } from '../calendar/working-calendar';
import { TimeLimit, TimeLimitUnit } from '../power/power.types';
import { shanghaiDate } from '../shared/values';
import { OperationDeadlines } from './operation.types';

/**
 * Deadline arithmetic of important power operations. Dates are Asia/Shanghai calendar dates; a deadline of N days
 * is the end of the Nth day after the acceptance date (the acceptance day itself is never counted), in working days
 * on the official calendar (weekends and statutory holidays off, 调休 make-up days on) or, for a limit whose unit
 * is `calendar`, in calendar days. Every count that goes through a year the calendar does not know throws
 * CALENDAR_YEAR_UNKNOWN: nothing is guessed.
 */

const DAY_MS = 86_400_000;

/** The date `n` calendar days after `date` (before it when `n` < 0). */
export function addCalendarDays(date: string, n: number): string {
  parseDate(date);
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The number of calendar days d with from < d ≤ to; 0 when `to` is not after `from`. */
export function calendarDaysBetween(from: string, to: string): number {
  parseDate(from);
  parseDate(to);
  return Math.max(0, Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS));
}

/** The `n`th day after `date` in the unit of a time limit; `date` itself is not counted. */
export function addLimitDays(date: string, n: number, unit: TimeLimitUnit, calendar: WorkingCalendar): string {
  return unit === 'working' ? calendar.addWorkingDays(date, n) : addCalendarDays(date, n);
}

/** The days d with from < d ≤ to in the unit of a time limit. */
export function limitDaysBetween(from: string, to: string, unit: TimeLimitUnit, calendar: WorkingCalendar): number {
  return unit === 'working' ? calendar.workingDaysBetween(from, to) : calendarDaysBetween(from, to);
}

/**
 * The working days d with from < d ≤ to in the years the calendar knows, and the years in between it does not: a
 * lower bound of the count that is exact when `unknownYears` is empty. A rule with a limit can decide on it whenever
 * the known days alone exceed the limit.
 */
export function knownWorkingDaysBetween(
  from: string,
  to: string,
  calendar: WorkingCalendar,
): { days: number; unknownYears: number[] } {
  const first = parseDate(from).year;
  const last = parseDate(to).year;
  const known = new Set(calendar.knownYears());
  let days = 0;
  const unknownYears: number[] = [];
  for (let year = first; year <= last && to > from; year += 1) {
    const yearEnd = year === last ? to : `${String(year).padStart(4, '0')}-12-31`;
    // From 31 December on, nothing of the first year is counted: whether it is known does not matter.
    if (year === first && from === yearEnd) continue;
    if (!known.has(year)) {
      unknownYears.push(year);
      continue;
    }
    if (year === first) {
      days += calendar.workingDaysBetween(from, yearEnd);
    } else {
      const newYear = `${String(year).padStart(4, '0')}-01-01`;
      days += calendar.workingDaysBetween(newYear, yearEnd) + (calendar.isWorkingDay(newYear) ? 1 : 0);
    }
  }
  return { days, unknownYears };
}

/** The Asia/Shanghai date a deadline (or any instant) falls on. */
export function deadlineDate(deadline: string): string {
  return shanghaiDate(deadline);
}

/** The first instant of a day in Asia/Shanghai. */
export function startOfShanghaiDay(date: string): string {
  parseDate(date);
  return `${date}T00:00:00.000+08:00`;
}

/** Every year from the earliest to the latest of `dates`: the calendar years a count went through. */
function yearsSpanned(dates: readonly string[]): number[] {
  const years = dates.map((date) => parseDate(date).year);
  const first = Math.min(...years);
  const last = Math.max(...years);
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

export interface ComputedOperationDeadlines {
  /** The limits used, the unit made explicit. */
  timeLimit: Required<TimeLimit>;
  deadlines: OperationDeadlines;
  /** The calendar years the count went through; empty for calendar-day limits, which need no calendar. */
  calendarYears: number[];
}

/**
 * Committed and legal deadlines of a matter accepted at `acceptedAt` (an instant; its Asia/Shanghai date is the
 * acceptance day, so 2025-09-30T20:00:00Z was accepted on 2025-10-01) under the limits in force on that day.
 */
export function computeOperationDeadlines(
  acceptedAt: string,
  timeLimit: TimeLimit,
  calendar: WorkingCalendar,
): ComputedOperationDeadlines {
  const limit: Required<TimeLimit> = {
    legalDays: timeLimit.legalDays,
    committedDays: timeLimit.committedDays,
    unit: timeLimit.unit ?? 'working',
  };
  const acceptedOn = shanghaiDate(acceptedAt);
  const committedOn = addLimitDays(acceptedOn, limit.committedDays, limit.unit, calendar);
  const legalOn = addLimitDays(acceptedOn, limit.legalDays, limit.unit, calendar);
  return {
    timeLimit: limit,
    deadlines: { committed: endOfWorkingDay(committedOn), legal: endOfWorkingDay(legalOn) },
    calendarYears: limit.unit === 'working' ? yearsSpanned([acceptedOn, committedOn, legalOn]) : [],
  };
}

export interface OperationDeadlineExtension {
  /** The days the clock was stopped, in the unit of the limit: the days d with pausedOn < d ≤ resumedOn. */
  pausedDays: number;
  deadlines: OperationDeadlines;
  calendarYears: number[];
}

/**
 * Moves both deadlines by the days a special procedure stopped the clock. The day of the pause counts as used (the
 * clock ran when it began) and the day of the resumption does not (it restarts like an acceptance: from the next
 * day), so a pause and resumption on the same day moves nothing, and pausing on Monday and resuming on Thursday of an
 * ordinary week moves each deadline by exactly 3 working days. Each deadline moves from where it stands, so an
 * earlier deadline is never recomputed with a calendar published since.
 */
export function extendOperationDeadlines(
  deadlines: OperationDeadlines,
  unit: TimeLimitUnit,
  pausedAt: string,
  resumedAt: string,
  calendar: WorkingCalendar,
): OperationDeadlineExtension {
  const pausedOn = shanghaiDate(pausedAt);
  const resumedOn = shanghaiDate(resumedAt);
  const pausedDays = limitDaysBetween(pausedOn, resumedOn, unit, calendar);
  const committedBefore = deadlineDate(deadlines.committed);
  const legalBefore = deadlineDate(deadlines.legal);
  const committedOn = addLimitDays(committedBefore, pausedDays, unit, calendar);
  const legalOn = addLimitDays(legalBefore, pausedDays, unit, calendar);
  return {
    pausedDays,
    deadlines: { committed: endOfWorkingDay(committedOn), legal: endOfWorkingDay(legalOn) },
    calendarYears:
      unit === 'working' ? yearsSpanned([pausedOn, resumedOn, committedBefore, legalBefore, committedOn, legalOn]) : [],
  };
}

/**
 * How close to the committed deadline the yellow card comes: within `fraction` of the committed days, at least one
 * day, i.e. max(1, ⌈fraction × committedDays⌉) days in the unit of the limit.
 */
export function yellowThresholdDays(committedDays: number, fraction: number): number {
  // Rounded before the ceiling so that binary noise (0.2 × 15 = 3.0000000000000004) cannot add a day.
  return Math.max(1, Math.ceil(Number((fraction * committedDays).toFixed(9))));
}

/**
 * The first date from which at most `thresholdDays` days remain after the day itself up to the deadline date
 * (`limitDaysBetween(date, deadlineDate) ≤ thresholdDays`). For working days that is the `thresholdDays`-th working
 * day before the deadline date: with a threshold of 1 and a deadline on Tuesday, Monday; with the deadline on a
 * Monday, the Friday before (the weekend in between belongs to the yellow period).
 */
export function yellowFromDate(
  deadline: string,
  thresholdDays: number,
  unit: TimeLimitUnit,
  calendar: WorkingCalendar,
): string {
  const end = deadlineDate(deadline);
  if (unit === 'calendar') return addCalendarDays(end, -thresholdDays);
  let date = end;
  for (let counted = 0; counted < thresholdDays;) {
    date = addCalendarDays(date, -1);
    if (calendar.isWorkingDay(date)) counted += 1;
  }
  return date;
}
