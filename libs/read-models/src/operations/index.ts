export * from './1764304000000-create-operations';
export * from './counterparty-mask';
export * from './operation-power';
export * from './operations.projection';
export * from './operations.queries';
