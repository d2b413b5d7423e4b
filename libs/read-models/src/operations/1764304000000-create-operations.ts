import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register of important power operations (重要行政权力运行动态登记), fed by the operations projection.
 *
 * - state: the operation decider's state after the row's last event, so the read model is exactly what the domain
 *   folds; the columns beside it are copies for filtering and ordering.
 * - committed_deadline / legal_deadline: the deadlines in force (after every extension); NULL when none were computed
 *   (power not in force for the department).
 * - clock_stopped_at: when the clock stopped, paused or completed; NULL while it runs. Overdue is judged at query time
 *   as `committed_deadline < coalesce(clock_stopped_at, now())`, the operation detectors' rule (a paused matter is
 *   judged as at its pause, a completed one at its completion), so nothing has to rewrite rows as time passes.
 * - Lists are newest first by (accepted_at, id); each filter has an index in that order. The two partial indexes serve
 *   `overdue=true`: open matters by deadline, and matters stopped late (which stay overdue for good).
 */
export class CreateOperations1764304000000 implements MigrationInterface {
  name = 'CreateOperations1764304000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE operations (
        id                 text        PRIMARY KEY,
        department         text        NOT NULL,
        power_code         text        NOT NULL,
        case_number        text        NOT NULL,
        status             text        NOT NULL CHECK (status IN ('open', 'paused', 'completed')),
        accepted_at        timestamptz NOT NULL,
        committed_deadline timestamptz,
        legal_deadline     timestamptz,
        clock_stopped_at   timestamptz,
        version            integer     NOT NULL,
        position           bigint      NOT NULL,
        registered_at      timestamptz NOT NULL,
        state              jsonb       NOT NULL
      )`);
    await db.query(`CREATE INDEX operations_accepted_idx ON operations (accepted_at DESC, id DESC)`);
    await db.query(`CREATE INDEX operations_department_idx ON operations (department, accepted_at DESC, id DESC)`);
    await db.query(`CREATE INDEX operations_power_idx ON operations (power_code, accepted_at DESC, id DESC)`);
    await db.query(`CREATE INDEX operations_status_idx ON operations (status, accepted_at DESC, id DESC)`);
    await db.query(
      `CREATE INDEX operations_running_deadline_idx ON operations (committed_deadline) WHERE clock_stopped_at IS NULL`,
    );
    await db.query(`
      CREATE INDEX operations_stopped_late_idx ON operations (accepted_at DESC, id DESC)
       WHERE clock_stopped_at > committed_deadline`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE operations');
  }
}
