import officialData from './data/official-calendar.2010-2026.json';
import { WorkingCalendar } from './working-calendar';

let official: WorkingCalendar | undefined;

/**
 * The built-in calendar, 2010–2026, generated from the `chinese-days` package by
 * `scripts/generate-official-calendar.mjs` and committed, so nothing is fetched or imported from npm at run time.
 * Later years are published by administrators and added with `withYear`.
 */
export function officialCalendar(): WorkingCalendar {
  official ??= WorkingCalendar.fromYears(officialData.years);
  return official;
}
