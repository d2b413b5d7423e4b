import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboards' counters as they stood at the end of each recording day, so that "as of a date" reads one row per
 * counter instead of every fact of the period.
 *
 * `dashboard_count_history` holds, for each counter of `dashboard_counts` (department, month the facts claim, metric,
 * dimensions), one row per day (Asia/Shanghai) on which facts of that counter were recorded: the counter's value at
 * the end of that day, everything recorded by then included. The counter as of a date is its latest row on or before
 * that date: one index probe per counter, however many facts it counts. The number of rows grows with departments,
 * months and recording days, not with the number of events.
 *
 * Besides the figures' metrics, both tables count when the states of the "open / done" figures ended (`alerts.raised:
 * ended`, `findings.recorded:ended`, `rectifications.ordered:ended`: on the day the end was on record) and how many
 * operations had a passed deadline on record (`operations.overdueItems` and its `:ended`, one per operation), so that
 * those figures are counters too.
 *
 * The dashboard projection starts over, so that the new counters are filled from the whole log.
 */
export class DashboardCountHistory1764800500000 implements MigrationInterface {
  name = 'DashboardCountHistory1764800500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dashboard_count_history (
        month       date    NOT NULL,
        department  text    NOT NULL,
        metric      text    NOT NULL,
        dim1        text    NOT NULL,
        dim2        text    NOT NULL,
        recorded_on date    NOT NULL,
        n           integer NOT NULL,
        valued      integer NOT NULL,
        total       numeric NOT NULL,
        PRIMARY KEY (month, department, metric, dim1, dim2, recorded_on)
      )`);
    await db.query('ALTER TABLE dashboard_count_history SET (parallel_workers = 0)');
    // What is overdue reads two metrics' counters of every month.
    await db.query('CREATE INDEX dashboard_counts_metric_idx ON dashboard_counts (metric, department)');
    // "As of" no longer reads the facts of whole months, nor the ends of states: two wide indexes every fact paid for.
    await db.query('DROP INDEX dashboard_facts_as_of_idx');
    await db.query('DROP INDEX dashboard_facts_ended_idx');
    // A figure's items for one department: the first dimension in the key, so that a figure of one kind (late
    // completions) fetches only its own rows.
    await db.query('DROP INDEX dashboard_facts_department_idx');
    await db.query(
      'CREATE INDEX dashboard_facts_department_idx ON dashboard_facts (department, occurred_on, metric, dim1)',
    );
    await db.query('TRUNCATE dashboard_facts, dashboard_counts');
    await db.query(
      `UPDATE projection_checkpoints SET transaction_id = '0', position = 0, updated_at = now()
        WHERE name = 'dashboard-facts'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX dashboard_counts_metric_idx');
    await db.query('DROP INDEX dashboard_facts_department_idx');
    await db.query('CREATE INDEX dashboard_facts_department_idx ON dashboard_facts (department, occurred_on, metric)');
    await db.query(
      `CREATE INDEX dashboard_facts_ended_idx ON dashboard_facts (metric, ended_at)
        INCLUDE (recorded_at, department, item_id) WHERE ended_at IS NOT NULL`,
    );
    await db.query(
      `CREATE INDEX dashboard_facts_as_of_idx ON dashboard_facts (occurred_on)
        INCLUDE (recorded_at, metric, department, dim1, dim2, value)`,
    );
    await db.query('DROP TABLE dashboard_count_history');
  }
}
