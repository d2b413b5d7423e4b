export * from './1764302000000-create-departments';
export * from './department-directory.service';
export * from './departments.projection';
