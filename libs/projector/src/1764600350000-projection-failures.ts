import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A projection's failure as its runner last saw it, beside its checkpoint, so that /health reports it from any
 * process (with API_WORKERS > 1 the projector runs in a process of its own). A batch that moves the checkpoint
 * clears it.
 */
export class ProjectionFailures1764600350000 implements MigrationInterface {
  name = 'ProjectionFailures1764600350000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE projection_checkpoints
        ADD COLUMN failed_position bigint,
        ADD COLUMN failure         text,
        ADD COLUMN failed_since    timestamptz,
        ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN retry_at        timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE projection_checkpoints
        DROP COLUMN failed_position, DROP COLUMN failure, DROP COLUMN failed_since, DROP COLUMN failed_attempts,
        DROP COLUMN retry_at`);
  }
}
