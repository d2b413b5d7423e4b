import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalendarProvider } from '@app/read-models';
import { calendarCommand } from '../apps/cli/src/calendar/calendar.command';
import { WithDatabase } from '../apps/cli/src/catalogue/catalogue.command';
import { createTestApp, TestApp } from './support/create-test-app';

const SAMPLE = join(__dirname, '../samples/calendar-2025-notice.json');

/** A hypothetical notice for 2027 (the State Council has not published it): New Year and a Spring Festival week. */
const NOTICE_2027 = {
  year: 2027,
  documentNo: '国办发明电〔2026〕7号',
  date: '2026-11-10',
  holidays: [
    { name: '元旦', firstDayOff: '2027-01-01', lastDayOff: '2027-01-03', workdays: [] },
    { name: '春节', firstDayOff: '2027-02-06', lastDayOff: '2027-02-12', workdays: ['2027-02-20'] },
  ],
};

/** `npm run cli -- calendar publish …` as main.ts runs it, on the database of a running API. */
describe('calendar publish (CLI)', () => {
  let t: TestApp;
  let dir: string;
  let stdout: string[];
  let stderr: string[];

  const withDatabase: WithDatabase = (work) =>
    work({ dataSource: t.db.dataSource, origin: 'external', close: () => Promise.resolve() });
  const calendarEvents = async () =>
    t.db.dataSource.query<{ data: Record<string, unknown>; metadata: Record<string, unknown> }[]>(
      `SELECT data, metadata FROM events WHERE stream_id = 'calendar-CN' ORDER BY stream_version`,
    );

  async function cli(...args: string[]): Promise<number> {
    process.exitCode = undefined;
    const command = calendarCommand(withDatabase);
    for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: (text) => stderr.push(text) });
    try {
      await command.parseAsync(args, { from: 'user' });
    } catch {
      return 1;
    }
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  }

  function file(name: string, content: unknown): string {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), 'utf8');
    return path;
  }

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'calendar-publish-'));
  });
  beforeEach(() => {
    stdout = [];
    stderr = [];
    jest.spyOn(console, 'log').mockImplementation((text: string) => void stdout.push(text));
    jest.spyOn(console, 'error').mockImplementation((text: string) => void stderr.push(text));
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('shows the 2025 sample month by month and finds it identical to the shipped 2025, writing nothing', async () => {
    expect(await cli('publish', SAMPLE, '--dry-run')).toBe(1);
    const printed = stdout.join('\n');
    expect(printed).toContain('国办发明电〔2024〕12号 of 2024-11-12 (国务院办公厅): the working-day calendar of 2025');
    expect(printed).toMatch(/^春节 +2025-01-28 – 2025-02-04 +8 +2025-01-26 Sun, 2025-02-08 Sat$/m);
    expect(printed).toMatch(/^元旦 +2025-01-01 +1$/m);
    // January: 23 weekdays, 1 and 28–31 off, Sunday the 26th worked.
    expect(printed).toMatch(/^ {4}1 +19 +1, 28–31 +26$/m);
    expect(printed).toMatch(/^ {4}2 +19 +1–4 +8$/m);
    expect(printed).toMatch(/^ {3}10 +18 +1–8 +11$/m);
    expect(printed).toMatch(/^ Year +248 +28 +5$/m);
    expect(printed).toContain('On record: 2025 with the same days off and make-up working days.');
    expect(stderr).toContain(
      'Not published: The calendar for 2025 is already known; publish it again only as a correction, with a reason (CALENDAR_YEAR_EXISTS)',
    );

    stderr = [];
    expect(await cli('publish', SAMPLE, '--dry-run', '--reason', '核对')).toBe(1);
    expect(stderr[0]).toMatch(/\(CALENDAR_UNCHANGED\)$/);
    expect(await calendarEvents()).toEqual([]);
  });

  it('shows a dry run, publishes through the calendar decider, and the running API counts with the year', async () => {
    const path = file('2027.json', NOTICE_2027);
    expect(await cli('publish', path, '--dry-run')).toBe(0);
    const shown = stdout.join('\n');
    expect(shown).toMatch(/^ {4}1 +20 +1–3$/m);
    expect(shown).toMatch(/^ {4}2 +16 +6–12 +20$/m);
    expect(shown).toMatch(/^ {4}3 +23$/m);
    expect(shown).toContain('On record: nothing for 2027 yet.');
    expect(shown).toContain('Dry run: nothing was written. Publishing would record 2027 from 国办发明电〔2026〕7号.');
    expect(await calendarEvents()).toEqual([]);
    const before = await t.http().get('/v1/calendars/deadline').query({ from: '2026-12-31', days: 1 });
    expect(before.status).toBe(422);

    stdout = [];
    expect(await cli('publish', path, '--actor', 'ops:wang')).toBe(0);
    expect(stdout.join('\n')).toMatch(/Published 2027: calendar version 1, log position \d+\./);
    const [event] = await calendarEvents();
    const holidayPeriods = NOTICE_2027.holidays;
    expect(event).toEqual({
      data: {
        year: 2027,
        holidays: [
          ...['2027-01-01', '2027-01-02', '2027-01-03'],
          ...['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
        ],
        workdays: ['2027-02-20'],
        source: '国办发明电〔2026〕7号',
        approval: { authority: '国务院办公厅', documentNo: '国办发明电〔2026〕7号', date: '2026-11-10' },
        holidayPeriods,
      },
      metadata: { actor: { id: 'ops:wang', role: 'admin' }, correlationId: expect.any(String) },
    });

    // The API re-reads the calendar stream once a second by itself (calendars.e2e-spec); here at once.
    await t.app.get(CalendarProvider).refresh();
    const year = await t.http().get('/v1/calendars/2027');
    expect(year.body).toMatchObject({ year: 2027, version: 1, holidayPeriods });
    const deadline = await t.http().get('/v1/calendars/deadline').query({ from: '2026-12-31', days: 1 });
    expect(deadline.body).toMatchObject({ date: '2027-01-04', calendarVersion: 1 });
    const afterSpringFestival = await t.http().get('/v1/calendars/deadline').query({ from: '2027-02-05', days: 6 });
    expect(afterSpringFestival.body.date).toBe('2027-02-20');

    stdout = [];
    stderr = [];
    expect(await cli('publish', path)).toBe(1);
    expect(stdout.join('\n')).toContain('On record: 2027 with the same days off and make-up working days.');
    expect(stderr[0]).toMatch(/\(CALENDAR_YEAR_EXISTS\)$/);
    const moved = NOTICE_2027.holidays.map((p, i) => (i === 1 ? { ...p, lastDayOff: '2027-02-13' } : p));
    stdout = [];
    expect(await cli('publish', file('2027-b.json', { ...NOTICE_2027, holidays: moved }), '--reason', '补充')).toBe(0);
    expect(stdout.join('\n')).toContain('  days off added:   2027-02-13');
    expect(stdout.join('\n')).toMatch(/Published 2027: calendar version 2/);
    expect(await calendarEvents()).toHaveLength(2);
  });

  it('lists every fault of a notice by its place in the file and writes nothing', async () => {
    const path = file('bad.json', {
      ...NOTICE_2027,
      year: 2028,
      documentNo: '',
      holidays: [
        { name: '元旦', firstDayOff: '2028-01-03', lastDayOff: '2028-01-01', workdays: ['2027-12-30'] },
        { name: '春节', firstDayOff: '2028-01-26', lastDayOff: '2028-02-01', workdays: ['2028-01-31', '2028-02-02'] },
      ],
    });
    const before = await calendarEvents();
    expect(await cli('publish', path)).toBe(1);
    expect(stdout).toEqual([]);
    expect(stderr).toEqual([
      'Not published: The calendar for 2028 is invalid (CALENDAR_INVALID)',
      '  documentNo: must not be empty',
      '  holidays[0].lastDayOff: 2028-01-01 is before 2028-01-03',
      '  holidays[0].workdays[0]: 2027-12-30 is not in 2028; a day of another year is published with that year',
      '  holidays[1].workdays[0]: 2028-01-31 is not a Saturday or Sunday; 2028-01-31 is a day off of 春节',
      '  holidays[1].workdays[1]: 2028-02-02 is not a Saturday or Sunday',
    ]);
    expect(await calendarEvents()).toEqual(before);
  });

  it.each([
    ['not JSON', '{"year": 2028,', /^Cannot read .*: not JSON: /],
    ['a list', '[]', /: not a JSON object$/],
    ['misspelt fields', { ...NOTICE_2027, documentNumber: 'x' }, /unknown fields documentNumber \(see samples/],
    [
      'a misspelt period field',
      { ...NOTICE_2027, holidays: [{ ...NOTICE_2027.holidays[0], workday: [] }] },
      /unknown fields holidays\[0\]\.workday /,
    ],
  ])('refuses a file that is %s', async (_, content, message) => {
    expect(await cli('publish', file('broken.json', content))).toBe(1);
    expect(stderr.join('\n')).toMatch(message);
  });
});
