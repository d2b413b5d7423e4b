export * from './1764301000000-create-power-catalogue';
export * from './1764600300000-catalogue-review';
export * from './catalogue-timeline';
export * from './catalogue.projection';
export * from './catalogue.queries';
