export * from './rectification.types';
export * from './rectification.decide';
export * from './rectification.detector';
export * from './rectification.view';
