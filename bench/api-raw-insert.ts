import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { uuidv7 } from 'uuidv7';

export interface RawInsertResult {
  inserts: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

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
): Promise<RawInsertResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: clients });
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS raw_registrations
         (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING IDENTITY)`,
    );
    const hash = randomBytes(32);
    const run = randomBytes(4).toString('hex');
    const insert = (i: number) =>
      pool.query(
        `INSERT INTO raw_registrations (event_id, stream_id, stream_version, type, schema_version, data, metadata,
           recorded_at, prev_hash, hash) VALUES ($1, $2, 1, 'OperationRegistered', 1, $3, $4, now(), $5, $5)`,
        [uuidv7(), `operation-raw-${run}-${i}`, sample.data, sample.metadata, hash],
      );
    let next = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const begun = performance.now();
          await insert((next += 1));
          latencies.push(performance.now() - begun);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      inserts: latencies.length,
      perSecond: Math.round(latencies.length / elapsed),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
    };
  } finally {
    await pool.end();
  }
}
