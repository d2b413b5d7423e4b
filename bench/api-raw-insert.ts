import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { uuidv7 } from 'uuidv7';
import { Timed, timedLoops } from './api-timing';

/**
 * The floor under a registration: plain INSERTs of a row shaped like the stored OperationRegistered event (its data
 * and metadata as the API stored them) into a copy of the events table with the same indexes, from `clients`
 * concurrent connections for `seconds`. No version check, no hash chain, no HTTP.
 */
export async function rawInserts(
  databaseUrl: string,
  sample: { data: unknown; metadata: unknown },
  clients: number,
  seconds: number,
): Promise<Timed> {
  const pool = new Pool({ connectionString: databaseUrl, max: clients });
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
