import { Actor, Approval } from '../power/power.types';
import { CalendarYear } from './calendar-year';
import { HolidayNotice } from './holiday-notice';

/**
 * Publishes one year of the official calendar (国务院办公厅关于…部分节假日安排的通知). `reason` is required when the
 * year is already known (built in or published before): then the publication is a correction, as when the State
 * Council extended the 2020 Spring Festival holiday after the original notice.
 */
export interface PublishCalendarYear extends CalendarYear {
  type: 'PublishCalendarYear';
  actor: Actor;
  /** Where the dates come from, e.g. the notice's document number 国办发明电〔2026〕…号. */
  source: string;
  approval?: Approval;
  reason?: string;
}

/**
 * Publishes the year a State Council notice describes, the notice itself as data: its holiday periods become the
 * year's days off, its document number the source, and the periods are recorded with the year. Otherwise exactly
 * PublishCalendarYear: the same roles, rules and corrections.
 */
export interface PublishHolidayNotice {
  type: 'PublishHolidayNotice';
  actor: Actor;
  notice: HolidayNotice;
  reason?: string;
}

export type CalendarCommand = PublishCalendarYear | PublishHolidayNotice;
