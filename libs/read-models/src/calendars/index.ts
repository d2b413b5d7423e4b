export * from './calendar-provider';
