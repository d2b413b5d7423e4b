export * from './decider-spec';
export * from './test-database';
export * from './event-in-old-transaction';
export * from './free-port';
export * from './event-loop-turns';
