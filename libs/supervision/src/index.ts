export * from './alert-detection';
export * from './alert-detection.module';
export * from './alert-detectors.reactor';
export * from './alert-schedule';
export * from './alert-deadline.watcher';
export * from './pending-deadlines.reactor';
export * from './1764700400000-create-operations-awaiting-calendar';
