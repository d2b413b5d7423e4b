export * from './finding.types';
export * from './finding.decide';
export * from './finding.view';
