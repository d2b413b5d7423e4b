import { GlobalCheckpoint, START_OF_LOG } from '@app/event-store/reading';
import { DataSource } from 'typeorm';

/**
 * The last event a reader of the global log can see now, in commit order (the events table's commit-order index,
 * read backwards): where a reader that wants only what comes next starts from. ORDER BY names the table so that
 * it sorts the xid8 column, not the text alias of the select list.
 */
export async function logHead(dataSource: DataSource): Promise<GlobalCheckpoint> {
  const rows = await dataSource.query<{ transaction_id: string; global_position: string }[]>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM events
      WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY events.transaction_id DESC, events.global_position DESC
      LIMIT 1`,
  );
  return rows.length === 0
    ? START_OF_LOG
    : { transactionId: rows[0].transaction_id, position: Number(rows[0].global_position) };
}
