import { AlertSubject, AlertSubjectKind } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';

/** NOTIFY channel: the schedule changed, so a sleeping deadline watcher must look at it again. It carries no data. */
export const ALERT_SCHEDULE_CHANNEL = 'alert_schedule_changed';

export interface ScheduleEntry {
  subject: AlertSubject;
  /** Null: nothing can become due by time alone, the subject leaves the schedule. */
  nextCheckAt: string | null;
}

/**
 * Writes the next check of each subject in the caller's transaction (the reactor's, with its checkpoint; the
 * watcher's, with its claim), and tells waiting watchers once that transaction commits (NOTIFY is transactional).
 */
export async function reschedule(tx: EntityManager, entries: readonly ScheduleEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const kinds = (list: readonly ScheduleEntry[]) => list.map((e) => e.subject.kind);
  const ids = (list: readonly ScheduleEntry[]) => list.map((e) => e.subject.id);
  const done = entries.filter((e) => e.nextCheckAt === null);
  const pending = entries.filter((e) => e.nextCheckAt !== null);
  if (done.length > 0) {
    await tx.query(
      `DELETE FROM alert_schedule s USING unnest($1::text[], $2::text[]) AS d(kind, id)
        WHERE s.subject_kind = d.kind AND s.subject_id = d.id`,
      [kinds(done), ids(done)],
    );
  }
  if (pending.length > 0) {
    await tx.query(
      `INSERT INTO alert_schedule (subject_kind, subject_id, next_check_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
       ON CONFLICT (subject_kind, subject_id)
       DO UPDATE SET next_check_at = EXCLUDED.next_check_at, updated_at = now()`,
      [kinds(pending), ids(pending), pending.map((e) => e.nextCheckAt)],
    );
  }
  await tx.query(`SELECT pg_notify('${ALERT_SCHEDULE_CHANNEL}', '')`);
}

/**
 * Locks up to `limit` subjects due at `now`, earliest first, for the rest of the caller's transaction. Rows another
 * watcher (or the reactor) holds are skipped, not waited for: several projector processes share the work.
 */
export async function claimDue(tx: EntityManager, now: Date, limit: number): Promise<AlertSubject[]> {
  const rows = await tx.query<{ subject_kind: AlertSubjectKind; subject_id: string }[]>(
    `SELECT subject_kind, subject_id FROM alert_schedule
      WHERE next_check_at <= $1
      ORDER BY next_check_at
      LIMIT $2
      FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  );
  return rows.map((row) => ({ kind: row.subject_kind, id: row.subject_id }));
}

/** The earliest next check of any subject, or undefined when the schedule is empty. */
export async function earliestCheck(dataSource: DataSource): Promise<Date | undefined> {
  const [row] = await dataSource.query<{ next: Date | null }[]>(
    'SELECT min(next_check_at) AS next FROM alert_schedule',
  );
  return row.next ?? undefined;
}
