export * from './1764301000000-create-power-catalogue';
export * from './catalogue-timeline';
export * from './catalogue.projection';
export * from './catalogue.queries';
