import { deciderSpec } from '@app/testing/decider-spec';
import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { Actor, Approval } from '../power/power.types';
import { PublishCalendarYear, PublishHolidayNotice } from './calendar-year.commands';
import { HolidayNotice } from './holiday-notice';
import { calendarDecider } from './calendar-year.decide';
import { CalendarYearPublished, CalendarYearPublishedData } from './calendar-year.events';
import {
  calendarVersionOf,
  calendarYearsOf,
  knownCalendarYear,
  OFFICIAL_CALENDAR_SOURCE,
  workingCalendarOf,
} from './calendar-year.state';
import { officialCalendar } from './official-calendar';

const given = deciderSpec(calendarDecider);

const ADMIN: Actor = { id: 'ops-1', role: 'admin' };
const APPROVAL: Approval = { authority: '国务院办公厅', documentNo: '国办发明电〔2026〕7号', date: '2026-11-10' };

/** A hypothetical 2027 notice: New Year and a Spring Festival week off, one Saturday worked in return. */
const YEAR_2027 = {
  year: 2027,
  holidays: [
    ...['2027-02-12', '2027-02-11', '2027-02-10', '2027-02-09', '2027-02-08', '2027-02-07', '2027-02-06'],
    ...['2027-01-01', '2027-01-02', '2027-01-03'],
  ],
  workdays: ['2027-02-20'],
};
const SORTED_2027 = { ...YEAR_2027, holidays: [...YEAR_2027.holidays].sort() };

function publish(overrides: Partial<PublishCalendarYear> = {}): PublishCalendarYear {
  return { type: 'PublishCalendarYear', actor: ADMIN, ...YEAR_2027, source: '国办发明电〔2026〕7号', ...overrides };
}

function published(data: Partial<CalendarYearPublishedData> = {}): CalendarYearPublished {
  return { type: 'CalendarYearPublished', data: { ...SORTED_2027, source: '国办发明电〔2026〕7号', ...data } };
}

function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

describe('publishing a calendar year', () => {
  it('records a year not yet known, dates sorted', () => {
    given([]).when(publish()).then([published()]);
  });

  it('records the approval, trimmed', () => {
    given([])
      .when(publish({ approval: { ...APPROVAL, authority: ' 国务院办公厅 ' }, source: ' 国办发明电〔2026〕7号 ' }))
      .then([published({ approval: APPROVAL })]);
  });

  it('reports every invalid date and field in one CALENDAR_INVALID', () => {
    const error = given([])
      .when(
        publish({
          holidays: ['2027-02-30', '2026-12-31', '2027-01-01', '2027-01-01'],
          workdays: ['2027-01-04'],
          source: ' ',
          approval: { authority: '', documentNo: '国办发明电〔2026〕7号', date: '2026-13-01' },
          reason: '',
        }),
      )
      .thenThrows('CALENDAR_INVALID');
    expect(error.category).toBe('validation');
    expect(error.fieldErrors).toEqual({
      'holidays[0]': ['must be a calendar date YYYY-MM-DD'],
      'holidays[1]': ['2026-12-31 is not in 2027'],
      'holidays[3]': ['2027-01-01 is listed more than once'],
      'workdays[0]': ['2027-01-04 is not a Saturday or Sunday'],
      source: ['must not be empty'],
      reason: ['must not be empty'],
      'approval.authority': ['must not be empty'],
      'approval.date': ['must be a calendar date YYYY-MM-DD'],
    });
  });

  it('rejects a year outside 1–9999', () => {
    const error = given([])
      .when(publish({ year: 10000, holidays: [], workdays: [] }))
      .thenThrows('CALENDAR_INVALID');
    expect(Object.keys(error.fieldErrors)).toEqual(['year']);
  });

  it.each([['department'], ['reviewer'], ['supervisor'], ['investigator']] as const)('forbids the %s role', (role) => {
    expect(
      given([])
        .when(publish({ actor: { id: 'u', role } }))
        .thenThrows('FORBIDDEN_ROLE').category,
    ).toBe('forbidden');
  });

  describe('a year already built in (2010–2026)', () => {
    const builtIn2020 = officialCalendar().calendarYear(2020);

    it('is a conflict without a reason', () => {
      const error = given([])
        .when(publish({ ...builtIn2020, holidays: builtIn2020.holidays.slice(1) }))
        .thenThrows('CALENDAR_YEAR_EXISTS');
      expect(error.category).toBe('conflict');
      expect(error.fieldErrors).toEqual({ reason: ['is required to correct a year already known'] });
    });

    it('is corrected with a reason', () => {
      const holidays = builtIn2020.holidays.filter((date) => date !== '2020-01-31');
      given([])
        .when(publish({ ...builtIn2020, holidays, reason: '更正录入错误' }))
        .then([published({ ...builtIn2020, holidays, reason: '更正录入错误' })]);
    });

    it('is not republished with the same dates, even with a reason', () => {
      expect(
        given([])
          .when(publish({ ...builtIn2020, holidays: [...builtIn2020.holidays].reverse(), reason: '重新发布' }))
          .thenThrows('CALENDAR_UNCHANGED').category,
      ).toBe('rule');
    });
  });

  describe('a year published before', () => {
    it('is a conflict without a reason', () => {
      given([published()]).when(publish()).thenThrows('CALENDAR_YEAR_EXISTS');
    });

    it('is compared with its latest publication', () => {
      const corrected = { holidays: [...SORTED_2027.holidays, '2027-02-15'] };
      given([published()])
        .when(publish({ holidays: ['2027-02-15', ...SORTED_2027.holidays], reason: '补充春节假期' }))
        .then([published({ ...corrected, reason: '补充春节假期' })]);
      given([published(), published({ ...corrected, reason: '补充春节假期' })])
        .when(publish({ ...corrected, reason: '再次发布' }))
        .thenThrows('CALENDAR_UNCHANGED');
    });
  });
});

