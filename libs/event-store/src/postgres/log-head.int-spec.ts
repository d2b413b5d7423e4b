import { createTestDatabase, insertEventInOldTransaction, TestDatabase } from '@app/testing';
import { START_OF_LOG } from '../reading';
import { PostgresEventStore } from './postgres-event-store';

const logHead = (db: TestDatabase) => new PostgresEventStore(db.dataSource).head();

describe('PostgresEventStore.head', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(2);
  });
  afterAll(async () => db.drop());

  it('is the start of the log when there are no events', async () => {
    expect(await logHead(db)).toEqual(START_OF_LOG);
  });

  it('is the last event in commit order, comparing transaction ids as numbers', async () => {
    await insertEventInOldTransaction(db.dataSource, '100', 'xid-later');
    await insertEventInOldTransaction(db.dataSource, '99', 'xid-earlier');
    const [later] = await db.dataSource.query<{ global_position: string }[]>(
      `SELECT global_position FROM events WHERE stream_id = 'xid-later'`,
    );
    expect(await logHead(db)).toEqual({ transactionId: '100', position: Number(later.global_position) });
  });
});
