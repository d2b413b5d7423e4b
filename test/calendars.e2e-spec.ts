import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { officialCalendar } from '@app/domain';
import { openDatabase } from '@app/event-store';
import { formatApiKey } from '@app/access';
import { ALL_MIGRATIONS } from '@app/bootstrap';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../apps/api/src/app.module';
import { createApp } from '../apps/api/src/configure-app';
import { createTestApp, TestApp } from './support/create-test-app';

const PROBLEM_JSON = /^application\/problem\+json/;
const UNKNOWN_KEY = formatApiKey('0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42', 'A'.repeat(43));

/** A hypothetical 2027 notice: New Year off from Friday 1 January, Spring Festival from 6 to 12 February. */
const YEAR_2027 = {
  year: 2027,
  holidays: [
    ...['2027-02-12', '2027-02-11', '2027-02-10', '2027-02-09', '2027-02-08', '2027-02-07', '2027-02-06'],
    ...['2027-01-03', '2027-01-02', '2027-01-01'],
  ],
  workdays: ['2027-02-20'],
  source: '国办发明电〔2026〕7号',
};

describe('calendars', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.keyFor('admin');
  });
  afterAll(() => t.close());

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const publish = (body: object, key = admin) => t.http().post('/v1/admin/calendars').set(as(key)).send(body);
  const deadline = (from: string, days: number) => t.http().get('/v1/calendars/deadline').query({ from, days });

  describe('before 2027 is published', () => {
    it('lists the built-in years 2010–2026 to anyone', async () => {
      const res = await t.http().get('/v1/calendars');
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(0);
      expect(res.headers.etag).toBe('"0"');
      expect(res.body.items.map((y: { year: number }) => y.year)).toEqual(officialCalendar().knownYears());
      expect(res.body.items[16]).toEqual({
        ...officialCalendar().calendarYear(2026),
        source: expect.stringMatching(/^built-in: /),
      });
    });

    it('answers 2027 working-day questions with 422 CALENDAR_YEAR_UNKNOWN and the year with 404', async () => {
      const res = await deadline('2026-12-31', 1);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ code: 'CALENDAR_YEAR_UNKNOWN', year: 2027 });
      const year = await t.http().get('/v1/calendars/2027');
      expect(year.status).toBe(404);
      expect(year.body.code).toBe('CALENDAR_YEAR_UNKNOWN');
    });

    it('counts within the built-in years', async () => {
      const res = await deadline('2025-09-30', 1);
      expect(res.status).toBe(200);
      // National Day and Mid-Autumn 2025: 1–8 October off, so the first working day after 30 September is 9 October.
      expect(res.body).toEqual({
        from: '2025-09-30',
        days: 1,
        date: '2025-10-09',
        endsAt: '2025-10-09T23:59:59.999+08:00',
        calendarVersion: 0,
      });
      const count = await t.http().get('/v1/calendars/working-days').query({ from: '2024-12-31', to: '2025-12-31' });
      expect(count.body).toEqual({ from: '2024-12-31', to: '2025-12-31', workingDays: 248, calendarVersion: 0 });
    });
  });

  describe('POST /v1/admin/calendars', () => {
    it.each([
      [{ ...YEAR_2027, year: undefined }, 'year'],
      [{ ...YEAR_2027, year: 2027.5 }, 'year'],
      [{ ...YEAR_2027, holidays: '2027-01-01' }, 'holidays'],
      [{ ...YEAR_2027, holidays: ['1 January 2027'] }, 'holidays'],
      [{ ...YEAR_2027, workdays: undefined }, 'workdays'],
      [{ ...YEAR_2027, source: '' }, 'source'],
      [{ ...YEAR_2027, approval: { authority: '国务院办公厅' } }, 'approval.documentNo'],
      [{ ...YEAR_2027, reason: '' }, 'reason'],
      [{ ...YEAR_2027, colour: 'red' }, 'colour'],
    ])('answers a malformed body with 400 naming the field (%#)', async (body, field) => {
      const res = await publish(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { [field]: expect.arrayContaining([expect.any(String)]) },
      });
    });

    it('answers dates that do not fit the year with 400 CALENDAR_INVALID, one entry per date', async () => {
      const res = await publish({ ...YEAR_2027, holidays: ['2027-02-30', '2026-12-31'], workdays: ['2027-01-04'] });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'CALENDAR_INVALID',
        errors: {
          'holidays[0]': ['must be a calendar date YYYY-MM-DD'],
          'holidays[1]': ['2026-12-31 is not in 2027'],
          'workdays[0]': ['2027-01-04 is not a Saturday or Sunday'],
        },
      });
    });

    it('answers no key and an unknown key with 401, and any role but admin with 403', async () => {
      expect((await t.http().post('/v1/admin/calendars').send(YEAR_2027)).status).toBe(401);
      expect((await publish(YEAR_2027, UNKNOWN_KEY)).status).toBe(401);
      const roles = [['reviewer'], ['supervisor'], ['investigator'], ['department', 'CG']] as const;
      for (const [role, department] of roles) {
        const key = await t.keyFor(role, department);
        const res = await publish(YEAR_2027, key);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
    });

    it('answers a built-in year without a reason with 409 CALENDAR_YEAR_EXISTS', async () => {
      const res = await publish({ ...officialCalendar().calendarYear(2026), source: '重复发布' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CALENDAR_YEAR_EXISTS', errors: { reason: [expect.any(String)] } });
    });
  });

  describe('a published 2027 calendar', () => {
    let other: Awaited<ReturnType<typeof createApp>>;
    let otherDataSource: DataSource;

    beforeAll(async () => {
      // A second API process on the same database with its own connections, warmed up before the publication: it
      // must pick 2027 up by itself.
      otherDataSource = await openDatabase(t.db.url, { migrations: ALL_MIGRATIONS, poolSize: 2 });
      other = await createApp(AppModule.forRoot({ config: t.config, dataSource: otherDataSource }));
      await other.init();
      await other.getHttpAdapter().getInstance().ready();
      const res = await request(other.getHttpServer()).get('/v1/calendars/deadline?from=2026-12-31&days=1');
      expect(res.status).toBe(422);
    });
    afterAll(async () => {
      await other.close();
      if (otherDataSource.isInitialized) await otherDataSource.destroy();
    });

    it('is published with its dates sorted, If-Match naming the calendar version the admin saw', async () => {
      const res = await t
        .http()
        .post('/v1/admin/calendars')
        .set(as(admin))
        .set('If-Match', '"0"')
        .send({
          ...YEAR_2027,
          approval: { authority: '国务院办公厅', documentNo: '国办发明电〔2026〕7号', date: '2026-11-10' },
        });
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        streamId: 'calendar-CN',
        version: 1,
        position: expect.any(Number),
        year: 2027,
        holidays: [...YEAR_2027.holidays].sort(),
        workdays: ['2027-02-20'],
        source: '国办发明电〔2026〕7号',
        approval: { authority: '国务院办公厅', documentNo: '国办发明电〔2026〕7号', date: '2026-11-10' },
      });
    });

    it('takes effect at once in the process that published it, without a restart', async () => {
      const res = await deadline('2026-12-31', 1);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        from: '2026-12-31',
        days: 1,
        date: '2027-01-04',
        endsAt: '2027-01-04T23:59:59.999+08:00',
        calendarVersion: 1,
      });
      const count = await t.http().get('/v1/calendars/working-days').query({ from: '2027-02-05', to: '2027-02-22' });
      expect(count.body).toMatchObject({ workingDays: 7, calendarVersion: 1 });
    });

    it('takes effect in another running process within a few seconds, without a restart', async () => {
      const deadlineAt = Date.now() + 5000;
      const ask = () => request(other.getHttpServer()).get('/v1/calendars/deadline?from=2026-12-31&days=1');
      let res = await ask();
      while (res.status !== 200 && Date.now() < deadlineAt) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        res = await ask();
      }
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ date: '2027-01-04', calendarVersion: 1 });
    });

    it('is listed and served with its version and publication time', async () => {
      const res = await t.http().get('/v1/calendars/2027');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ year: 2027, version: 1, publishedAt: expect.any(String) });
      const list = await t.http().get('/v1/calendars');
      expect(list.body.version).toBe(1);
      expect(list.body.items.map((y: { year: number }) => y.year)).toEqual([...officialCalendar().knownYears(), 2027]);
    });

    it('answers a stale If-Match with 409 VERSION_CONFLICT and writes nothing', async () => {
      const res = await t
        .http()
        .post('/v1/admin/calendars')
        .set(as(admin))
        .set('If-Match', '"0"')
        .send({ ...YEAR_2027, holidays: [...YEAR_2027.holidays, '2027-01-04'], reason: '元旦假期延长一天' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('VERSION_CONFLICT');
      expect((await t.http().get('/v1/calendars')).body.version).toBe(1);
    });

    it('is published again only as a correction with a reason that changes its dates', async () => {
      expect((await publish(YEAR_2027)).status).toBe(409);
      const unchanged = await publish({ ...YEAR_2027, reason: '重新发布' });
      expect(unchanged.status).toBe(422);
      expect(unchanged.body.code).toBe('CALENDAR_UNCHANGED');
      const corrected = await publish({
        ...YEAR_2027,
        holidays: [...YEAR_2027.holidays, '2027-01-04'],
        reason: '元旦假期延长一天',
      });
      expect(corrected.status).toBe(201);
      expect(corrected.body).toMatchObject({ version: 2, reason: '元旦假期延长一天' });
      expect((await deadline('2026-12-31', 1)).body).toMatchObject({ date: '2027-01-05', calendarVersion: 2 });
    });

    it('keeps a built-in year correctable with a reason', async () => {
      const data2026 = officialCalendar().calendarYear(2026);
      const res = await publish({
        ...data2026,
        holidays: data2026.holidays.slice(0, -1),
        source: '更正通知',
        reason: '更正录入错误',
      });
      expect(res.status).toBe(201);
      expect((await t.http().get('/v1/calendars/2026')).body).toMatchObject({ source: '更正通知', version: 3 });
    });
  });

  describe('POST /v1/admin/calendars with the notice', () => {
    /** A hypothetical notice for 2028. */
    const NOTICE_2028 = {
      year: 2028,
      documentNo: '国办发明电〔2027〕9号',
      date: '2027-11-08',
      holidays: [
        { name: '元旦', firstDayOff: '2028-01-01', lastDayOff: '2028-01-03', workdays: [] },
        { name: '春节', firstDayOff: '2028-01-25', lastDayOff: '2028-02-01', workdays: ['2028-01-22', '2028-02-05'] },
      ],
    };
    const SAMPLE_2025 = JSON.parse(
      readFileSync(join(__dirname, '../samples/calendar-2025-notice.json'), 'utf8'),
    ) as typeof NOTICE_2028;

    it('publishes the year the notice describes, recording its holidays as stated', async () => {
      const res = await publish({ notice: NOTICE_2028 });
      expect(res.status).toBe(201);
      const holidays = [
        ...['2028-01-01', '2028-01-02', '2028-01-03', '2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28'],
        ...['2028-01-29', '2028-01-30', '2028-01-31', '2028-02-01'],
      ];
      expect(res.body).toEqual({
        streamId: 'calendar-CN',
        version: expect.any(Number),
        position: expect.any(Number),
        year: 2028,
        holidays,
        workdays: ['2028-01-22', '2028-02-05'],
        source: '国办发明电〔2027〕9号',
        approval: { authority: '国务院办公厅', documentNo: '国办发明电〔2027〕9号', date: '2027-11-08' },
        holidayPeriods: NOTICE_2028.holidays,
      });
      const year = await t.http().get('/v1/calendars/2028');
      expect(year.body).toMatchObject({ holidays, holidayPeriods: NOTICE_2028.holidays });
      expect((await deadline('2028-01-21', 1)).body.date).toBe('2028-01-22');
    });

    it('finds the 2025 sample identical to the built-in 2025: 409 without a reason, 422 unchanged with one', async () => {
      const exists = await publish({ notice: SAMPLE_2025 });
      expect(exists.status).toBe(409);
      expect(exists.body.code).toBe('CALENDAR_YEAR_EXISTS');
      const unchanged = await publish({ notice: SAMPLE_2025, reason: '核对' });
      expect(unchanged.status).toBe(422);
      expect(unchanged.body.code).toBe('CALENDAR_UNCHANGED');
    });

    it.each([
      [{ notice: NOTICE_2028, year: 2028, holidays: [] }, ['holidays', 'year']],
      [{}, ['holidays', 'source', 'workdays', 'year']],
      [
        { notice: { ...NOTICE_2028, holidays: [{ name: '元旦', firstDayOff: '1 January' }] } },
        ['notice.holidays.0.firstDayOff', 'notice.holidays.0.lastDayOff', 'notice.holidays.0.workdays'],
      ],
      [{ notice: { ...NOTICE_2028, documentNo: '', colour: 'red' } }, ['notice.colour', 'notice.documentNo']],
    ])('answers a malformed body with 400 VALIDATION_FAILED naming the fields (%#)', async (body, fields) => {
      const res = await publish(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors).sort()).toEqual(fields);
    });

    it('answers a notice whose dates do not fit with 400 CALENDAR_INVALID naming each, and writes nothing', async () => {
      const before = (await t.http().get('/v1/calendars')).body.version;
      const res = await publish({
        notice: {
          ...NOTICE_2028,
          year: 2029,
          holidays: [{ name: '元旦', firstDayOff: '2029-01-03', lastDayOff: '2029-01-01', workdays: ['2028-12-30'] }],
        },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'CALENDAR_INVALID',
        errors: {
          'notice.holidays[0].lastDayOff': ['2029-01-01 is before 2029-01-03'],
          'notice.holidays[0].workdays[0]': [expect.stringContaining('2028-12-30 is not in 2029')],
        },
      });
      expect((await t.http().get('/v1/calendars')).body.version).toBe(before);
    });
  });

  describe('query validation', () => {
    it.each([
      ['/v1/calendars/deadline', { from: '2026-12-31' }, 'days'],
      ['/v1/calendars/deadline', { from: '2026-12-31', days: -1 }, 'days'],
      ['/v1/calendars/deadline', { from: '31.12.2026', days: 1 }, 'from'],
      ['/v1/calendars/working-days', { from: '2026-01-01' }, 'to'],
    ])('answers %s?%j with 400 naming %s', async (path, query, field) => {
      const res = await t.http().get(path).query(query);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { [field]: expect.arrayContaining([expect.any(String)]) },
      });
    });

    it('answers an impossible date with 400 INVALID_DATE and a year that is no number with 400', async () => {
      const res = await deadline('2026-02-30', 1);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('INVALID_DATE');
      expect((await t.http().get('/v1/calendars/next')).status).toBe(400);
    });

    it('answers an unknown key with 401 even on these public endpoints', async () => {
      expect((await t.http().get('/v1/calendars').set(as(UNKNOWN_KEY))).status).toBe(401);
    });
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const { body } = await t.http().get('/docs-json');
    expect(body.paths['/v1/admin/calendars'].post.responses).toHaveProperty('201');
    expect(body.components.schemas.HolidayNoticeRequest.required).toEqual(['year', 'documentNo', 'date', 'holidays']);
    expect(body.components.schemas.PublishCalendarYearRequest.properties.notice).toBeDefined();
    for (const path of [
      '/v1/calendars',
      '/v1/calendars/{year}',
      '/v1/calendars/deadline',
      '/v1/calendars/working-days',
    ])
      expect(body.paths[path].get.responses).toHaveProperty('200');
  });
});
