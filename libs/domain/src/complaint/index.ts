export * from './complaint.types';
export * from './complaint.decide';
export * from './complaint.detector';
export * from './complaint.view';
