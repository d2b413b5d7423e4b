import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Index plans that stay flat as the register grows, for the list filters used together (`npm run bench:lists`).
 *
 * A filter on department (or power) and status used to intersect two bitmaps, each as large as the department's (or
 * the status's) whole history, and sort the result: 19 ms at 100,000 registrations, 172 ms at 1,000,000. With the
 * pair leading one index in list order, the first page is the first rows of one index range.
 *
 * `overdue=true` is two sets read as two ordered branches (see OperationsQueries.list): matters still running, a set
 * bounded by the work in progress and not by history, and matters stopped after their deadline, which stay overdue
 * for good. Each has a partial index per department and per power, in list order.
 */
export class OperationsListIndexes1764800200000 implements MigrationInterface {
  name = 'OperationsListIndexes1764800200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'CREATE INDEX operations_department_status_idx ON operations (department, status, accepted_at DESC, id DESC)',
    );
    await db.query(
      'CREATE INDEX operations_power_status_idx ON operations (power_code, status, accepted_at DESC, id DESC)',
    );
    await db.query(`
      CREATE INDEX operations_running_department_idx ON operations (department, accepted_at DESC, id DESC)
       WHERE clock_stopped_at IS NULL`);
    await db.query(`
      CREATE INDEX operations_running_power_idx ON operations (power_code, accepted_at DESC, id DESC)
       WHERE clock_stopped_at IS NULL`);
    await db.query(`
      CREATE INDEX operations_running_idx ON operations (accepted_at DESC, id DESC)
       WHERE clock_stopped_at IS NULL`);
    await db.query(`
      CREATE INDEX operations_stopped_late_department_idx ON operations (department, accepted_at DESC, id DESC)
       WHERE clock_stopped_at > committed_deadline`);
    await db.query(`
      CREATE INDEX operations_stopped_late_power_idx ON operations (power_code, accepted_at DESC, id DESC)
       WHERE clock_stopped_at > committed_deadline`);
    // Alerts: a department's open (or answered…) alerts, and all alerts of one status, newest first.
    await db.query('CREATE INDEX alerts_department_status_idx ON alerts (department, status, raised_position)');
    await db.query('CREATE INDEX alerts_status_idx ON alerts (status, raised_position)');
    await db.query('CREATE INDEX alerts_ground_idx ON alerts (ground, raised_position)');
    // A period of raising times: the period's alerts, sorted; their number depends on the period, not on history.
    await db.query('CREATE INDEX alerts_raised_at_idx ON alerts (raised_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of [
      'operations_department_status_idx',
      'operations_power_status_idx',
      'operations_running_department_idx',
      'operations_running_power_idx',
      'operations_running_idx',
      'operations_stopped_late_department_idx',
      'operations_stopped_late_power_idx',
      'alerts_department_status_idx',
      'alerts_status_idx',
      'alerts_ground_idx',
      'alerts_raised_at_idx',
    ]) {
      await db.query(`DROP INDEX ${index}`);
    }
  }
}
