import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { ProjectorThread } from './projector-thread';

/**
 * ProjectorThread with stand-in thread scripts (plain JavaScript in a temporary directory): what it does with a
 * thread that starts, fails to start, dies or is told to close. The real thread's script runs in
 * test/single-process.e2e-spec.ts, from the build.
 */
describe('ProjectorThread', () => {
  let dir: string;
  const config = loadConfig({ LOG_LEVEL: 'silent' });

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'projector-thread-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A thread script that appends a line to `starts` whenever it starts, then does `then`. */
  const script = (then: string): string => {
    const file = join(dir, 'thread.js');
    writeFileSync(
      file,
      `const { parentPort, workerData } = require('node:worker_threads');
       require('node:fs').appendFileSync(${JSON.stringify(join(dir, 'starts'))}, workerData.databaseUrl + '\\n');
       ${then}`,
    );
    return file;
  };
  const starts = (): number => readFileSync(join(dir, 'starts'), 'utf8').trim().split('\n').length;

  it('waits until the thread is ready, gives it the database, and closes it when told', async () => {
    const file = script(`
      parentPort.postMessage({ kind: 'ready' });
      parentPort.on('message', (m) => { if (m === 'close') parentPort.close(); });`);
    const thread = await ProjectorThread.start(config, 'postgres://db/x', file);
    expect(readFileSync(join(dir, 'starts'), 'utf8')).toBe('postgres://db/x\n');
    await thread.close();
    expect(starts()).toBe(1);
  });

  it('fails the start when the thread cannot start its projector', async () => {
    const file = script(`parentPort.postMessage({ kind: 'failed', error: 'the database is gone' }); process.exit(1);`);
    await expect(ProjectorThread.start(config, 'postgres://db/x', file)).rejects.toThrow(
      'The projector did not start: the database is gone',
    );
  });

  it('replaces a thread that dies after it started, after the first backoff', async () => {
    const file = script(`
      parentPort.postMessage({ kind: 'ready' });
      parentPort.on('message', (m) => { if (m === 'close') parentPort.close(); });
      if (require('node:fs').readFileSync(${JSON.stringify(join(dir, 'starts'))}, 'utf8').split('\\n').length === 2) {
        setTimeout(() => process.exit(3), 20);
      }`);
    const thread = await ProjectorThread.start(config, 'postgres://db/x', file);
    const deadline = Date.now() + 10_000;
    while (starts() < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(starts()).toBe(2);
    await thread.close();
  });

  it('refuses to start from the TypeScript sources, where the thread script is not built', async () => {
    await expect(ProjectorThread.start(config, 'postgres://db/x', join(dir, 'missing.js'))).rejects.toThrow(
      'needs the build',
    );
  });
});
