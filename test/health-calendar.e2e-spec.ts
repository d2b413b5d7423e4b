import { Clock, SettableClock } from '@app/platform';
import { createTestApp, TestApp } from './support/create-test-app';
import { freshHealth } from './support/health';

/**
 * GET /health says how far ahead the working calendar is known, so that an operator publishes next year before
 * registrations start waiting for it (deadlines pending). The built-in calendar knows 2010–2026.
 */
describe('GET /health: the calendar', () => {
  let t: TestApp;
  let clock: SettableClock;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ CLOCK: 'settable' });
    const provided = t.app.get(Clock);
    if (!(provided instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
    clock = provided;
    admin = await t.keyFor('admin');
  });
  afterAll(() => t.close());

  const calendar = async () => {
    const res = await freshHealth(t);
    expect(res.status).toBe(200);
    return (res.body as { calendar: { knownThrough: string | null; daysAhead: number; short: boolean } }).calendar;
  };

  it('counts the days from today (Asia/Shanghai) to the end of the last known year, short under 90', async () => {
    clock.set('2025-06-01T10:00:00+08:00');
    expect(await calendar()).toEqual({ knownThrough: '2026-12-31', daysAhead: 578, short: false });
    // The day is Shanghai's: 15:30 UTC is still 2026-10-02 there, 16:30 UTC already 2026-10-03.
    clock.set('2026-10-02T15:30:00Z');
    expect(await calendar()).toEqual({ knownThrough: '2026-12-31', daysAhead: 90, short: false });
    clock.set('2026-10-02T16:30:00Z');
    expect(await calendar()).toEqual({ knownThrough: '2026-12-31', daysAhead: 89, short: true });
    clock.set('2026-11-29T10:00:00+08:00');
    expect(await calendar()).toEqual({ knownThrough: '2026-12-31', daysAhead: 32, short: true });
  });

  it('moves on once the next year is published, and is null in a year nobody published', async () => {
    clock.set('2026-11-29T10:00:00+08:00');
    const published = await t
      .http()
      .post('/v1/admin/calendars')
      .set({ Authorization: `Bearer ${admin}` })
      .send({ year: 2027, holidays: ['2027-01-01'], workdays: [], source: '国务院办公厅通知（e2e）' });
    expect(published.status).toBe(201);
    expect(await calendar()).toEqual({ knownThrough: '2027-12-31', daysAhead: 397, short: false });

    clock.set('2028-01-02T10:00:00+08:00');
    expect(await calendar()).toEqual({ knownThrough: null, daysAhead: 0, short: true });
  });
});
