import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accountability cases read model: one row per case holding its decider's state, with the columns its list
 * filters on (the tiers and decision dates are those of the decisions in force).
 */
export class CreateCases1764600710000 implements MigrationInterface {
  name = 'CreateCases1764600710000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE cases (
        case_id         text        PRIMARY KEY,
        status          text        NOT NULL,
        grounds         smallint[]  NOT NULL,
        departments     text[]      NOT NULL,
        person_names    text[]      NOT NULL,
        tiers           text[]      NOT NULL,
        decided_on      date[]      NOT NULL,
        opened_at       timestamptz NOT NULL,
        state           jsonb       NOT NULL,
        version         integer     NOT NULL,
        opened_position bigint      NOT NULL UNIQUE,
        position        bigint      NOT NULL
      )`);
    await db.query('CREATE INDEX cases_departments_idx ON cases USING gin (departments)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE cases');
  }
}
