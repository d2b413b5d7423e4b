import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alerts read model (fed by the alerts projection from the alert streams) and the deadline watcher's schedule:
 * for each operation or power, the next instant at which time alone could make an alert due. The schedule is
 * derived state like a read model: the detectors' reactor rewrites a subject's row whenever the subject's stream
 * moves, and the watcher after each look.
 */
export class CreateAlerts1764305000000 implements MigrationInterface {
  name = 'CreateAlerts1764305000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE alerts (
        alert_id        text        PRIMARY KEY,
        ground          smallint    NOT NULL,
        level           text        NOT NULL,
        department      text        NOT NULL,
        subject_kind    text        NOT NULL,
        subject_id      text        NOT NULL,
        cause           text        NOT NULL,
        evidence        jsonb       NOT NULL,
        message         text        NOT NULL,
        raised_at       timestamptz NOT NULL,
        status          text        NOT NULL,
        notes           jsonb       NOT NULL DEFAULT '[]',
        version         integer     NOT NULL,
        raised_position bigint      NOT NULL UNIQUE,
        position        bigint      NOT NULL
      )`);
    await db.query('CREATE INDEX alerts_department_idx ON alerts (department, raised_position)');
    await db.query('CREATE INDEX alerts_subject_idx ON alerts (subject_kind, subject_id)');
    await db.query(`
      CREATE TABLE alert_schedule (
        subject_kind  text        NOT NULL,
        subject_id    text        NOT NULL,
        next_check_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject_kind, subject_id)
      )`);
    await db.query('CREATE INDEX alert_schedule_due_idx ON alert_schedule (next_check_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE alert_schedule');
    await db.query('DROP TABLE alerts');
  }
}
