export * from './1764800000000-create-supervision-records';
export * from './supervision-records.projection';
export * from './supervision-records.queries';
