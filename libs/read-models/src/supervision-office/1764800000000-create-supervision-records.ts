import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The supervision office's records read model: one row per complaint, inspection, finding or rectification order,
 * holding its decider's state, with the columns the lists filter on. `tracking_sha256` finds a complaint from the
 * public form by the SHA-256 of its tracking code (the code itself is stored nowhere).
 */
export class CreateSupervisionRecords1764800000000 implements MigrationInterface {
  name = 'CreateSupervisionRecords1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE supervision_records (
        kind            text    NOT NULL CHECK (kind IN ('complaint', 'inspection', 'finding', 'rectification')),
        id              text    NOT NULL,
        departments     text[]  NOT NULL,
        status          text    NOT NULL,
        opened_on       date    NOT NULL,
        due_on          date,
        tracking_sha256 text    UNIQUE,
        state           json    NOT NULL,
        version         integer NOT NULL,
        first_position  bigint  NOT NULL,
        position        bigint  NOT NULL,
        PRIMARY KEY (kind, id)
      )`);
    await db.query('CREATE INDEX supervision_records_list_idx ON supervision_records (kind, first_position DESC)');
    await db.query('CREATE INDEX supervision_records_departments_idx ON supervision_records USING gin (departments)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE supervision_records');
  }
}
