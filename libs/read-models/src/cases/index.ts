export * from './1764600710000-create-cases';
export * from './case-outcome.view';
export * from './case.view';
export * from './cases.projection';
export * from './cases.queries';
