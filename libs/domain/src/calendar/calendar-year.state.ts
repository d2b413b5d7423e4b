import officialData from './data/official-calendar.2010-2026.json';
import { Approval } from '../power/power.types';
import { CalendarYear } from './calendar-year';
import { CalendarYearPublishedData } from './calendar-year.events';
import { HolidayPeriod } from './holiday-notice';
import { officialCalendar } from './official-calendar';
import { WorkingCalendar } from './working-calendar';

/** How the built-in years name their origin wherever a published year shows its `source`. */
export const OFFICIAL_CALENDAR_SOURCE = `built-in: ${officialData.source}`;

/** A year as the last publication of it recorded it; `version` is that event's version in the calendar stream. */
export interface PublishedCalendarYear extends CalendarYearPublishedData {
  version: number;
}

/** Nothing published yet: the built-in years are the whole calendar. */
export interface OfficialOnlyCalendar {
  status: 'official-only';
}

export interface AmendedCalendar {
  status: 'amended';
  /** Stream version of the last event folded. */
  version: number;
  /** The latest publication of each year, keyed by year. */
  published: Readonly<Record<number, PublishedCalendarYear>>;
}

export type CalendarState = OfficialOnlyCalendar | AmendedCalendar;

export const initialCalendarState: CalendarState = { status: 'official-only' };

export function calendarVersionOf(state: CalendarState): number {
  return state.status === 'amended' ? state.version : 0;
}

export function publishedYearOf(state: CalendarState, year: number): PublishedCalendarYear | undefined {
  return state.status === 'amended' ? state.published[year] : undefined;
}

/** The year as it stands: the latest publication, else the built-in data, else undefined. */
export function knownCalendarYear(state: CalendarState, year: number): CalendarYear | undefined {
  const published = publishedYearOf(state, year);
  if (published) return { year, holidays: published.holidays, workdays: published.workdays };
  const official = officialCalendar();
  return official.knownYears().includes(year) ? official.calendarYear(year) : undefined;
}

/** The built-in years with every published year added or, for a correction, replacing the built-in one. */
export function workingCalendarOf(state: CalendarState): WorkingCalendar {
  if (state.status === 'official-only') return officialCalendar();
  return Object.values(state.published).reduce(
    (calendar: WorkingCalendar, { year, holidays, workdays }) => calendar.withYear({ year, holidays, workdays }),
    officialCalendar(),
  );
}

/** One known year as the calendar shows it, with where its dates come from. */
export interface CalendarYearView extends CalendarYear {
  source: string;
  /** The calendar stream version that published it; absent for built-in years never corrected. */
  version?: number;
  approval?: Approval;
  reason?: string;
  holidayPeriods?: HolidayPeriod[];
}

/** Every known year, ascending. */
export function calendarYearsOf(state: CalendarState): CalendarYearView[] {
  const official = officialCalendar();
  const years = new Set([...official.knownYears(), ...Object.values(publishedOf(state)).map((p) => p.year)]);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const published = publishedYearOf(state, year);
      if (!published) return { ...official.calendarYear(year), source: OFFICIAL_CALENDAR_SOURCE };
      return { ...published, holidays: [...published.holidays], workdays: [...published.workdays] };
    });
}

function publishedOf(state: CalendarState): Readonly<Record<number, PublishedCalendarYear>> {
  return state.status === 'amended' ? state.published : {};
}
