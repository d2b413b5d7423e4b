export * from './1764304000000-create-operations';
export * from './1764800200000-operations-list-indexes';
export * from './counterparty-mask';
export * from './operation-power';
export * from './operations.projection';
export * from './operations.queries';
