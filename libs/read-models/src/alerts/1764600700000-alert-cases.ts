import { MigrationInterface, QueryRunner } from 'typeorm';

/** The accountability cases opened from each alert (AlertLinkedToCase), which the alert shows. */
export class AlertCases1764600700000 implements MigrationInterface {
  name = 'AlertCases1764600700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE alerts ADD COLUMN case_ids jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE alerts DROP COLUMN case_ids');
  }
}
