import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@app/config';
import {
  APPLICATION_ROLE,
  DatabaseServer,
  dropDatabase,
  EMBEDDED_APP_LOGIN,
  ensureApplicationLogin,
  ensureDatabase,
  openDatabase,
  startEmbeddedPostgres,
  withDatabase,
} from '@app/event-store';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import { TEST_ADMIN_URL_VAR, TEST_TEMPLATE_VAR } from './test-database';
import { freePort } from './free-port';

declare global {
  var __TEST_DATABASE_SERVER__: DatabaseServer | undefined;
  /** The temporary directory holding the embedded server's data directory, removed by the teardown. */
  var __TEST_DATABASE_DIR__: string | undefined;
}

/**
 * Once per test run: PostgreSQL from DATABASE_URL, or else an embedded server on a free port in a temporary
 * directory; then a template database with every migration applied, which each test file copies, and the login
 * of the application role the tests connect as.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  let adminUrl: string;
  if (config.DATABASE_URL) {
    adminUrl = config.DATABASE_URL;
  } else {
    const parent = mkdtempSync(join(tmpdir(), 'supervision-test-'));
    // As root the server runs as an unprivileged user, which must be able to reach its data directory.
    chmodSync(parent, 0o755);
    const server = await startEmbeddedPostgres({
      dataDir: join(parent, 'pg'),
      port: await freePort(),
      database: 'postgres',
      persistent: false,
    });
    globalThis.__TEST_DATABASE_SERVER__ = server;
    globalThis.__TEST_DATABASE_DIR__ = parent;
    adminUrl = server.url;
  }
  const template = `test_template_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, template);
  const dataSource = await openDatabase(withDatabase(adminUrl, template), { migrations: ALL_MIGRATIONS, poolSize: 2 });
  await dataSource.destroy();
  // Tests connect as the application does: a login of the application role.
  await ensureApplicationLogin(adminUrl, EMBEDDED_APP_LOGIN, APPLICATION_ROLE);
  process.env[TEST_ADMIN_URL_VAR] = adminUrl;
  process.env[TEST_TEMPLATE_VAR] = template;
  globalThis.__TEST_TEMPLATE_CLEANUP__ = () => dropDatabase(adminUrl, template);
}

declare global {
  var __TEST_TEMPLATE_CLEANUP__: (() => Promise<void>) | undefined;
}
