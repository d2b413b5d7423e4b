import { DataSource } from 'typeorm';
import { canonicalEnvelope, chainHash, GENESIS_HASH, newEventId } from '@app/event-store';

/**
 * Stores the first event of a new stream as if an old transaction with the given id had written it, with a valid
 * chain link, so tests can set up transaction ids the server would take a long time to reach (such as 99 and 100,
 * which sort differently as numbers and as text).
 */
export async function insertEventInOldTransaction(
  dataSource: DataSource,
  transactionId: string,
  streamId: string,
): Promise<void> {
  const envelope = {
    eventId: newEventId(),
    type: 'Noted',
    schemaVersion: 1,
    data: {},
    metadata: {},
    recordedAt: '2025-01-01T00:00:00.000Z',
  };
  const hash = chainHash(GENESIS_HASH, streamId, 1, canonicalEnvelope(envelope));
  await dataSource.query(
    `INSERT INTO events (transaction_id, event_id, stream_id, stream_version, type, schema_version, data, metadata,
                         recorded_at, prev_hash, hash)
     VALUES ($1::xid8, $2, $3, 1, $4, 1, '{}', '{}', $5, decode($6, 'hex'), decode($7, 'hex'))`,
    [transactionId, envelope.eventId, streamId, envelope.type, envelope.recordedAt, GENESIS_HASH, hash],
  );
}
