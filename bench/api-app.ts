import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@app/testing/free-port';

export interface RunningApi {
  baseUrl: string;
  adminKey: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

export interface StartApiOptions {
  /** Keep the API's log (pino, one line per request, as in production) in this file instead of discarding it. */
  logFile?: string;
  /** Write a V8 CPU profile of the API process into this directory when it stops. */
  profileDir?: string;
  /** The schema owner's URL for migrations, when `databaseUrl` is a login of the application role. */
  migrationUrl?: string;
  /** API_WORKERS: HTTP worker processes beside a projector process; 1 (the default) runs everything in one process. */
  workers?: number;
}

/**
 * The real API as `npm start` runs it (the swc build of main.ts; the projector in process, or with `workers` > 1 a
 * supervisor, HTTP workers and a projector process), in a child process on a free port and the given database, so
 * that its event loops are not shared with the load generator.
 */
export async function startApi(databaseUrl: string, options: StartApiOptions = {}): Promise<RunningApi> {
  const port = await freePort();
  const log = options.logFile === undefined ? 'ignore' : openSync(options.logFile, 'w');
  const profile = options.profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`];
  const adminKey = `psk_benchadmin_${randomBytes(32).toString('base64url')}`;
  const main = resolve(__dirname, '../apps/api/src/main.js');
  // The flags of `npm start` (package.json).
  const child: ChildProcess = spawn(process.execPath, [...profile, '--max-semi-space-size=32', main], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ...(options.migrationUrl === undefined ? {} : { DATABASE_MIGRATION_URL: options.migrationUrl }),
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_API_KEY: adminKey,
      API_WORKERS: String(options.workers ?? 1),
    },
    stdio: ['ignore', log, 'inherit'],
  });
  if (typeof log === 'number') closeSync(log);
  const exited = once(child, 'exit');
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API exited during start-up with code ${child.exitCode}`);
    const healthy = await fetch(`${baseUrl}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The API did not answer /health within ${START_TIMEOUT_MS} ms`);
    }
    await sleep(200);
  }
  return {
    baseUrl,
    adminKey,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
