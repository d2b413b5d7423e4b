// Runs the Jest suite with every process's clock — Jest, its workers and the embedded PostgreSQL they start —
// moved to 10:00 in Asia/Shanghai on a given day, so that a test depending on the year it runs in shows up now and
// not on the next New Year. Needs libfaketime (Debian/Ubuntu: apt-get install faketime).
//
//   npm run test:shifted -- 2027-01-05                     the whole suite
//   npm run test:shifted -- 2031-06-30 test/operations     Jest arguments follow the date
//
// DATABASE_URL is ignored: an external server's now() would not be shifted (idempotency keys and checkpoints take
// their times from it), so the embedded server is always started, under the same shifted clock.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [day, ...jestArguments] = process.argv.slice(2);

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`test:shifted: ${message}\n`);
  process.exit(2);
}

const target = /^\d{4}-\d{2}-\d{2}$/.test(day ?? '') ? Date.parse(`${day}T10:00:00+08:00`) : Number.NaN;
if (Number.isNaN(target)) fail('usage: npm run test:shifted -- YYYY-MM-DD [jest arguments]');
if (spawnSync('faketime', ['-f', '+0', 'true']).status !== 0) {
  fail('libfaketime is not installed (Debian/Ubuntu: apt-get install faketime)');
}

// An offset, not a fixed start time: the clock keeps running, and every process started later (a Jest worker, the
// PostgreSQL server and its backends) gets the same shift whatever its time zone.
const offsetSeconds = Math.round((target - Date.now()) / 1000);
const env = { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' };
delete env.DATABASE_URL;
process.stderr.write(`test:shifted: clock moved to ${day} 10:00 Asia/Shanghai (${offsetSeconds} s)\n`);
const jest = join(root, 'node_modules/jest/bin/jest.js');
const run = spawnSync(
  'faketime',
  ['-f', `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`, process.execPath, jest, ...jestArguments],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
process.exit(run.status ?? 1);
