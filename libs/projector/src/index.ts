export * from './1764300100000-create-projection-checkpoints';
export * from './1764600350000-projection-failures';
export * from './projection';
export * from './projection-runner';
export * from './projector.module';
export * from './projection-lagging.error';
