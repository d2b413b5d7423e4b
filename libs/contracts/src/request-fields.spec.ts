import { validateSync } from 'class-validator';
import { IsCalendarDate, isInstant } from './request-fields';

class Dated {
  @IsCalendarDate()
  on!: unknown;
}

const dateErrors = (on: unknown) => validateSync(Object.assign(new Dated(), { on })).length;

describe('isInstant', () => {
  it.each([
    '2025-09-30T09:00:00+08:00',
    '2025-09-30T09:00+08:00',
    '2025-09-30T01:00:00.123Z',
    '2024-02-29T23:59:59.999999-05:30',
  ])('takes %s', (value) => expect(isInstant(value)).toBe(true));

  it.each([
    ['a bare date', '2025-09-30'],
    ['no offset', '2025-09-30T09:00:00'],
    ['a day the month does not have', '2025-02-29T09:00:00+08:00'],
    ['the 31st of a 30-day month', '2025-04-31T09:00:00+08:00'],
    ['hour 24', '2025-09-30T24:00:00Z'],
    ['a space for the T', '2025-09-30 09:00:00Z'],
    ['a number', 1759194000000],
  ])('refuses %s', (_, value) => expect(isInstant(value)).toBe(false));
});

describe('IsCalendarDate', () => {
  it('takes a date that exists, and nothing else', () => {
    expect(dateErrors('2024-02-29')).toBe(0);
    expect(dateErrors('2025-02-29')).toBe(1);
    expect(dateErrors('2025-13-01')).toBe(1);
    expect(dateErrors('2025-9-30')).toBe(1);
    expect(dateErrors('2025-09-30T00:00:00Z')).toBe(1);
    expect(dateErrors(20250930)).toBe(1);
  });
});
