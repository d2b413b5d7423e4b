export * from './operation.commands';
export {
  calendarDaysBetween,
  computeOperationDeadlines,
  extendOperationDeadlines,
  yellowThresholdDays as operationYellowThresholdDays,
} from './operation.deadlines';
export type { ComputedOperationDeadlines, OperationDeadlineExtension } from './operation.deadlines';
export * from './operation.decide';
export * from './operation.detectors';
export * from './operation.errors';
export * from './operation.events';
export * from './operation.state';
export * from './operation.types';
export * from './operation-power';
