import { MigrationInterface, QueryRunner } from 'typeorm';

/** The group role whose members the application connects as. */
export const APPLICATION_ROLE = 'supervision_app';

/**
 * The application's privileges (docs/architecture.md, "The event store"): on `events` only SELECT and INSERT, so no
 * statement the application can send changes or removes an event, whatever the triggers; on the read models and
 * bookkeeping tables everything a projection does, including TRUNCATE for a rebuild; no DDL. Migrations run as
 * the schema's owner, the application as a login role that is a member of `supervision_app` (the embedded
 * server creates one; see README for an external server).
 *
 * A role is shared by the whole server, so it is created only if missing, and only when the migrating user may
 * create roles; otherwise the grants wait for an administrator to create it (a notice says so).
 */
export class ApplicationRole1764400000000 implements MigrationInterface {
  name = 'ApplicationRole1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APPLICATION_ROLE}') THEN
          IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            BEGIN
              CREATE ROLE ${APPLICATION_ROLE} NOLOGIN;
            EXCEPTION WHEN duplicate_object THEN
              NULL; -- another database of this server created it at the same moment
            END;
          ELSE
            RAISE NOTICE 'role ${APPLICATION_ROLE} does not exist and % may not create it: no grants made', current_user;
            RETURN;
          END IF;
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${APPLICATION_ROLE}', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA %I TO ${APPLICATION_ROLE}',
                       current_schema());
        REVOKE UPDATE, DELETE, TRUNCATE ON events FROM ${APPLICATION_ROLE};
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${APPLICATION_ROLE};
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO ${APPLICATION_ROLE}', current_schema());
        -- Read models added by later migrations (run by this same owner) come with the same privileges.
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${APPLICATION_ROLE}',
                       current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO ${APPLICATION_ROLE}',
                       current_schema());
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${APPLICATION_ROLE}') THEN
          EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON TABLES FROM ${APPLICATION_ROLE}', current_schema());
          EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE ALL ON SEQUENCES FROM ${APPLICATION_ROLE}', current_schema());
          EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM ${APPLICATION_ROLE}', current_schema());
          EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM ${APPLICATION_ROLE}', current_schema());
          EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM ${APPLICATION_ROLE}', current_schema());
        END IF;
      END $$`);
  }
}
