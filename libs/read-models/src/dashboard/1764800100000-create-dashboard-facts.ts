import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboards' read model: one row per countable fact (an operation registered, completed; an alert raised,
 * answered, resolved; a complaint received, replied, closed; …), with the department it counts for, the day it
 * counts on (the day the fact claims), when it was recorded (for "as of a date") and the item behind it (for the
 * link from a figure to its items). Every figure is a count (or an average) over these rows; nothing scans the log.
 * `ended_at` is when the state a fact opened ended (an alert resolved, an overdue operation completed, an order
 * accepted, a finding put right), for the figures of what is open, overdue or done as of a date. `dashboard_counts`
 * holds the same facts counted per department and month, so that a period of whole months reads a few thousand
 * counters whatever the size of the log (the days of a month taken in part are read from the facts). `evaluations` lists every published version of every evaluation (绩效考评).
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
        ended_at    timestamptz,
        PRIMARY KEY (position, seq)
      )`);
    await db.query('CREATE INDEX dashboard_facts_period_idx ON dashboard_facts (occurred_on, metric)');
    await db.query('CREATE INDEX dashboard_facts_department_idx ON dashboard_facts (department, occurred_on, metric)');
    await db.query('CREATE INDEX dashboard_facts_item_idx ON dashboard_facts (item_id, metric)');
    await db.query('CREATE INDEX dashboard_facts_ref_idx ON dashboard_facts (ref) WHERE ref IS NOT NULL');
    await db.query(
      `CREATE INDEX dashboard_facts_overdue_idx ON dashboard_facts (department)
        WHERE metric = 'operations.deadlinePassed' AND ended_at IS NULL`,
    );
    await db.query(
      `CREATE INDEX dashboard_facts_ended_idx ON dashboard_facts (metric, ended_at)
        INCLUDE (recorded_at, department, item_id) WHERE ended_at IS NOT NULL`,
    );
    // "As of" reads a period's facts bounded by their recording time: from the index alone.
    await db.query(
      `CREATE INDEX dashboard_facts_as_of_idx ON dashboard_facts (occurred_on)
        INCLUDE (recorded_at, metric, department, dim1, dim2, value)`,
    );
    await db.query(`
      CREATE TABLE dashboard_counts (
        department text    NOT NULL,
        month      date    NOT NULL,
        metric     text    NOT NULL,
        dim1       text    NOT NULL,
        dim2       text    NOT NULL,
        n          integer NOT NULL,
        valued     integer NOT NULL,
        total      numeric NOT NULL,
        PRIMARY KEY (month, department, metric, dim1, dim2)
      )`);
    // Each figure reads a few hundred to a few thousand rows by index: starting parallel workers costs more (tens of
    // milliseconds) than it saves.
    await db.query('ALTER TABLE dashboard_facts SET (parallel_workers = 0)');
    await db.query('ALTER TABLE dashboard_counts SET (parallel_workers = 0)');
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
    await db.query('DROP TABLE dashboard_counts');
    await db.query('DROP TABLE dashboard_facts');
  }
}
