export * from './open-app-database';
export * from './shutdown-signals';
