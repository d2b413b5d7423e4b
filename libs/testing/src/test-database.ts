import { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import {
  asLogin,
  dropDatabase,
  EMBEDDED_APP_LOGIN,
  ensureDatabase,
  openDatabase,
  withDatabase,
} from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/bootstrap';

/** Set by the Jest global setup: the server's admin URL and the migrated template database. */
export const TEST_ADMIN_URL_VAR = 'TEST_DATABASE_ADMIN_URL';
export const TEST_TEMPLATE_VAR = 'TEST_DATABASE_TEMPLATE';

export interface TestDatabase {
  /** As the application connects: a login of the application role, which may only read and insert events. */
  url: string;
  dataSource: DataSource;
  /** As the schema's owner, for what only the owner may do (DDL, disabling triggers to tamper with evidence). */
  ownerUrl: string;
  owner(): Promise<DataSource>;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a copy of the template the global setup migrated once
 * (CREATE DATABASE … TEMPLATE is a file copy, far faster than migrating again).
 */
export async function createTestDatabase(poolSize = 10): Promise<TestDatabase> {
  const adminUrl = process.env[TEST_ADMIN_URL_VAR];
  const template = process.env[TEST_TEMPLATE_VAR];
  if (!adminUrl || !template) throw new Error('Run the tests through jest: the global setup prepares the database');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, template);
  const ownerUrl = withDatabase(adminUrl, name);
  const url = asLogin(ownerUrl, EMBEDDED_APP_LOGIN);
  const dataSource = await openDatabase(url, { migrations: ALL_MIGRATIONS, poolSize, runMigrations: false });
  let owner: Promise<DataSource> | undefined;
  return {
    url,
    dataSource,
    ownerUrl,
    owner: () => (owner ??= openDatabase(ownerUrl, { migrations: ALL_MIGRATIONS, poolSize: 2, runMigrations: false })),
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (owner) await (await owner).destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}
