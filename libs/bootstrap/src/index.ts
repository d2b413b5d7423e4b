export * from './migrations';
export * from './projections';
export * from './open-app-database';
export * from './projector-app.module';
