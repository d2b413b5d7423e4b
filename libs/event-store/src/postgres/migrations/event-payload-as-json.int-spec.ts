import { createTestDatabase, TestDatabase } from '@app/testing';
import { AppendRequest } from '../../event-store.port';
import { newEventId, PostgresEventStore } from '../postgres-event-store';
import { EventPayloadAsJson1764500200000 } from './1764500200000-event-payload-as-json';

/**
 * Converting the payload columns rewrites every stored row's representation but none of its content: the events
 * written before (as jsonb, keys reordered and spacing normalised) read back the same and their chains still
 * verify, and both append paths keep working on either side of the conversion.
 */
describe('EventPayloadAsJson1764500200000', () => {
  let db: TestDatabase;
  const migration = new EventPayloadAsJson1764500200000();
  const data = { zeta: [1.5, 1e-7, 'é"\\\n'], 名称: '准运证', a: { long_key: 1, b: null } };
  const append = (store: PostgresEventStore, streamId: string, expectedVersion: AppendRequest['expectedVersion']) =>
    store.append({
      streamId,
      expectedVersion,
      events: [{ eventId: newEventId(), type: 'Noted', data, metadata: { actor: { id: 't', role: 'admin' } } }],
    });
  const columnTypes = async () =>
    (
      await db.dataSource.query<{ column_name: string; data_type: string }[]>(
        `SELECT column_name, data_type FROM information_schema.columns
          WHERE table_name = 'events' AND column_name IN ('data', 'metadata') ORDER BY column_name`,
      )
    ).map((column) => column.data_type);

  beforeAll(async () => {
    db = await createTestDatabase(4);
  });
  afterAll(async () => db.drop());

  it('keeps every stored event readable and verifiable when converted down and up again', async () => {
    expect(await columnTypes()).toEqual(['json', 'json']);
    const owner = await db.owner();
    const runner = owner.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await columnTypes()).toEqual(['jsonb', 'jsonb']);
      // Written as the previous schema stored them: by this store (in-process chain) and by append_event().
      await append(new PostgresEventStore(db.dataSource), 'payload-before-1', 'no-stream');
      await append(new PostgresEventStore(db.dataSource), 'payload-before-1', 'any');
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await columnTypes()).toEqual(['json', 'json']);

    const store = new PostgresEventStore(db.dataSource);
    await append(store, 'payload-before-1', 2);
    await append(new PostgresEventStore(db.dataSource), 'payload-after-1', 'any');
    for (const streamId of ['payload-before-1', 'payload-after-1']) {
      const events = await store.readStream(streamId);
      expect(events.map((event) => event.data)).toEqual(events.map(() => data));
      expect(await store.verifyStream(streamId)).toMatchObject({ broken: [] });
    }
    expect(await store.verifyAll()).toMatchObject({ broken: [] });
  });
});
