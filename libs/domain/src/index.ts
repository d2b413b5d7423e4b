export * from './shared/decider';
export * from './shared/domain-error';
export * from './calendar';
export * from './power';
export * from './department';
export * from './operation';
export * from './alert';
export * from './case';
