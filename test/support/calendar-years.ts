import { TestApp } from './create-test-app';

/** The year of an instant in Asia/Shanghai. */
export const shanghaiYear = (ms: number): number => new Date(ms + 8 * 3_600_000).getUTCFullYear();

/**
 * Writes are recorded at the real time, and the detectors count working days up to it, so the suites need the years
 * around today on the calendar whenever they run. The built-in calendar may not know them yet (the State Council
 * publishes each year in late autumn): the admin then publishes them as plain weeks, as an operator would, and every
 * year between the last one known and them too, since a count from a fixed date in the past runs through those.
 */
export async function publishMissingCalendarYears(t: TestApp, adminKey: string, years: number[]): Promise<void> {
  const listed = (await t.http().get('/v1/calendars')).body as { items: { year: number }[] };
  const known = listed.items.map((y) => y.year);
  const from = Math.min(...years, Math.max(...known) + 1);
  const through = Math.max(...years);
  const missing = Array.from({ length: Math.max(0, through - from + 1) }, (_, index) => from + index);
  for (const year of missing.filter((y) => !known.includes(y))) {
    const res = await t
      .http()
      .post('/v1/admin/calendars')
      .set({ Authorization: `Bearer ${adminKey}` })
      .send({ year, holidays: [], workdays: [], source: 'e2e' });
    if (res.status !== 201) throw new Error(`Publishing calendar year ${year} answered ${res.status}`);
  }
}
