import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inline read model of API keys, written in the same transaction as the ApiKeyIssued / ApiKeyRevoked
 * events so that a revocation stops the key at once. Unlike the other read models it cannot be rebuilt from
 * the log alone: secret_hash is deliberately kept out of the events, so a projection rebuild must leave this
 * table alone.
 */
export class CreateApiKeys1764300200000 implements MigrationInterface {
  name = 'CreateApiKeys1764300200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        id          text        PRIMARY KEY,
        name        text        NOT NULL,
        role        text        NOT NULL CHECK (role IN ('department', 'reviewer', 'supervisor', 'investigator', 'admin')),
        department  text,
        secret_hash bytea       NOT NULL CHECK (length(secret_hash) = 32),
        created_at  timestamptz NOT NULL,
        created_by  text        NOT NULL,
        revoked_at  timestamptz,
        revoked_by  text,
        CONSTRAINT api_keys_department_scope CHECK ((role = 'department') = (department IS NOT NULL))
      )`);
    // Start-up asks whether an active admin key exists.
    await db.query(`CREATE INDEX api_keys_active_role_idx ON api_keys (role) WHERE revoked_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE api_keys');
  }
}
