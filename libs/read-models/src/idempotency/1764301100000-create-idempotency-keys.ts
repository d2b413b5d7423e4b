import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first response to each (principal, Idempotency-Key), replayed to retries. `fingerprint` is the SHA-256 of the
 * request (method, path, canonical body): a retry with another body under the same key is refused. Not an event
 * store table: it is a cache of answers, and the events a keyed request wrote carry the key and fingerprint too.
 */
export class CreateIdempotencyKeys1764301100000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764301100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE idempotency_keys (
        principal_id text        NOT NULL,
        key          text        NOT NULL,
        fingerprint  text        NOT NULL,
        status       integer     NOT NULL,
        headers      jsonb       NOT NULL,
        body         jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (principal_id, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_keys');
  }
}
