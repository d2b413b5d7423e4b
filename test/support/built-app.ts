import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { until } from './until';

const ROOT = resolve(__dirname, '../..');

/**
 * The API as `npm start` runs it: the swc build of apps/ and libs/ in a directory of its own under dist/ (worker
 * threads and forked processes run JavaScript, which the TypeScript sources under jest are not).
 */
export function buildApp(label: string): { dir: string; remove(): void } {
  const dir = join(ROOT, 'dist', `${label}-${randomBytes(4).toString('hex')}`);
  execFileSync(
    join(ROOT, 'node_modules/.bin/swc'),
    ['apps', 'libs', '-d', dir, '--copy-files', '--config-file', '.swcrc', '--quiet'],
    { cwd: ROOT, stdio: 'ignore' },
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StartedApi {
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/** Starts the build's main.js with only `env` (and PATH) and waits until it says it is ready. */
export async function startBuiltApi(buildDir: string, env: Record<string, string>): Promise<StartedApi> {
  const child = spawn(process.execPath, [join(buildDir, 'apps/api/src/main.js')], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(
    () => output,
    (text) => text.includes('Press Ctrl-C to stop.') || child.exitCode !== null,
    60_000,
  );
  if (child.exitCode !== null) throw new Error(`The API exited during start-up:\n${output}`);
  return { process: child, output: () => output };
}
