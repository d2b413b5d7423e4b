import { DomainEvent } from '../shared/decider';
import { Approval } from '../power/power.types';
import { HolidayPeriod } from './holiday-notice';

/** The one calendar stream: the Chinese official calendar is national, so there is exactly one. */
export const CALENDAR_STREAM_ID = 'calendar-CN';

/** Dates are sorted, so two publications of the same year compare as plain lists. */
export interface CalendarYearPublishedData {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
  approval?: Approval;
  /** Why a year already known was published again; present on every correction. */
  reason?: string;
  /** The notice's holidays as it states them, when the year was published from the notice. */
  holidayPeriods?: HolidayPeriod[];
}

export type CalendarYearPublished = DomainEvent<'CalendarYearPublished', CalendarYearPublishedData>;

export type CalendarEvent = CalendarYearPublished;
export type CalendarEventType = CalendarEvent['type'];

export const CALENDAR_EVENT_TYPES = ['CalendarYearPublished'] as const satisfies readonly CalendarEventType[];
