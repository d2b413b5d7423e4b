import { DomainError } from '../shared/domain-error';

/**
 * The periods the supervision office reports on and evaluates: a year (2025), a quarter (2025-Q1), a month (2025-03)
 * or a day (2025-03-15), as their first and last days, the months they span and the period of the same length before.
 */

export const invalidPeriod = (message: string): DomainError =>
  new DomainError('INVALID_PERIOD', 'validation', message, {}, { period: [message] });

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const day = (year: number, month: number, d: number): string => `${pad(year, 4)}-${pad(month)}-${pad(d)}`;
const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const iso = (date: Date): string => date.toISOString().slice(0, 10);

/** The last day of a month `YYYY-MM`. */
export function lastDayOfMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return day(year, m, daysIn(year, m));
}

/** YYYY-MM of every month from the month of `from` to that of `to`. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${pad(year, 4)}-${pad(month)}`;
    if (key > last) return months;
    months.push(key);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/** The first and last day of a year, quarter, month or day. */
export function periodDays(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  if (period.length === 4) return { from: `${period}-01-01`, to: `${period}-12-31` };
  if (period[5] === 'Q') {
    const first = (Number(period[6]) - 1) * 3 + 1;
    return { from: day(year, first, 1), to: day(year, first + 2, daysIn(year, first + 2)) };
  }
  const month = Number(period.slice(5, 7));
  if (period.length === 7) return { from: day(year, month, 1), to: day(year, month, daysIn(year, month)) };
  if (Number(period.slice(8, 10)) > daysIn(year, month)) throw invalidPeriod(`${period} is not a day`);
  return { from: period, to: period };
}

/** The period of the same length just before: the month, quarter or year before, or as many days. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  const wholeMonths = from.endsWith('-01') && new Date(end.getTime() + 86_400_000).getUTCDate() === 1;
  if (wholeMonths) {
    const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth() + 1;
    const previousStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - months, 1));
    return { from: iso(previousStart), to: iso(new Date(start.getTime() - 86_400_000)) };
  }
  const length = end.getTime() - start.getTime() + 86_400_000;
  return { from: iso(new Date(start.getTime() - length)), to: iso(new Date(start.getTime() - 86_400_000)) };
}
