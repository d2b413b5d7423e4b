// Regenerates the official working-day calendar shipped with libs/domain from the `chinese-days` package, so
// the domain never imports the package at run time and every change of the data shows up in a reviewed diff.
//
//   node scripts/generate-official-calendar.mjs          write the data file
//   node scripts/generate-official-calendar.mjs --check  exit 1 when the committed file is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const FIRST_YEAR = 2010;
const LAST_YEAR = 2026;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'libs/domain/src/calendar/data', `official-calendar.${FIRST_YEAR}-${LAST_YEAR}.json`);

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('chinese-days/package.json'));

/** @param {string} path @returns {unknown} */
function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

const { version } = /** @type {{ version: string }} */ (readJson(join(packageDir, 'package.json')));
// `holidays` lists every day off of each arrangement (weekend days included); `workdays` the 调休 weekend days
// worked. `inLieuDays` only says which days off were bought with a make-up day; the working-day rule needs no more.
const source = /** @type {Record<string, Record<string, string> | undefined>} */ (
  readJson(join(packageDir, 'dist/chinese-days.json'))
);

/** @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`generate-official-calendar: ${message}\n`);
  process.exit(1);
}

/** @param {string} date */
function weekday(date) {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** @param {'holidays' | 'workdays'} kind */
function checkedDates(kind) {
  const dates = Object.keys(source[kind] ?? {});
  if (dates.length === 0) fail(`chinese-days ${version} has no "${kind}"`);
  for (const date of dates) {
    const time = Date.parse(`${date}T00:00:00Z`);
    if (!DATE.test(date) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) {
      fail(`chinese-days ${version}: "${date}" in "${kind}" is not a valid date`);
    }
  }
  return dates;
}

/** @param {string[]} dates @param {number} year */
function datesOfYear(dates, year) {
  return dates.filter((date) => date.startsWith(`${year}-`)).sort();
}

const holidays = checkedDates('holidays');
const workdays = checkedDates('workdays');
const years = [];
for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
  const entry = { year, holidays: datesOfYear(holidays, year), workdays: datesOfYear(workdays, year) };
  // Every year since 2008 has at least 11 statutory days off and at least one 调休 weekend.
  if (entry.holidays.length < 11 || entry.workdays.length === 0) {
    fail(`chinese-days ${version} has too little data for ${year}`);
  }
  for (const date of entry.workdays) {
    if (weekday(date) !== 0 && weekday(date) !== 6) fail(`make-up workday ${date} is not a weekend day`);
    if (entry.holidays.includes(date)) fail(`${date} is both a holiday and a make-up workday`);
  }
  years.push(entry);
}

const text = [
  '{',
  `  "source": ${JSON.stringify(`chinese-days@${version} dist/chinese-days.json`)},`,
  '  "years": [',
  years.map((entry) => `    ${JSON.stringify(entry)}`).join(',\n'),
  '  ]',
  '}',
  '',
].join('\n');

const shown = relative(root, target);
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    fail(`${shown} is missing`);
  }
  if (committed !== text) fail(`${shown} is out of date; run node scripts/generate-official-calendar.mjs`);
  process.stdout.write(`${shown} is up to date (chinese-days ${version})\n`);
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${shown} (${years.length} years from chinese-days ${version})\n`);
}
