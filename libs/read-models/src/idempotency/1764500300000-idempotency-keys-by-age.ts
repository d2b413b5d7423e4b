import { MigrationInterface, QueryRunner } from 'typeorm';

/** The hourly purge of expired Idempotency-Key responses deletes by age: an index range, not a scan of the table. */
export class IdempotencyKeysByAge1764500300000 implements MigrationInterface {
  name = 'IdempotencyKeysByAge1764500300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX idempotency_keys_created_at_idx');
  }
}
