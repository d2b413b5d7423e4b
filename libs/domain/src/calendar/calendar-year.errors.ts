import { DomainError, DomainErrorCategory } from '../shared/domain-error';
import { CalendarErrorCode } from './calendar.errors';

/** Stable error codes of publishing calendar years, besides CALENDAR_INVALID (calendar.errors.ts). */
export const CALENDAR_YEAR_ERROR_CATEGORIES = {
  CALENDAR_YEAR_EXISTS: 'conflict',
  CALENDAR_UNCHANGED: 'rule',
  FORBIDDEN_ROLE: 'forbidden',
} as const satisfies Record<string, DomainErrorCategory>;

export type CalendarYearErrorCode = keyof typeof CALENDAR_YEAR_ERROR_CATEGORIES;

function calendarYearError(
  code: CalendarYearErrorCode,
  message: string,
  details: Record<string, unknown>,
  fieldErrors: Record<string, string[]> = {},
): DomainError {
  return new DomainError(code, CALENDAR_YEAR_ERROR_CATEGORIES[code], message, details, fieldErrors);
}

export const calendarYearErrors = {
  exists: (year: number) =>
    calendarYearError(
      'CALENDAR_YEAR_EXISTS',
      `The calendar for ${year} is already known; publish it again only as a correction, with a reason`,
      { year },
      { reason: ['is required to correct a year already known'] },
    ),
  unchanged: (year: number) =>
    calendarYearError('CALENDAR_UNCHANGED', `The calendar for ${year} already has exactly these dates`, { year }),
  forbiddenRole: (role: string) =>
    calendarYearError('FORBIDDEN_ROLE', `Role ${role} may not publish calendars`, { role }),
  /**
   * The year asked for as a resource (`GET /v1/calendars/{year}`) is not known: a 404 with the same code the
   * working-day arithmetic raises as a rule violation, because it means the same thing.
   */
  yearNotFound: (year: number) =>
    new DomainError(CalendarErrorCode.yearUnknown, 'not-found', `The calendar for ${year} is not known`, { year }),
};
