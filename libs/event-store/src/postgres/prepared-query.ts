import type { Pool } from 'pg';
import { DatabaseError } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * A hot statement of fixed text as a named prepared statement on the data source's own pg pool: each connection
 * parses and plans it once. TypeORM sends every statement unnamed, planned anew on each call, which for short
 * statements costs PostgreSQL as much as executing them.
 *
 * The connection is checked out and returned here rather than through pool.query, which closes the connection on
 * any error: an error the server answers (a version conflict, a repeated event id) leaves the connection sound,
 * and reconnecting cost ~25 ms and the connection's prepared statements each time. Only other errors (the
 * connection itself failing) discard it.
 */
export async function preparedQuery<Row>(
  dataSource: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<Row[]> {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const client = await pool.connect();
  try {
    const result = await client.query({ name, text, values });
    client.release();
    return result.rows as Row[];
  } catch (error) {
    client.release(error instanceof DatabaseError ? undefined : (error as Error));
    throw error;
  }
}