describe('the calendar a stream describes', () => {
  it('is the built-in calendar while nothing is published', () => {
    const state = fold(calendarDecider, []);
    expect(calendarVersionOf(state)).toBe(0);
    expect(workingCalendarOf(state)).toBe(officialCalendar());
    expect(thrown(() => workingCalendarOf(state).addWorkingDays('2026-12-31', 1)).code).toBe('CALENDAR_YEAR_UNKNOWN');
    expect(knownCalendarYear(state, 2027)).toBeUndefined();
  });

  it('answers working-day questions in a published year, across the year boundary', () => {
    const calendar = workingCalendarOf(fold(calendarDecider, [published()]));
    expect(calendar.knownYears()).toContain(2027);
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(calendar.isWorkingDay('2027-02-20')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-08')).toBe(false);
    expect(calendar.workingDaysBetween('2027-02-05', '2027-02-22')).toBe(7);
  });

  it('uses a correction instead of the built-in year', () => {
    const data2020 = officialCalendar().calendarYear(2020);
    const holidays = data2020.holidays.filter((date) => date !== '2020-01-31');
    const calendar = workingCalendarOf(fold(calendarDecider, [published({ ...data2020, holidays, reason: '更正' })]));
    expect(officialCalendar().isWorkingDay('2020-01-31')).toBe(false);
    expect(calendar.isWorkingDay('2020-01-31')).toBe(true);
  });

  it('lists every known year with its source, the published ones with their stream version', () => {
    const state = fold(calendarDecider, [
      published({ approval: APPROVAL }),
      published({ holidays: [...SORTED_2027.holidays, '2027-02-15'], reason: '补充' }),
    ]);
    expect(calendarVersionOf(state)).toBe(2);
    const years = calendarYearsOf(state);
    expect(years.map((y) => y.year)).toEqual([...officialCalendar().knownYears(), 2027]);
    expect(years[0]).toEqual({ ...officialCalendar().calendarYear(2010), source: OFFICIAL_CALENDAR_SOURCE });
    expect(years[years.length - 1]).toEqual({
      ...SORTED_2027,
      holidays: [...SORTED_2027.holidays, '2027-02-15'],
      source: '国办发明电〔2026〕7号',
      reason: '补充',
      version: 2,
    });
  });
});

describe('publishing a year from the State Council notice', () => {
  const PERIODS = [
    { name: '元旦', firstDayOff: '2027-01-01', lastDayOff: '2027-01-03', workdays: [] },
    { name: ' 春节 ', firstDayOff: '2027-02-06', lastDayOff: '2027-02-12', workdays: ['2027-02-20'] },
  ];
  const NOTICE: HolidayNotice = {
    year: 2027,
    documentNo: ' 国办发明电〔2026〕7号 ',
    date: '2026-11-10',
    holidays: PERIODS,
  };

  function publishNotice(overrides: Partial<PublishHolidayNotice> = {}): PublishHolidayNotice {
    return { type: 'PublishHolidayNotice', actor: ADMIN, notice: NOTICE, ...overrides };
  }

  it('records the year with the notice as source and approval, and the periods as the notice states them', () => {
    given([])
      .when(publishNotice())
      .then([
        published({
          approval: { authority: '国务院办公厅', documentNo: '国办发明电〔2026〕7号', date: '2026-11-10' },
          holidayPeriods: [PERIODS[0], { ...PERIODS[1], name: '春节' }],
        }),
      ]);
  });

  it('records the authority the notice names', () => {
    given([])
      .when(publishNotice({ notice: { ...NOTICE, authority: '国务院' } }))
      .thenMatches([{ data: { approval: { authority: '国务院', documentNo: '国办发明电〔2026〕7号' } } }]);
  });

  it('reports a malformed notice under notice.', () => {
    const error = given([])
      .when(publishNotice({ notice: { ...NOTICE, holidays: [{ ...PERIODS[0], workdays: ['2027-01-04'] }] } }))
      .thenThrows('CALENDAR_INVALID');
    expect(error.fieldErrors).toEqual({ 'notice.holidays[0].workdays[0]': ['2027-01-04 is not a Saturday or Sunday'] });
  });

  it('forbids every role but admin', () => {
    given([])
      .when(publishNotice({ actor: { id: 'u', role: 'reviewer' } }))
      .thenThrows('FORBIDDEN_ROLE');
  });

  it('follows the rules of a known year: a reason to correct it, and only with other dates', () => {
    given([published()]).when(publishNotice()).thenThrows('CALENDAR_YEAR_EXISTS');
    given([published()])
      .when(publishNotice({ reason: '重新发布' }))
      .thenThrows('CALENDAR_UNCHANGED');
    const extended = [PERIODS[0], { ...PERIODS[1], lastDayOff: '2027-02-13' }];
    given([published()])
      .when(publishNotice({ notice: { ...NOTICE, holidays: extended }, reason: '延长春节假期' }))
      .then([
        published({
          holidays: [...SORTED_2027.holidays, '2027-02-13'],
          approval: { authority: '国务院办公厅', documentNo: '国办发明电〔2026〕7号', date: '2026-11-10' },
          reason: '延长春节假期',
          holidayPeriods: [PERIODS[0], { ...extended[1], name: '春节' }],
        }),
      ]);
  });
});
