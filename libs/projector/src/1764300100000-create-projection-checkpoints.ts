import { MigrationInterface, QueryRunner } from 'typeorm';

/** Where each named projection stands in the global log; updated in the same transaction as its read model. */
export class CreateProjectionCheckpoints1764300100000 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1764300100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE projection_checkpoints (
        name           text PRIMARY KEY,
        transaction_id xid8        NOT NULL DEFAULT '0',
        position       bigint      NOT NULL DEFAULT 0,
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE projection_checkpoints');
  }
}
