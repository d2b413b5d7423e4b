export * from './open-app-database';
export * from './shutdown-signals';
export * from './projector-app.module';
