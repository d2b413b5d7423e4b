export * from './finding.types';
export * from './finding.decide';
