export * from './inspection.types';
export * from './inspection.decide';
export * from './inspection.sample';
export * from './inspection.view';
