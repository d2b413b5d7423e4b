import { DomainError } from '../shared/domain-error';

/** The stable codes of the calendar's DomainErrors. */
export const CalendarErrorCode = {
  yearUnknown: 'CALENDAR_YEAR_UNKNOWN',
  invalidDate: 'INVALID_DATE',
  invalidWorkingDayCount: 'INVALID_WORKING_DAY_COUNT',
  calendarInvalid: 'CALENDAR_INVALID',
} as const;

/** A rule error, not a validation one: the date is well-formed, but nobody has published that year's calendar yet. */
export function calendarYearUnknown(year: number): DomainError {
  // An expected outcome rather than a fault: every count that reaches an unpublished year throws it, and most callers
  // catch it to leave the deadlines pending (in December, every registration of a batch). Capturing a stack trace
  // was half the time of deciding a registration, and nobody reads it; so none is captured.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new DomainError(
      CalendarErrorCode.yearUnknown,
      'rule',
      `The working-day calendar for ${year} is not known; it must be published before dates in ${year} can be counted`,
      { year },
    );
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export function invalidDate(value: unknown): DomainError {
  return new DomainError(
    CalendarErrorCode.invalidDate,
    'validation',
    `${JSON.stringify(value)} is not a calendar date YYYY-MM-DD`,
    {
      value,
    },
  );
}

export function invalidWorkingDayCount(n: number): DomainError {
  return new DomainError(
    CalendarErrorCode.invalidWorkingDayCount,
    'validation',
    `The number of working days must be an integer of at least 0, not ${n}`,
    { n },
  );
}

export function calendarInvalid(year: unknown, fieldErrors: Record<string, string[]>): DomainError {
  return new DomainError(
    CalendarErrorCode.calendarInvalid,
    'validation',
    `The calendar for ${String(year)} is invalid`,
    { year },
    fieldErrors,
  );
}
