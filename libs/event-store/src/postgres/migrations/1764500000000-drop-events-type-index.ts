import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nothing reads the log by event type (projections read it in commit order and skip the types they do not
 * handle), while every append paid for one more index entry per event.
 */
export class DropEventsTypeIndex1764500000000 implements MigrationInterface {
  name = 'DropEventsTypeIndex1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX events_type_idx');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('CREATE INDEX events_type_idx ON events (type, global_position)');
  }
}
