import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  CalendarErrorCode,
  ComputeOperationDeadlines,
  DomainError,
  fold,
  operationDecider,
  OperationEvent,
  operationStreamId,
  PendingDeadlines,
  WorkingCalendar,
} from '@app/domain';
import {
  AppendRequest,
  DuplicateEventIdError,
  EVENT_STORE,
  EventStore,
  handleCommand,
  RecordedEvent,
  VersionConflictError,
} from '@app/event-store';
import { EntityManager } from 'typeorm';
import { CalendarProvider } from '@app/read-models';
import { Clock } from '@app/platform';
import { Projection } from '@app/projector';
import { recheckUndecided } from './alert-schedule';

export const PENDING_DEADLINES_REACTOR = 'operation-deadlines';

/** Operations computed per read and append: one readStreams and one appendMany each. */
const COMPUTE_CHUNK = 500;

/**
 * The pending event id of an operation's computation on one calendar version: a rerun after a crash, or a second
 * projector, appends the same id, which the store answers with the first write (a UUID v8 from SHA-256).
 */
export function deadlinesComputedEventId(operationId: string, calendarVersion: number): string {
  const bytes = createHash('sha256')
    .update(`operation-deadlines-computed\u0000${operationId}\u0000${calendarVersion}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What one computation came to: recorded now, done before (or never pending), or still waiting for a year. */
type Outcome = { id: string; kind: 'computed' | 'settled' } | { id: string; kind: 'waiting'; year: number };

/**
 * Computes the deadlines of operations recorded while a calendar year they need was unknown (DOMAIN: deadlines are
 * never guessed, facts are never refused). It keeps the operations awaiting a calendar in a table of its own, from
 * the events it reads, so that it never depends on another projection's progress. When a year is published it
 * computes every one the calendar now allows; an operation recorded pending on a calendar older than the one this
 * process holds (the API's reread at most a second earlier) is computed as soon as it arrives.
 *
 * Exactly once, restart-safe: the decider refuses a second computation (DEADLINES_NOT_PENDING), and the event id
 * derives from the operation and the calendar version, so a batch run again after a crash between the append and
 * the checkpoint writes nothing more. The alert detectors then see OperationDeadlinesComputed like any operation event
 * and raise what is due, including what was due already.
 */
@Injectable()
export class PendingDeadlinesReactor implements Projection {
  readonly name = PENDING_DEADLINES_REACTOR;
  readonly handles: readonly string[] = [
    'OperationRegistered',
    'OperationStepRecorded',
    'OperationDeadlinesComputed',
    'CalendarYearPublished',
  ];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly calendars: CalendarProvider,
    private readonly clock: Clock,
  ) {}

  async apply(tx: EntityManager, events: RecordedEvent[]): Promise<{ appended: boolean }> {
    const awaiting = new Map<string, number[] | null>();
    let published = false;
    for (const event of events) {
      if (event.type === 'CalendarYearPublished') {
        published = true;
        continue;
      }
      const { id, deadlinesPending } = event.data as { id: string; deadlinesPending?: PendingDeadlines };
      if (event.type === 'OperationDeadlinesComputed') awaiting.set(id, null);
      else if (deadlinesPending) awaiting.set(id, deadlinesPending.years);
    }
    await this.write(tx, awaiting);

    let snapshot = await this.calendars.current();
    const arrived = [...awaiting].filter((entry): entry is [string, number[]] => entry[1] !== null);
    if (published || arrived.some(([, years]) => !knowsAll(snapshot.calendar, years))) {
      snapshot = await this.calendars.refresh();
    }
    if (published) await recheckUndecided(tx, this.clock.now());
    const candidates = published ? await this.awaitingRows(tx) : arrived;
    const ready = candidates.filter(([, years]) => knowsAll(snapshot.calendar, years)).map(([id]) => id);
    let appended = false;
    for (let start = 0; start < ready.length; start += COMPUTE_CHUNK) {
      const outcomes = await this.compute(ready.slice(start, start + COMPUTE_CHUNK), snapshot);
      appended ||= outcomes.some((outcome) => outcome.kind === 'computed');
      await this.settle(tx, outcomes);
    }
    return { appended };
  }

  async reset(tx: EntityManager): Promise<void> {
    await tx.query('TRUNCATE operations_awaiting_calendar');
  }

  private async write(tx: EntityManager, awaiting: ReadonlyMap<string, number[] | null>): Promise<void> {
    const gone = [...awaiting].filter(([, years]) => years === null).map(([id]) => id);
    const waiting = [...awaiting].filter((entry): entry is [string, number[]] => entry[1] !== null);
    if (gone.length > 0) {
      await tx.query('DELETE FROM operations_awaiting_calendar WHERE operation_id = ANY($1::text[])', [gone]);
    }
    if (waiting.length > 0) await this.upsert(tx, waiting);
  }

  private async upsert(tx: EntityManager, rows: readonly [string, number[]][]): Promise<void> {
    await tx.query(
      `INSERT INTO operations_awaiting_calendar (operation_id, years)
       SELECT id, ARRAY(SELECT json_array_elements_text(years::json)::integer)
         FROM unnest($1::text[], $2::text[]) AS r(id, years)
       ON CONFLICT (operation_id) DO UPDATE SET years = EXCLUDED.years`,
      [rows.map(([id]) => id), rows.map(([, years]) => JSON.stringify(years))],
    );
  }

  private async awaitingRows(tx: EntityManager): Promise<[string, number[]][]> {
    const rows = await tx.query<{ operation_id: string; years: number[] }[]>(
      'SELECT operation_id, years FROM operations_awaiting_calendar ORDER BY operation_id',
    );
    return rows.map((row) => [row.operation_id, row.years]);
  }

  /** Computed or settled operations leave the table; one still short of a year now waits for that one. */
  private async settle(tx: EntityManager, outcomes: readonly Outcome[]): Promise<void> {
    const done = outcomes.filter((o) => o.kind !== 'waiting').map((o) => o.id);
    const waiting = outcomes.flatMap((o): [string, number[]][] => (o.kind === 'waiting' ? [[o.id, [o.year]]] : []));
    await this.write(
      tx,
      new Map<string, number[] | null>([...done.map((id): [string, null] => [id, null]), ...waiting]),
    );
  }

  /**
   * Reads the operations' streams at once, decides each computation and appends them all in one transaction; if an
   * operation moved meanwhile (a step recorded between the read and the append), each is handled on its own instead.
   */
  private async compute(
    ids: readonly string[],
    snapshot: { calendar: WorkingCalendar; version: number },
  ): Promise<Outcome[]> {
    const streams = await this.store.readStreams(ids.map(operationStreamId));
    const recordedAt = new Date().toISOString();
    const outcomes: Outcome[] = [];
    const appends: AppendRequest[] = [];
    for (const id of ids) {
      const history = streams.get(operationStreamId(id)) ?? [];
      const state = fold(
        operationDecider,
        history.map((e) => ({ type: e.type, data: e.data }) as OperationEvent),
      );
      const decided = this.decide(id, () => operationDecider.decide(this.command(id, snapshot, recordedAt), state));
      if ('outcome' in decided) {
        outcomes.push(decided.outcome);
        continue;
      }
      appends.push({
        streamId: operationStreamId(id),
        expectedVersion: history.length === 0 ? 'no-stream' : history[history.length - 1].streamVersion,
        events: decided.events.map((event) => ({
          eventId: deadlinesComputedEventId(id, snapshot.version),
          type: event.type,
          data: event.data,
          metadata: { computedBy: PENDING_DEADLINES_REACTOR },
        })),
      });
      outcomes.push({ id, kind: 'computed' });
    }
    if (appends.length === 0) return outcomes;
    try {
      await this.store.appendMany(appends);
      return outcomes;
    } catch (error) {
      if (!(error instanceof VersionConflictError || error instanceof DuplicateEventIdError)) throw error;
    }
    return Promise.all(
      outcomes.map((outcome) =>
        outcome.kind === 'computed' ? this.computeOne(outcome.id, snapshot) : Promise.resolve(outcome),
      ),
    );
  }

  private async computeOne(id: string, snapshot: { calendar: WorkingCalendar; version: number }): Promise<Outcome> {
    const recordedAt = new Date().toISOString();
    let outcome: Outcome = { id, kind: 'computed' };
    await handleCommand(
      this.store,
      {
        ...operationDecider,
        decide: (command, state) => {
          const decided = this.decide(id, () => operationDecider.decide(command, state));
          if ('events' in decided) return decided.events;
          outcome = decided.outcome;
          return [];
        },
      },
      operationStreamId(id),
      this.command(id, snapshot, recordedAt),
      {
        metadata: { computedBy: PENDING_DEADLINES_REACTOR },
        eventIds: () => [deadlinesComputedEventId(id, snapshot.version)],
      },
    );
    return outcome;
  }

  private command(
    id: string,
    snapshot: { calendar: WorkingCalendar; version: number },
    recordedAt: string,
  ): ComputeOperationDeadlines {
    return {
      type: 'ComputeOperationDeadlines',
      id,
      calendar: snapshot.calendar,
      calendarVersion: snapshot.version,
      recordedAt,
    };
  }

  /** The decider's answer, or why there is nothing to write: a year still unknown, or nothing pending any more. */
  private decide(id: string, run: () => OperationEvent[]): { events: OperationEvent[] } | { outcome: Outcome } {
    try {
      return { events: run() };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === CalendarErrorCode.yearUnknown) {
        return { outcome: { id, kind: 'waiting', year: error.details.year as number } };
      }
      if (error.code === 'DEADLINES_NOT_PENDING' || error.code === 'OPERATION_NOT_FOUND') {
        return { outcome: { id, kind: 'settled' } };
      }
      throw error;
    }
  }
}

function knowsAll(calendar: WorkingCalendar, years: readonly number[]): boolean {
  const known = new Set(calendar.knownYears());
  return years.every((year) => known.has(year));
}
