import { calendarMonthsOf, CalendarYear, HOLIDAY_NOTICE_AUTHORITY, HolidayNotice } from '@app/domain';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Columns are padded by display width: a Chinese character takes two. */
function displayWidth(text: string): number {
  return [...text].reduce((width, char) => width + (char.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

function withWeekday(date: string): string {
  return `${date} ${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`;
}

/** Days of one month as day numbers, runs joined: `1, 28–31`. */
function dayRuns(dates: readonly string[]): string {
  const days = dates.map((date) => Number(date.slice(8)));
  const runs: string[] = [];
  for (let start = 0; start < days.length;) {
    let end = start;
    while (end + 1 < days.length && days[end + 1] === days[end] + 1) end += 1;
    runs.push(end === start ? String(days[start]) : `${days[start]}–${days[end]}`);
    start = end + 1;
  }
  return runs.join(', ');
}

/** The notice's holidays and the year month by month, as the operator checks them against the notice. */
export function formatNotice(notice: HolidayNotice, calendarYear: CalendarYear): string {
  const authority = notice.authority ?? HOLIDAY_NOTICE_AUTHORITY;
  const nameWidth = Math.max(8, ...notice.holidays.map((period) => displayWidth(period.name)));
  const lines = [
    `${notice.documentNo} of ${notice.date} (${authority}): the working-day calendar of ${notice.year}`,
    '',
    `${pad('Holiday', nameWidth)}  ${pad('Days off', 25)}  ${pad('Days', 4)}  Make-up working days`,
    ...notice.holidays.map((period) => {
      const span =
        period.firstDayOff === period.lastDayOff ? period.firstDayOff : `${period.firstDayOff} – ${period.lastDayOff}`;
      const days = calendarYear.holidays.filter((d) => d >= period.firstDayOff && d <= period.lastDayOff).length;
      const worked = [...period.workdays].sort().map(withWeekday).join(', ');
      return `${pad(period.name, nameWidth)}  ${pad(span, 25)}  ${pad(String(days), 4)}  ${worked}`.trimEnd();
    }),
    '',
    'Month  Working days  Holidays off          Weekend days worked',
  ];
  let workingDays = 0;
  for (const month of calendarMonthsOf(calendarYear)) {
    workingDays += month.workingDays;
    const columns = [pad(String(month.workingDays), 12), pad(dayRuns(month.holidays), 20), dayRuns(month.workdays)];
    lines.push(`${String(month.month).padStart(5)}  ${columns.join('  ')}`.trimEnd());
  }
  lines.push(
    `${'Year'.padStart(5)}  ${pad(String(workingDays), 12)}  ` +
      `${pad(String(calendarYear.holidays.length), 20)}  ${calendarYear.workdays.length}`,
  );
  return lines.join('\n');
}

/** How the notice's year compares with the year the calendar already has. */
export function formatComparison(year: number, known: CalendarYear | undefined, notice: CalendarYear): string {
  if (!known) return `On record: nothing for ${year} yet.`;
  const change = (label: string, before: readonly string[], after: readonly string[]): string[] => {
    const added = after.filter((date) => !before.includes(date));
    const removed = before.filter((date) => !after.includes(date));
    return [
      ...(added.length > 0 ? [`  ${label} added:   ${added.join(', ')}`] : []),
      ...(removed.length > 0 ? [`  ${label} removed: ${removed.join(', ')}`] : []),
    ];
  };
  const changes = [
    ...change('days off', known.holidays, notice.holidays),
    ...change('make-up working days', known.workdays, notice.workdays),
  ];
  if (changes.length === 0) return `On record: ${year} with the same days off and make-up working days.`;
  return [`On record: ${year} with other dates; the notice would change them:`, ...changes].join('\n');
}
