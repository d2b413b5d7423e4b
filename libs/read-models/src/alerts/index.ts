export * from './1764600700000-alert-cases';
export * from './1764305000000-create-alerts';
export * from './alert.queries';
export * from './alert.view';
export * from './alerts.projection';
