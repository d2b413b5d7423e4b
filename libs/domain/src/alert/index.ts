export * from './alert.commands';
export * from './alert.decide';
export * from './alert.errors';
export * from './alert.events';
export * from './alert.state';
export * from './alert.types';
export * from './power-publication.detector';
export * from './alert-subject';
