export * from './migrations';
export * from './runner/projection';
export * from './runner/projection-runner';
export * from './catalogue';
export * from './idempotency';
export * from './departments';
export * from './calendars';
