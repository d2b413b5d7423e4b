export * from './alerts';
export * from './calendars';
export * from './cases';
export * from './catalogue';
export * from './departments';
export * from './idempotency';
export * from './operations';
export * from './supervision-office';
