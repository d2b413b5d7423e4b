import { AlertSubject, AlertSubjectKind } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';

/** NOTIFY channel: the schedule changed, so a sleeping deadline watcher must look at it again. It carries no data. */
export const ALERT_SCHEDULE_CHANNEL = 'alert_schedule_changed';

/** A rule the detectors could not decide for a subject, and why (a DomainError's code and message). */
export interface UndecidedRule {
  /** The alert cause the rule raises (`late-registration`), or `all` when the subject could not be checked at all. */
  cause: string;
  code: string;
  reason: string;
  /** The calendar year whose absence stopped it, when that is why. */
  year?: number;
}

export interface ScheduleEntry {
  subject: AlertSubject;
  /** Null: nothing can become due by time alone; the subject leaves the schedule unless a rule is undecided. */
  nextCheckAt: string | null;
  /** Kept with the subject for /health, and looked at again when a calendar year is published. */
  undecided?: readonly UndecidedRule[];
}

/**
 * Writes the next check of each subject in the caller's transaction (the reactor's, with its checkpoint; the
 * watcher's, with its claim), and tells waiting watchers once that transaction commits (NOTIFY is transactional).
 */
export async function reschedule(tx: EntityManager, entries: readonly ScheduleEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const kinds = (list: readonly ScheduleEntry[]) => list.map((e) => e.subject.kind);
  const ids = (list: readonly ScheduleEntry[]) => list.map((e) => e.subject.id);
  const undecided = (entry: ScheduleEntry) => (entry.undecided?.length ?? 0) > 0;
  const done = entries.filter((e) => e.nextCheckAt === null && !undecided(e));
  const pending = entries.filter((e) => e.nextCheckAt !== null || undecided(e));
  if (done.length > 0) {
    await tx.query(
      `DELETE FROM alert_schedule s USING unnest($1::text[], $2::text[]) AS d(kind, id)
        WHERE s.subject_kind = d.kind AND s.subject_id = d.id`,
      [kinds(done), ids(done)],
    );
  }
  if (pending.length > 0) {
    await tx.query(
      `INSERT INTO alert_schedule (subject_kind, subject_id, next_check_at, undecided)
       SELECT kind, id, next_check_at, undecided::json
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS r(kind, id, next_check_at, undecided)
       ON CONFLICT (subject_kind, subject_id)
       DO UPDATE SET next_check_at = EXCLUDED.next_check_at, undecided = EXCLUDED.undecided, updated_at = now()`,
      [
        kinds(pending),
        ids(pending),
        pending.map((e) => e.nextCheckAt),
        pending.map((e) => (undecided(e) ? JSON.stringify(e.undecided) : null)),
      ],
    );
  }
  await tx.query(`SELECT pg_notify('${ALERT_SCHEDULE_CHANNEL}', '')`);
}

/**
 * Makes every subject with an undecided rule due at `now`, in the caller's transaction: a calendar year was published,
 * and what waited for it may now be decided.
 */
export async function recheckUndecided(tx: EntityManager, now: Date): Promise<void> {
  await tx.query('UPDATE alert_schedule SET next_check_at = $1, updated_at = now() WHERE undecided IS NOT NULL', [
    now.toISOString(),
  ]);
  await tx.query(`SELECT pg_notify('${ALERT_SCHEDULE_CHANNEL}', '')`);
}

/** How many subjects have undecided rules, by cause, code and year (`/health`). */
export async function undecidedRules(
  db: Pick<EntityManager, 'query'>,
): Promise<{ cause: string; code: string; year: number | null; subjects: number; reason: string }[]> {
  const rows = await db.query<{ cause: string; code: string; year: number | null; subjects: string; reason: string }[]>(
    `SELECT r.cause, r.code, r.year, count(*) AS subjects, min(r.reason) AS reason
       FROM alert_schedule s, json_to_recordset(s.undecided) AS r(cause text, code text, year integer, reason text)
      WHERE s.undecided IS NOT NULL
      GROUP BY r.cause, r.code, r.year
      ORDER BY r.cause, r.code, r.year`,
  );
  return rows.map((row) => ({ ...row, subjects: Number(row.subjects) }));
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
