import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue's review and its public face.
 *
 * - catalogue_public_versions: the bitemporal catalogue as the public may see it, built like catalogue_power_versions
 *   from the facts a publication disclosed only (the last published version, never an unpublished amendment).
 * - catalogue_power_proposals: each department's proposal (申报) and its review (审核): proposed_at and decided_at
 *   are recording times, so what the queue said at an instant is answerable too.
 *
 * The catalogue projection starts over, so that both are filled from the whole log.
 */
export class CatalogueReview1764600300000 implements MigrationInterface {
  name = 'CatalogueReview1764600300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE TABLE catalogue_public_versions (LIKE catalogue_power_versions INCLUDING ALL)');
    await db.query(`
      CREATE TABLE catalogue_power_proposals (
        code            text        NOT NULL,
        proposal_id     integer     NOT NULL,
        global_position bigint      NOT NULL,
        department      text        NOT NULL,
        fact            jsonb       NOT NULL,
        classified      boolean     NOT NULL,
        proposed_at     timestamptz NOT NULL,
        proposed_by     jsonb,
        status          text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_at      timestamptz,
        decided_by      jsonb,
        fact_version    integer,
        approval        jsonb,
        reasons         jsonb,
        PRIMARY KEY (code, proposal_id)
      )`);
    await db.query(
      'CREATE INDEX catalogue_proposals_queue_idx ON catalogue_power_proposals (global_position) INCLUDE (status)',
    );
    await db.query(
      'CREATE INDEX catalogue_proposals_department_idx ON catalogue_power_proposals (department, global_position)',
    );
    await db.query('TRUNCATE catalogue_power_versions, catalogue_power_events');
    await db.query(
      `UPDATE projection_checkpoints SET transaction_id = '0', position = 0, updated_at = now()
        WHERE name = 'power-catalogue'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE catalogue_power_proposals');
    await db.query('DROP TABLE catalogue_public_versions');
  }
}
