export * from './department.commands';
export * from './department.decide';
export * from './department.errors';
export * from './department.events';
export * from './department.state';
