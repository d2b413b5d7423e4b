import { calendarInvalid, calendarYearUnknown, invalidWorkingDayCount } from './calendar.errors';
import { daysInYear, formatDate, isWeekend, parseDate, weekdayOfFirstJanuary, type YearDay } from './calendar-date';
import { validateCalendarYear, type CalendarYear } from './calendar-year';

/**
 * One year, precomputed so that every question is answered by array indexing: `working[d]` is 1 when day `d` of the
 * year is a working day, `before[d]` counts the working days among days 0 … d−1 (so `before[length]` is the year's
 * total). Counting across a year is a subtraction, finding the Nth working day a binary search.
 */
interface YearTable {
  readonly source: CalendarYear;
  readonly working: Uint8Array;
  readonly before: Uint16Array;
  readonly total: number;
}

function buildTable(calendarYear: CalendarYear): YearTable {
  const { year } = calendarYear;
  const length = daysInYear(year);
  const firstWeekday = weekdayOfFirstJanuary(year);
  const working = new Uint8Array(length);
  for (let day = 0; day < length; day += 1) working[day] = isWeekend((firstWeekday + day) % 7) ? 0 : 1;
  for (const date of calendarYear.holidays) working[parseDate(date).dayOfYear] = 0;
  for (const date of calendarYear.workdays) working[parseDate(date).dayOfYear] = 1;
  const before = new Uint16Array(length + 1);
  for (let day = 0; day < length; day += 1) before[day + 1] = before[day] + working[day];
  const source = { year, holidays: [...calendarYear.holidays].sort(), workdays: [...calendarYear.workdays].sort() };
  return { source, working, before, total: before[length] };
}

function compare(a: YearDay, b: YearDay): number {
  return a.year - b.year || a.dayOfYear - b.dayOfYear;
}

/**
 * The Chinese official working-day calendar over the years it knows: weekends are off unless listed as make-up
 * workdays, listed holidays are off, every other day is a working day. Immutable; `withYear` returns a new calendar.
 *
 * It never guesses: every date it is given, and every day a count passes through, must lie in a known year, otherwise
 * it throws CALENDAR_YEAR_UNKNOWN. Malformed dates throw INVALID_DATE.
 */
export class WorkingCalendar {
  private constructor(private readonly tables: ReadonlyMap<number, YearTable>) {}

  /** Throws CALENDAR_INVALID when a year is invalid (see `validateCalendarYear`) or given twice. */
  static fromYears(years: readonly CalendarYear[]): WorkingCalendar {
    const tables = new Map<number, YearTable>();
    for (const calendarYear of years) {
      validateCalendarYear(calendarYear);
      if (tables.has(calendarYear.year)) {
        throw calendarInvalid(calendarYear.year, { year: [`${calendarYear.year} is given more than once`] });
      }
      tables.set(calendarYear.year, buildTable(calendarYear));
    }
    return new WorkingCalendar(tables);
  }

  /** The known years, ascending. */
  knownYears(): number[] {
    return [...this.tables.keys()].sort((a, b) => a - b);
  }

  /**
   * The last day up to which every day from `date` on is known: the end of the last year of the unbroken run of
   * known years that starts with `date`'s year; undefined when that year itself is not known. A deadline past it
   * cannot be computed (CALENDAR_YEAR_UNKNOWN) until the next year is published.
   */
  knownThrough(date: string): string | undefined {
    let year = parseDate(date).year;
    if (!this.tables.has(year)) return undefined;
    while (this.tables.has(year + 1)) year += 1;
    return `${year}-12-31`;
  }

  /** The data of a known year (dates sorted), e.g. to show which calendar a deadline was computed with. */
  calendarYear(year: number): CalendarYear {
    const { source } = this.table(year);
    return { year: source.year, holidays: [...source.holidays], workdays: [...source.workdays] };
  }

  /** A new calendar with `calendarYear` added, or replacing the year already known. Throws CALENDAR_INVALID. */
  withYear(calendarYear: CalendarYear): WorkingCalendar {
    validateCalendarYear(calendarYear);
    const tables = new Map(this.tables);
    tables.set(calendarYear.year, buildTable(calendarYear));
    return new WorkingCalendar(tables);
  }

  isWorkingDay(date: string): boolean {
    const day = parseDate(date);
    return this.table(day.year).working[day.dayOfYear] === 1;
  }

  /**
   * The `n`th working day after `date`; `date` itself is never counted, whether it is a working day or not
   * (Saturday + 1 is the following Monday, Monday + 1 is Tuesday). `n` = 0 returns `date` unchanged, so that
   * `workingDaysBetween(date, addWorkingDays(date, n)) === n` for every n ≥ 0. Throws INVALID_WORKING_DAY_COUNT
   * unless `n` is an integer ≥ 0.
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 0) throw invalidWorkingDayCount(n);
    const start = parseDate(date);
    let year = start.year;
    let table = this.table(year);
    if (n === 0) return date;
    // Rank of the wanted day among the working days of `year`, counted from 1 January.
    let rank = table.before[start.dayOfYear + 1] + n;
    while (rank > table.total) {
      rank -= table.total;
      year += 1;
      table = this.table(year);
    }
    // Smallest k with before[k] ≥ rank: day k−1 is the rank-th working day.
    let low = 1;
    let high = table.working.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (table.before[middle] >= rank) high = middle;
      else low = middle + 1;
    }
    return formatDate(year, low - 1);
  }

  /** The number of working days d with from < d ≤ to; 0 when `to` is not after `from`. */
  workingDaysBetween(from: string, to: string): number {
    const start = parseDate(from);
    const end = parseDate(to);
    const startTable = this.table(start.year);
    const endTable = this.table(end.year);
    if (compare(end, start) <= 0) return 0;
    if (start.year === end.year) return endTable.before[end.dayOfYear + 1] - startTable.before[start.dayOfYear + 1];
    let count = startTable.total - startTable.before[start.dayOfYear + 1];
    for (let year = start.year + 1; year < end.year; year += 1) count += this.table(year).total;
    return count + endTable.before[end.dayOfYear + 1];
  }

  private table(year: number): YearTable {
    const table = this.tables.get(year);
    if (!table) throw calendarYearUnknown(year);
    return table;
  }
}
