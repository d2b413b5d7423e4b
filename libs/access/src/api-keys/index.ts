export * from './1764300200000-create-api-keys';
export * from './api-key.events';
export * from './api-key.format';
export * from './api-key.principal';
export * from './api-key.service';
export * from './department-directory';
