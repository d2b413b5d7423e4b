import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { uuidv7 } from 'uuidv7';
import { Timed, timedLoops } from './api-timing';

/**
 * The floor under a registration: plain INSERTs of a row shaped like the stored OperationRegistered event (its data
 * and metadata as the API stored them) into a copy of the events table with the same indexes, from `clients`
 * concurrent callers for `seconds`. No version check, no hash chain, no HTTP. The callers share as many connections as
 * the server has left beside the API's own pools (as the API's callers share its pools): 64 more would exceed
 * PostgreSQL's default max_connections of 100 beside two HTTP workers and a projector.
 */
export async function rawInserts(
  databaseUrl: string,
  sample: { data: unknown; metadata: unknown },
  clients: number,
  seconds: number,
): Promise<Timed> {
  const pool = new Pool({ connectionString: databaseUrl, max: Math.min(clients, await freeConnections(databaseUrl)) });
  // Connections still closing when the benchmark stops its server must not end the process (see store.bench.ts).
  pool.on('error', () => undefined);
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS raw_registrations
         (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING IDENTITY)`,
    );
    const hash = randomBytes(32);
    const run = randomBytes(4).toString('hex');
    let next = 0;
    return await timedLoops(clients, seconds, async () => {
      await pool.query(
        `INSERT INTO raw_registrations (event_id, stream_id, stream_version, type, schema_version, data, metadata,
           recorded_at, prev_hash, hash) VALUES ($1, $2, 1, 'OperationRegistered', 1, $3, $4, now(), $5, $5)`,
        [uuidv7(), `operation-raw-${run}-${(next += 1)}`, sample.data, sample.metadata, hash],
      );
    });
  } finally {
    await pool.end();
  }
}

/** Connections the server still accepts from an ordinary login, less a few for the benchmark's own checks. */
async function freeConnections(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ free: number }>(
      `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
              - (SELECT count(*) FROM pg_stat_activity)::int AS free`,
    );
    const free = Math.max(1, rows[0].free - 4);
    console.log(`  (plain INSERTs over ${free} connections: what the server has left)`);
    return free;
  } finally {
    await client.end();
  }
}
