import { randomBytes } from 'node:crypto';
import { AppendRequest, newEventId, openDatabase, PostgresEventStore } from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { Timed, timedLoops } from './api-timing';

/**
 * The ceiling under the batch endpoint: the event store alone writing `size` new streams of one event each (the
 * stored registration's data and metadata, under a type no projection handles) per transaction, with appendBatch as
 * the endpoint writes them, from `callers` concurrent callers for `seconds`. No HTTP,
 * validation or deciding. `calls` are transactions.
 */
export async function storeBatchAppends(
  databaseUrl: string,
  sample: { data: unknown; metadata: unknown },
  size: number,
  callers: number,
  seconds: number,
): Promise<Timed> {
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
    return await timedLoops(callers, seconds, async () => {
      const batch = requests();
      await store.appendBatch(batch);
    });
  } finally {
    await dataSource.destroy();
  }
}
