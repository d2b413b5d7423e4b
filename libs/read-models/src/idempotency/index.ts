export * from './1764301100000-create-idempotency-keys';
