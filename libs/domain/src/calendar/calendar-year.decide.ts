import { assertNever, Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { Approval } from '../power/power.types';
import { calendarInvalid } from './calendar.errors';
import { tryParseDate } from './calendar-date';
import { validateCalendarYear } from './calendar-year';
import { CalendarCommand, PublishCalendarYear, PublishHolidayNotice } from './calendar-year.commands';
import { calendarYearErrors } from './calendar-year.errors';
import { CalendarEvent, CalendarYearPublished } from './calendar-year.events';
import { CalendarState, initialCalendarState, knownCalendarYear } from './calendar-year.state';
import { calendarYearOfNotice, HOLIDAY_NOTICE_AUTHORITY, HolidayPeriod } from './holiday-notice';

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The year's dates (validateCalendarYear) and the publication's own fields, all reported in one CALENDAR_INVALID. */
function checkPublication(command: PublishCalendarYear): void {
  const fieldErrors: Record<string, string[]> = {};
  try {
    validateCalendarYear(command);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    Object.assign(fieldErrors, error.fieldErrors);
  }
  const addError = (field: string, message: string): void => {
    (fieldErrors[field] ??= []).push(message);
  };
  if (!isNonEmptyString(command.source)) addError('source', 'must not be empty');
  if (command.reason !== undefined && !isNonEmptyString(command.reason)) addError('reason', 'must not be empty');
  if (command.approval !== undefined) {
    const approval: unknown = command.approval;
    if (!isPlainObject(approval)) {
      addError('approval', 'must give authority, documentNo and date');
    } else {
      if (!isNonEmptyString(approval.authority)) addError('approval.authority', 'must not be empty');
      if (!isNonEmptyString(approval.documentNo)) addError('approval.documentNo', 'must not be empty');
      if (!tryParseDate(approval.date)) addError('approval.date', 'must be a calendar date YYYY-MM-DD');
    }
  }
  if (Object.keys(fieldErrors).length > 0) throw calendarInvalid(command.year, fieldErrors);
}

const sameDates = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((date, index) => date === b[index]);

/**
 * A year not yet known is simply published. A known year (built in, or published before) may be published again only
 * as a correction with a reason, and only if its dates really change: deadlines already computed keep the calendar
 * version they were computed with, so a correction never rewrites them silently.
 */
function publish(command: PublishCalendarYear, state: CalendarState): CalendarYearPublished {
  if (command.actor.role !== 'admin') throw calendarYearErrors.forbiddenRole(command.actor.role);
  checkPublication(command);
  const holidays = [...command.holidays].sort();
  const workdays = [...command.workdays].sort();
  const known = knownCalendarYear(state, command.year);
  if (known) {
    if (command.reason === undefined) throw calendarYearErrors.exists(command.year);
    if (sameDates(known.holidays, holidays) && sameDates(known.workdays, workdays)) {
      throw calendarYearErrors.unchanged(command.year);
    }
  }
  const approval: Approval | undefined = command.approval && {
    authority: command.approval.authority.trim(),
    documentNo: command.approval.documentNo.trim(),
    date: command.approval.date,
  };
  return {
    type: 'CalendarYearPublished',
    data: {
      year: command.year,
      holidays,
      workdays,
      source: command.source.trim(),
      ...(approval ? { approval } : {}),
      ...(command.reason !== undefined ? { reason: command.reason.trim() } : {}),
    },
  };
}

/** The notice's year published as PublishCalendarYear would publish it, with the notice's periods recorded beside. */
function publishNotice(command: PublishHolidayNotice, state: CalendarState): CalendarYearPublished {
  if (command.actor.role !== 'admin') throw calendarYearErrors.forbiddenRole(command.actor.role);
  const { notice } = command;
  const calendarYear = calendarYearOfNotice(notice);
  const documentNo = notice.documentNo.trim();
  const published = publish(
    {
      type: 'PublishCalendarYear',
      actor: command.actor,
      ...calendarYear,
      source: documentNo,
      approval: { authority: notice.authority ?? HOLIDAY_NOTICE_AUTHORITY, documentNo, date: notice.date },
      ...(command.reason !== undefined ? { reason: command.reason } : {}),
    },
    state,
  );
  const holidayPeriods = notice.holidays.map((period): HolidayPeriod => ({
    name: period.name.trim(),
    firstDayOff: period.firstDayOff,
    lastDayOff: period.lastDayOff,
    workdays: [...period.workdays].sort(),
  }));
  return { ...published, data: { ...published.data, holidayPeriods } };
}

export function decideCalendar(command: CalendarCommand, state: CalendarState): CalendarEvent[] {
  switch (command.type) {
    case 'PublishCalendarYear':
      return [publish(command, state)];
    case 'PublishHolidayNotice':
      return [publishNotice(command, state)];
    default:
      return assertNever(command, 'calendar command');
  }
}

export function evolveCalendar(state: CalendarState, event: CalendarEvent): CalendarState {
  switch (event.type) {
    case 'CalendarYearPublished': {
      const version = state.status === 'amended' ? state.version + 1 : 1;
      const published = state.status === 'amended' ? state.published : {};
      return {
        status: 'amended',
        version,
        published: { ...published, [event.data.year]: { ...event.data, version } },
      };
    }
    default:
      return assertNever(event.type, 'calendar event');
  }
}

export const calendarDecider: Decider<CalendarCommand, CalendarEvent, CalendarState> = {
  initialState: initialCalendarState,
  decide: decideCalendar,
  evolve: evolveCalendar,
};
