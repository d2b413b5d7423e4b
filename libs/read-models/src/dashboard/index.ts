export * from './1764800100000-create-dashboard-facts';
export * from './dashboard-facts.projection';
export * from './dashboard-figures';
export * from './dashboard.queries';
export * from './evaluations.projection';
