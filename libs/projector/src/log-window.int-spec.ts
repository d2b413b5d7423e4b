import {
  checkpointAfter,
  compareCheckpoints,
  GlobalCheckpoint,
  newEventId,
  PostgresEventStore,
  RecordedEvent,
  START_OF_LOG,
} from '@app/event-store';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { LogWindow } from './log-window';

describe('LogWindow', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let streams = 0;

  const append = async (count: number): Promise<void> => {
    streams += 1;
    await store.append({
      streamId: `window-${streams}`,
      expectedVersion: 'no-stream',
      events: Array.from({ length: count }, (_, i) => ({ eventId: newEventId(), type: 'Noted', data: { i } })),
    });
  };

  /** Everything after `after`, read through `read` in batches of `limit`. */
  const drain = async (
    read: (options: { after: GlobalCheckpoint; limit: number }) => Promise<RecordedEvent[]>,
    after: GlobalCheckpoint,
    limit: number,
  ): Promise<string[]> => {
    const ids: string[] = [];
    let cursor = after;
    for (;;) {
      const batch = await read({ after: cursor, limit });
      if (batch.length === 0) return ids;
      ids.push(...batch.map((e) => e.eventId));
      cursor = checkpointAfter(batch[batch.length - 1]);
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase(8);
    store = new PostgresEventStore(db.dataSource);
    for (let i = 0; i < 12; i += 1) await append(5);
  });
  afterAll(async () => db.drop());

  it('gives from every cursor exactly what the database gives, whatever the window holds', async () => {
    const all = await drain((o) => store.readAll(o), START_OF_LOG, 1000);
    expect(all).toHaveLength(60);
    const window = new LogWindow(store, 25);
    const direct = await store.readAll({ after: START_OF_LOG, limit: 1000 });
    const cursors = [START_OF_LOG, ...direct.filter((_, i) => i % 7 === 0).map(checkpointAfter)];
    for (const limit of [1, 4, 50]) {
      for (const cursor of cursors) {
        const expected = all.slice(all.findIndex((_, i) => compareCheckpoints(checkpointAfter(direct[i]), cursor) > 0));
        expect(await drain((o) => window.readAll(o), cursor, limit)).toEqual(
          compareCheckpoints(cursor, checkpointAfter(direct[direct.length - 1])) >= 0 ? [] : expected,
        );
      }
    }
  });

  it('reads once from the database for readers waiting at its end, and then serves them all', async () => {
    const window = new LogWindow(store);
    await drain((o) => window.readAll(o), START_OF_LOG, 100);
    const end = (await store.readAll({ after: START_OF_LOG, limit: 1000 })).at(-1)!;
    await append(3);
    const reads = jest.spyOn(store, 'readAll');
    const batches = await Promise.all(
      Array.from({ length: 5 }, () => window.readAll({ after: checkpointAfter(end), limit: 10 })),
    );
    expect(reads).toHaveBeenCalledTimes(1);
    reads.mockRestore();
    for (const batch of batches) expect(batch.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
  });

  it('answers a caught-up reader with nothing, then with what is appended next', async () => {
    const window = new LogWindow(store);
    const seen = await drain((o) => window.readAll(o), START_OF_LOG, 100);
    const end = (await store.readAll({ after: START_OF_LOG, limit: 1000 })).at(-1)!;
    expect(await window.readAll({ after: checkpointAfter(end), limit: 10 })).toEqual([]);
    await append(2);
    const next = await window.readAll({ after: checkpointAfter(end), limit: 10 });
    expect(next).toHaveLength(2);
    expect(seen).not.toContain(next[0].eventId);
  });

  it('follows a cursor beyond its end, moved on by another process', async () => {
    const window = new LogWindow(store);
    const first = await window.readAll({ after: START_OF_LOG, limit: 5 });
    const direct = await store.readAll({ after: START_OF_LOG, limit: 30 });
    const ahead = checkpointAfter(direct[19]);
    expect((await window.readAll({ after: ahead, limit: 5 })).map((e) => e.eventId)).toEqual(
      direct.slice(20, 25).map((e) => e.eventId),
    );
    // A reader behind the new start still gets the log from the database.
    expect((await window.readAll({ after: checkpointAfter(first[0]), limit: 3 })).map((e) => e.eventId)).toEqual(
      direct.slice(1, 4).map((e) => e.eventId),
    );
  });
});
