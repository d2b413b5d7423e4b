import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bitemporal power catalogue (职权目录).
 *
 * - catalogue_power_events: each power's events as the projection received them; a new event recomputes the power's
 *   whole effective timeline from them (facts may take effect out of recording order).
 * - catalogue_power_versions: one row per (power, effective period, recorded period). `valid` is the effective time
 *   ([valid_from, valid_to), NULL = unbounded), `recorded` the recorded time ([recorded_from, recorded_to), NULL
 *   recorded_to = what the catalogue says now). The exclusion constraint guarantees that any (date, instant) pair
 *   selects at most one row per power, which is what makes keyset pagination on `code` sound.
 * - pg_trgm: Chinese text search on name and legal basis. Both the embedded PostgreSQL 18 and PostgreSQL 15 ship it
 *   (and btree_gist); with a C.UTF-8 ctype CJK characters count as word characters, so the GIN index serves ILIKE
 *   patterns of three or more characters (准运证); two-character patterns (烟草) have no trigram and are answered by
 *   a scan of the current rows, still correctly.
 */
export class CreatePowerCatalogue1764301000000 implements MigrationInterface {
  name = 'CreatePowerCatalogue1764301000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await db.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await db.query(`
      CREATE TABLE catalogue_power_events (
        code            text        NOT NULL,
        version         integer     NOT NULL,
        event_id        uuid        NOT NULL UNIQUE,
        global_position bigint      NOT NULL,
        type            text        NOT NULL,
        data            jsonb       NOT NULL,
        recorded_at     timestamptz NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    await db.query(`
      CREATE TABLE catalogue_power_versions (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code              text        NOT NULL,
        valid_from        date,
        valid_to          date,
        recorded_from     timestamptz NOT NULL,
        recorded_to       timestamptz,
        valid             daterange GENERATED ALWAYS AS (daterange(valid_from, valid_to, '[)')) STORED,
        recorded          tstzrange GENERATED ALWAYS AS (tstzrange(recorded_from, recorded_to, '[)')) STORED,
        version           integer     NOT NULL,
        status            text        NOT NULL CHECK (status IN ('in-force', 'not-yet-in-force', 'cancelled')),
        department        text        NOT NULL,
        category          text        NOT NULL,
        name              text        NOT NULL,
        important         boolean     NOT NULL,
        classified        boolean     NOT NULL,
        legal_basis_text  text        NOT NULL,
        search_text       text GENERATED ALWAYS AS (name || ' ' || legal_basis_text) STORED,
        effective_from    date        NOT NULL,
        published_ever    boolean     NOT NULL,
        last_published_on date,
        publication       jsonb,
        warnings          jsonb       NOT NULL,
        attributes        jsonb       NOT NULL,
        CHECK (valid_from < valid_to),
        CHECK (recorded_from < recorded_to),
        CONSTRAINT catalogue_power_versions_no_overlap
          EXCLUDE USING gist (code WITH =, valid WITH &&, recorded WITH &&)
      )`);
    // Most reads are of the current catalogue: partial indexes on the rows nothing has superseded.
    await db.query(
      `CREATE INDEX catalogue_current_code_idx ON catalogue_power_versions (code) WHERE recorded_to IS NULL`,
    );
    await db.query(`
      CREATE INDEX catalogue_current_department_idx ON catalogue_power_versions (department, code)
       WHERE recorded_to IS NULL`);
    await db.query(`
      CREATE INDEX catalogue_current_category_idx ON catalogue_power_versions (category, code)
       WHERE recorded_to IS NULL`);
    await db.query(
      `CREATE INDEX catalogue_recorded_valid_idx ON catalogue_power_versions USING gist (recorded, valid)`,
    );
    await db.query(`
      CREATE INDEX catalogue_search_trgm_idx ON catalogue_power_versions USING gin (search_text gin_trgm_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE catalogue_power_versions');
    await db.query('DROP TABLE catalogue_power_events');
  }
}
