import { MigrationInterface, QueryRunner } from 'typeorm';

/** The departments read model, fed by the departments projection from DepartmentRegistered events. */
export class CreateDepartments1764302000000 implements MigrationInterface {
  name = 'CreateDepartments1764302000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE departments (
        code            text        PRIMARY KEY,
        name            text        NOT NULL,
        parent          text,
        version         bigint      NOT NULL,
        global_position bigint      NOT NULL,
        registered_at   timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE departments');
  }
}
