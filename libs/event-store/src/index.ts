export * from './event-store.port';
export * from './event-store.errors';
export * from './hash-chain';
export * from './postgres/postgres-event-store';
export * from './postgres/database';
export * from './postgres/migrations';
export * from './handle-command';
export * from './event-store.module';
