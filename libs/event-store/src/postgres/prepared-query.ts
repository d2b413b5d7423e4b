import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A hot statement of fixed text as a named prepared statement on the data source's own pg pool: each connection
 * parses and plans it once. TypeORM sends every statement unnamed, planned anew on each call, which for short
 * statements costs PostgreSQL as much as executing them.
 */
export async function preparedQuery<Row>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const result = await pool.query({ name, text, values });
  return result.rows as Row[];
}
