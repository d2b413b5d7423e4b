export { CalendarErrorCode } from './calendar.errors';
export { endOfWorkingDay } from './calendar-date';
export * from './calendar-year';
export * from './official-calendar';
export * from './working-calendar';
