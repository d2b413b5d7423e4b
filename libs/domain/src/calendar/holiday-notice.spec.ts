import { DomainError } from '../shared/domain-error';
import { calendarMonthsOf, calendarYearOfNotice, HolidayNotice } from './holiday-notice';
import { officialCalendar } from './official-calendar';

/** A hypothetical 2027 notice: New Year, and a Spring Festival week with one Saturday worked in return. */
const NOTICE: HolidayNotice = {
  year: 2027,
  documentNo: '国办发明电〔2026〕7号',
  date: '2026-11-10',
  holidays: [
    { name: '春节', firstDayOff: '2027-02-06', lastDayOff: '2027-02-12', workdays: ['2027-02-20'] },
    { name: '元旦', firstDayOff: '2027-01-01', lastDayOff: '2027-01-03', workdays: [] },
  ],
};

function fieldErrorsOf(notice: unknown): Record<string, string[]> {
  try {
    calendarYearOfNotice(notice as HolidayNotice);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error).toMatchObject({ code: 'CALENDAR_INVALID', category: 'validation' });
    return error.fieldErrors;
  }
  throw new Error('expected CALENDAR_INVALID, nothing was thrown');
}

describe('the year a holiday notice describes', () => {
  it('has every day of each period off and the make-up days worked, sorted', () => {
    expect(calendarYearOfNotice(NOTICE)).toEqual({
      year: 2027,
      holidays: [
        ...['2027-01-01', '2027-01-02', '2027-01-03'],
        ...['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
      ],
      workdays: ['2027-02-20'],
    });
  });

  it('names every fault by its place in the notice, all at once', () => {
    expect(
      fieldErrorsOf({
        year: 2027,
        documentNo: ' ',
        date: '2026-11-31',
        authority: '',
        holidays: [
          { name: '', firstDayOff: '2026-12-31', lastDayOff: '2027-01-03', workdays: ['2027-01-04'] },
          { name: '春节', firstDayOff: '2027-02-12', lastDayOff: '2027-02-06', workdays: '2027-02-20' },
          {
            name: '补休',
            firstDayOff: '2027-01-02',
            lastDayOff: '2027-01-02',
            workdays: ['2027-01-02', '2027-01-09', '2027-01-09'],
          },
          '国庆节',
        ],
      }),
    ).toEqual({
      'notice.documentNo': ['must not be empty'],
      'notice.date': ['must be a calendar date YYYY-MM-DD'],
      'notice.authority': ['must not be empty'],
      'notice.holidays[0].name': ['must not be empty'],
      'notice.holidays[0].firstDayOff': [
        '2026-12-31 is not in 2027; a day of another year is published with that year',
      ],
      'notice.holidays[0].workdays[0]': ['2027-01-04 is not a Saturday or Sunday'],
      'notice.holidays[1].lastDayOff': ['2027-02-06 is before 2027-02-12'],
      'notice.holidays[1].workdays': ['must be a list of calendar dates YYYY-MM-DD (empty when none)'],
      'notice.holidays[2].workdays[0]': ['2027-01-02 is a day off of 补休'],
      'notice.holidays[2].workdays[2]': ['2027-01-09 is listed more than once'],
      'notice.holidays[3]': ['must give name, firstDayOff, lastDayOff and workdays'],
    });
  });

  it('refuses periods that overlap', () => {
    const overlapping = {
      ...NOTICE,
      holidays: [
        ...NOTICE.holidays,
        { name: '补假', firstDayOff: '2027-02-12', lastDayOff: '2027-02-13', workdays: [] },
      ],
    };
    expect(fieldErrorsOf(overlapping)).toEqual({ 'notice.holidays[2]': ['2027-02-12 is already off for 春节'] });
  });

  it.each([
    ['no object', null, { notice: ['must be the notice as an object'] }],
    [
      'no year and no list',
      { documentNo: 'x', date: '2026-11-10' },
      {
        'notice.year': ['must be an integer from 1 to 9999'],
        'notice.holidays': ['must be a list of holiday periods'],
      },
    ],
  ])('refuses %s', (_, notice, errors) => {
    expect(fieldErrorsOf(notice)).toEqual(errors);
  });
});

describe('a year month by month', () => {
  it('counts the working days and lists the holidays and the weekend days worked of each month', () => {
    const months = calendarMonthsOf(calendarYearOfNotice(NOTICE));
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({
      month: 1,
      workingDays: 20,
      holidays: ['2027-01-01', '2027-01-02', '2027-01-03'],
      workdays: [],
    });
    expect(months[1]).toMatchObject({ month: 2, workingDays: 16, workdays: ['2027-02-20'] });
    expect(months[2]).toEqual({ month: 3, workingDays: 23, holidays: [], workdays: [] });
  });

  it('adds up to the working days the calendar counts over the year', () => {
    const shipped = officialCalendar().calendarYear(2024);
    const total = calendarMonthsOf(shipped).reduce((sum, month) => sum + month.workingDays, 0);
    expect(total).toBe(officialCalendar().workingDaysBetween('2023-12-31', '2024-12-31'));
    expect(calendarMonthsOf(shipped)[1].holidays).toEqual(shipped.holidays.filter((d) => d.startsWith('2024-02')));
  });
});
