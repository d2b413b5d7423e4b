import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The operation's state is written and read whole, never queried inside: as json it is stored as the text it
 * arrives in and returned as it is, where jsonb parsed it into its binary form on every write and printed it back
 * on every read.
 */
export class OperationStateAsJson1764500100000 implements MigrationInterface {
  name = 'OperationStateAsJson1764500100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE operations ALTER COLUMN state TYPE json USING state::json');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE operations ALTER COLUMN state TYPE jsonb USING state::jsonb');
  }
}
