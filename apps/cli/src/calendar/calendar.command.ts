import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { Command } from 'commander';
import { calendarYearOfNotice, CalendarYear, DomainError, HolidayNotice } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { WithDatabase } from '../catalogue/catalogue.command';
import { formatComparison, formatNotice } from './calendar-notice.report';
import { CalendarPublishService } from './calendar-publish.service';

interface PublishFlags {
  dryRun?: boolean;
  reason?: string;
  actor: string;
}

const NOTICE_FIELDS = ['year', 'documentNo', 'date', 'authority', 'holidays'];
const PERIOD_FIELDS = ['name', 'firstDayOff', 'lastDayOff', 'workdays'];

/**
 * The notice file as JSON. Fields it does not know are refused rather than ignored, since a misspelt one (`workday`)
 * would otherwise silently drop what the operator meant to publish; everything else is the decider's to check.
 */
export function parseNotice(text: string): HolidayNotice {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
  const unknown = Object.keys(parsed).filter((field) => !NOTICE_FIELDS.includes(field));
  const { holidays } = parsed as { holidays?: unknown };
  if (Array.isArray(holidays)) {
    holidays.forEach((period: unknown, index) => {
      if (typeof period !== 'object' || period === null) return;
      for (const field of Object.keys(period)) {
        if (!PERIOD_FIELDS.includes(field)) unknown.push(`holidays[${index}].${field}`);
      }
    });
  }
  if (unknown.length > 0) throw new Error(`unknown fields ${unknown.join(', ')} (see samples/README.md)`);
  return parsed as HolidayNotice;
}

/** The notice's own paths, as the operator wrote them in the file. */
function printRefusal(error: DomainError): void {
  console.error(`Not published: ${error.message} (${error.code})`);
  for (const [field, messages] of Object.entries(error.fieldErrors)) {
    console.error(`  ${field.replace(/^notice\./, '')}: ${messages.join('; ')}`);
  }
}

async function publishNotice(file: string, flags: PublishFlags, withDatabase: WithDatabase): Promise<void> {
  let notice: HolidayNotice;
  let calendarYear: CalendarYear;
  try {
    notice = parseNotice(await readFile(file, 'utf8'));
    calendarYear = calendarYearOfNotice(notice);
  } catch (error) {
    if (error instanceof DomainError) printRefusal(error);
    else console.error(`Cannot read ${file}: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  console.log(formatNotice(notice, calendarYear));
  await withDatabase(async (database) => {
    const service = new CalendarPublishService(new PostgresEventStore(database.dataSource));
    console.log('');
    console.log(formatComparison(notice.year, await service.known(notice.year), calendarYear));
    try {
      const { recorded } = await service.publish(notice, {
        actorId: flags.actor,
        correlationId: randomUUID(),
        reason: flags.reason,
        dryRun: flags.dryRun ?? false,
      });
      console.log(
        recorded
          ? `Published ${notice.year}: calendar version ${recorded.version}, log position ${recorded.position}. ` +
              'Running API processes count with it within a second.'
          : `Dry run: nothing was written. Publishing would record ${notice.year} from ${notice.documentNo}.`,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      printRefusal(error);
      process.exitCode = 1;
    }
  });
}

/** `calendar publish <notice.json>`: a year of the official calendar from the State Council's notice. */
export function calendarCommand(withDatabase: WithDatabase): Command {
  const calendar = new Command('calendar').description('the official working-day calendar');
  calendar
    .command('publish')
    .description(
      'publish a year from the State Council notice (国务院办公厅关于…年部分节假日安排的通知) as JSON, ' +
        'format in samples/README.md; shows the days off and working weekends per month first',
    )
    .argument('<file>', 'the notice as JSON, e.g. samples/calendar-2025-notice.json')
    .option('--dry-run', 'check the notice against the calendar and show the year; write nothing')
    .option('--reason <text>', 'required to correct a year already known (built in or published before)')
    .option('--actor <id>', 'actor id recorded on the event (role admin)', `cli:${userInfo().username}`)
    .action((file: string, flags: PublishFlags) => publishNotice(file, flags, withDatabase));
  return calendar;
}
