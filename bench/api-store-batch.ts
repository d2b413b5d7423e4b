import { randomBytes } from 'node:crypto';
import { AppendRequest, newEventId, openDatabase, PostgresEventStore } from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/projections';
import { BATCH_APPEND_CHUNK } from '../apps/api/src/operations/operations.service';
import { percentile } from './api-raw-insert';

export interface StoreBatchResult {
  transactions: number;
  /** Registrations (new streams) per second. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The ceiling under the batch endpoint: the event store alone writing `size` new streams of one event each (the
 * stored registration's data and metadata, under a type no projection handles) per transaction, in appends of BATCH_APPEND_CHUNK as the endpoint writes
 * them, from `callers` concurrent callers for `seconds`. No HTTP, validation or deciding.
 */
export async function storeBatchAppends(
  databaseUrl: string,
  sample: { data: unknown; metadata: unknown },
  size: number,
  callers: number,
  seconds: number,
): Promise<StoreBatchResult> {
  const dataSource = await openDatabase(databaseUrl, { migrations: ALL_MIGRATIONS, poolSize: callers });
  const store = new PostgresEventStore(dataSource);
  try {
    const run = randomBytes(4).toString('hex');
    let next = 0;
    const requests = (): AppendRequest[] =>
      Array.from({ length: size }, () => ({
        streamId: `operation-store-${run}-${(next += 1)}`,
        expectedVersion: 'no-stream' as const,
        events: [
          {
            eventId: newEventId(),
            // Not an operation event: the projector reads it and leaves every read model alone.
            type: 'BenchRegistration',
            data: sample.data,
            metadata: sample.metadata as Record<string, unknown>,
          },
        ],
      }));
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (performance.now() < deadline) {
          const batch = requests();
          const begun = performance.now();
          await dataSource.transaction(async (manager) => {
            for (let start = 0; start < batch.length; start += BATCH_APPEND_CHUNK) {
              await store.appendMany(batch.slice(start, start + BATCH_APPEND_CHUNK), manager);
            }
          });
          latencies.push(performance.now() - begun);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      transactions: latencies.length,
      perSecond: Math.round((latencies.length * size) / elapsed),
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
    };
  } finally {
    await dataSource.destroy();
  }
}
