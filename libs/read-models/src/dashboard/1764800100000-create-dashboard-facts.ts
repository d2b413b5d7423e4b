import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboards' read model: one row per countable fact (an operation registered, completed; an alert raised,
 * answered, resolved; a complaint received, replied, closed; …), with the department it counts for, the day it
 * counts on (the day the fact claims), when it was recorded (for "as of a date") and the item behind it (for the
 * link from a figure to its items). Every figure is a count (or an average) over these rows; nothing scans the log.
 * `evaluations` lists every published version of every evaluation (绩效考评).
 */
export class CreateDashboardFacts1764800100000 implements MigrationInterface {
  name = 'CreateDashboardFacts1764800100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dashboard_facts (
        position    bigint      NOT NULL,
        seq         smallint    NOT NULL,
        metric      text        NOT NULL,
        department  text        NOT NULL,
        item_kind   text        NOT NULL,
        item_id     text        NOT NULL,
        occurred_on date        NOT NULL,
        recorded_at timestamptz NOT NULL,
        dim1        text,
        dim2        text,
        ref         text,
        value       numeric,
        due_on      date,
        PRIMARY KEY (position, seq)
      )`);
    await db.query('CREATE INDEX dashboard_facts_period_idx ON dashboard_facts (occurred_on, metric)');
    await db.query('CREATE INDEX dashboard_facts_department_idx ON dashboard_facts (department, occurred_on, metric)');
    await db.query('CREATE INDEX dashboard_facts_item_idx ON dashboard_facts (item_id, metric)');
    await db.query('CREATE INDEX dashboard_facts_ref_idx ON dashboard_facts (ref) WHERE ref IS NOT NULL');
    await db.query(`
      CREATE TABLE evaluations (
        evaluation_id text    NOT NULL,
        version       integer NOT NULL,
        from_day      date    NOT NULL,
        to_day        date    NOT NULL,
        position      bigint  NOT NULL,
        data          json    NOT NULL,
        PRIMARY KEY (evaluation_id, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE evaluations');
    await db.query('DROP TABLE dashboard_facts');
  }
}
