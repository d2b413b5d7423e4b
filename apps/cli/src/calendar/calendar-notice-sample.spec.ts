import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarYearOfNotice, officialCalendar } from '@app/domain';
import { parseNotice } from './calendar.command';

const SAMPLE = join(__dirname, '../../../../samples/calendar-2025-notice.json');

describe('samples/calendar-2025-notice.json (国办发明电〔2024〕12号)', () => {
  const notice = parseNotice(readFileSync(SAMPLE, 'utf8'));

  it('gives exactly the days off and make-up working days of 2025 in the shipped chinese-days dataset', () => {
    expect(calendarYearOfNotice(notice)).toEqual(officialCalendar().calendarYear(2025));
  });

  it('is the notice of 12 November 2024, with its six holidays', () => {
    expect(notice).toMatchObject({ year: 2025, documentNo: '国办发明电〔2024〕12号', date: '2024-11-12' });
    expect(notice.holidays.map((period) => period.name)).toEqual([
      '元旦',
      '春节',
      '清明节',
      '劳动节',
      '端午节',
      '国庆节、中秋节',
    ]);
  });
});
