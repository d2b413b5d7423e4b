import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - operations_awaiting_calendar: the operations whose deadlines wait for a calendar year, kept by the pending-deadlines
 *   reactor from the events it reads (so it never depends on another projection's progress) and emptied as it computes
 *   them; `/health` counts them by year.
 * - alert_schedule.undecided: why the detectors could not decide a rule of the subject yet (a calendar year unknown),
 *   for `/health`; the subject is looked at again when a year is published. A subject kept only for that has no next
 *   check by time.
 */
export class CreateOperationsAwaitingCalendar1764700400000 implements MigrationInterface {
  name = 'CreateOperationsAwaitingCalendar1764700400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE operations_awaiting_calendar (
        operation_id text      PRIMARY KEY,
        years        integer[] NOT NULL
      )`);
    await db.query('ALTER TABLE alert_schedule ALTER COLUMN next_check_at DROP NOT NULL, ADD COLUMN undecided json');
    await db.query(
      'CREATE INDEX alert_schedule_undecided_idx ON alert_schedule (subject_kind) WHERE undecided IS NOT NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX alert_schedule_undecided_idx');
    await db.query('DELETE FROM alert_schedule WHERE next_check_at IS NULL');
    await db.query('ALTER TABLE alert_schedule DROP COLUMN undecided, ALTER COLUMN next_check_at SET NOT NULL');
    await db.query('DROP TABLE operations_awaiting_calendar');
  }
}
