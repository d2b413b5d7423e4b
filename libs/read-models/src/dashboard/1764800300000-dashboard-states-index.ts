import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overview's "what is open, corrected, completed" figures read three metrics of the period (alerts raised,
 * findings, rectification orders). Through the period index they walked every fact of the period, whatever its
 * metric, and fetched each row: at a million events a year, a month's hundred thousand facts for a few thousand
 * wanted. Led by the metric and carrying what the figures test, this index gives them from itself alone.
 */
export class DashboardStatesIndex1764800300000 implements MigrationInterface {
  name = 'DashboardStatesIndex1764800300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX dashboard_facts_states_idx ON dashboard_facts (metric, occurred_on)
        INCLUDE (department, ended_at, recorded_at)
        WHERE metric IN ('alerts.raised', 'findings.recorded', 'rectifications.ordered')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX dashboard_facts_states_idx');
  }
}
