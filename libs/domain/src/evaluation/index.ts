export * from './evaluation';
export * from './period';
