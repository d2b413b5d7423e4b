import FakeTimers from '@sinonjs/fake-timers';
import { Client } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { Clock, SettableClock } from '@app/platform';
import { DemoRefusedError, demoWindow, loadDemo, DemoSummary, returnToPresent } from '../apps/api/src/demo/load-demo';
import { createTestApp, TestApp } from './support/create-test-app';

/**
 * npm run demo's loader against a fresh database, as demo.main.ts runs it: the year goes through the API with the
 * process's Date and the detectors' clock walking through it. The records must be what a year of use leaves: every
 * request accepted, recording times in log order across the year, intact hash chains, cards and cases of each kind;
 * and a second run writes nothing.
 */
describe('npm run demo', () => {
  let t: TestApp;
  let fakeDate: ReturnType<typeof FakeTimers.install>;
  let first: DemoSummary;
  const window = demoWindow(Date.now());

  const count = async (sql: string): Promise<number> =>
    Number((await t.db.dataSource.query<{ n: string }[]>(sql))[0].n);

  beforeAll(async () => {
    fakeDate = FakeTimers.install({ toFake: ['Date'], now: window.setUpAt, shouldAdvanceTime: true });
    t = await createTestApp({ CLOCK: 'settable' });
    const clock = t.app.get(Clock);
    if (!(clock instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
    const time = { set: (instant: number) => fakeDate.setSystemTime(instant) };
    // A server on the same database would judge the year by today's clock: the demo refuses to load beside one.
    const server = new Client({ connectionString: t.db.url, application_name: 'power-supervision' });
    await server.connect();
    try {
      await expect(loadDemo(t.app, window, time, clock, () => {})).rejects.toThrow(DemoRefusedError);
    } finally {
      await server.end();
    }
    expect(await count("SELECT count(*) AS n FROM events WHERE type <> 'ApiKeyIssued'")).toBe(0);
    first = await loadDemo(t.app, window, time, clock, () => {});
    expect(await returnToPresent(t.app, fakeDate, clock)).toEqual([]);
    // About 2,900 requests: some 15 s alone, several times that beside the other test files on a 2-core machine.
  }, 180_000);

  afterAll(async () => {
    fakeDate?.uninstall();
    await t?.close();
  });

  it('sends the whole year through the API and issues a key per role and department', () => {
    expect(first.loaded).toBe(true);
    expect(first.operations).toBeGreaterThan(400);
    expect(first.complaints).toBeGreaterThan(20);
    expect(Object.keys(first.keys).sort()).toEqual(
      ['CG', 'CG-ZS', 'NH', 'YC', 'YC-LH', 'admin', 'investigator', 'reviewer', 'supervisor'].sort(),
    );
  });

  it('records each fact when it would have been recorded: across the year, in log order, chains intact', async () => {
    const [span] = await t.db.dataSource.query<{ first: Date; last: Date }[]>(
      'SELECT min(recorded_at) AS first, max(recorded_at) AS last FROM events',
    );
    expect(span.first.getTime()).toBeLessThan(window.start);
    expect(span.last.getTime()).toBeGreaterThan(window.end - 7 * 86_400_000);
    // Along the log the recording time never goes back, but for the milliseconds by which concurrent writers (a
    // request, the detectors) may take their time and their position in opposite orders.
    const [back] = await t.db.dataSource.query<{ ms: number }[]>(
      `SELECT coalesce(max(extract(epoch FROM a.recorded_at - b.recorded_at) * 1000), 0)::float AS ms
         FROM events a JOIN events b ON b.global_position = a.global_position + 1`,
    );
    expect(back.ms).toBeLessThan(1000);
    expect((await new PostgresEventStore(t.db.dataSource).verifyAll()).broken).toEqual([]);
  });

  it('leaves late completions, late registrations, overdue rectification and a case in each tier', async () => {
    const supervisor = { Authorization: `Bearer ${first.keys.supervisor}` };
    const cards = (await t.http().get('/v1/alerts?level=red&ground=7&limit=1').set(supervisor)).body as {
      items: unknown[];
    };
    expect(cards.items).toHaveLength(1);
    expect(await count("SELECT count(*) AS n FROM events WHERE type = 'AlertRaised'")).toBeGreaterThan(50);
    expect(await count("SELECT count(*) AS n FROM alerts WHERE cause = 'late-registration'")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM alerts WHERE cause = 'rectification-overdue'")).toBe(1);
    const cases = (await t.http().get('/v1/cases').set(supervisor)).body as {
      items: { status: string; persons: { decision: { tier?: string } | null }[] }[];
    };
    expect(cases.items).toHaveLength(4);
    const tiers = cases.items.flatMap((c) => c.persons.map((p) => p.decision?.tier)).filter(Boolean);
    expect(tiers.sort()).toEqual(['minor', 'serious', 'severe']);
    const evaluations = (await t.http().get('/v1/evaluations').set(supervisor)).body as { items: unknown[] };
    expect(evaluations.items).toHaveLength(1);
  });

  it('writes nothing but new keys when run again', async () => {
    const head = await count('SELECT max(global_position) AS n FROM events');
    const keyEvents = await count('SELECT count(*) AS n FROM api_keys');
    const again = await loadDemo(
      t.app,
      window,
      { set: (instant) => fakeDate.setSystemTime(instant) },
      t.app.get<Clock, SettableClock>(Clock),
      () => {},
    );
    expect(again.loaded).toBe(false);
    expect(again.keys.supervisor).not.toBe(first.keys.supervisor);
    expect(
      await count(`SELECT count(*) AS n FROM events WHERE global_position > ${head} AND type <> 'ApiKeyIssued'`),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM api_keys')).toBeGreaterThan(keyEvents);
  });
});
