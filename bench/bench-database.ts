import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@app/config';
import { dropDatabase, ensureDatabase, startEmbeddedPostgres, withDatabase } from '@app/event-store';
import { freePort } from '@app/testing/free-port';

export interface BenchDatabase {
  url: string;
  description: string;
  close(): Promise<void>;
}

/**
 * A throw-away database for a benchmark run: a new database on DATABASE_URL's server, or else a fresh
 * embedded server in a temporary directory. Nothing of the product's own data is touched.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const config = loadConfig();
  const name = `bench_${randomBytes(4).toString('hex')}`;
  if (config.DATABASE_URL) {
    await ensureDatabase(config.DATABASE_URL, name);
    return {
      url: withDatabase(config.DATABASE_URL, name),
      description: `database ${name} on DATABASE_URL`,
      close: () => dropDatabase(config.DATABASE_URL!, name),
    };
  }
  const parent = mkdtempSync(join(tmpdir(), 'supervision-bench-'));
  chmodSync(parent, 0o755);
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dataDir: join(parent, 'pg'), port, database: name, persistent: false });
  return {
    url: server.url,
    description: `embedded PostgreSQL on port ${port}`,
    close: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
