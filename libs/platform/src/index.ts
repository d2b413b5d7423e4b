export * from './clock';
export * from './micro-batcher';
export * from './shutdown-signals';
export * from './turn-budget';
export * from './background-priority';
export * from './opened-once';
