import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { DuplicateEventIdError, VersionConflictError } from '../event-store.errors';
import {
  AppendRequest,
  AppendResult,
  ChainBreak,
  EventStore,
  ExpectedVersion,
  GlobalCheckpoint,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  START_OF_LOG,
  Unsubscribe,
  VerifyReport,
} from '../event-store.port';
import { canonicalEnvelope, chainHash, GENESIS_HASH } from '../hash-chain';
import { preparedQuery } from './prepared-query';

export const EVENTS_CHANNEL = 'events_appended';

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  prev_hash: Buffer;
  hash: Buffer;
}

interface AppendedRow {
  event_id: string;
  stream_id: string;
  stream_version: string;
  global_position: string;
  already_stored: boolean;
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

const SELECT_COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_version, type,
  schema_version, data, metadata, recorded_at, prev_hash, hash`;

export interface PostgresEventStoreOptions {
  /** Clock for events appended without recordedAt. */
  now?: () => Date;
  /** At most one cross-process NOTIFY per this many milliseconds; local subscribers are woken at once. */
  notifyThrottleMs?: number;
}

/**
 * The PostgreSQL event store. Appends are one call of append_events() (one round trip), so the per-stream
 * hash chain, the expected-version check and the insert all happen in the caller's transaction without a
 * global lock. NOTIFY carries no data and is throttled: it only wakes readers in other processes, while
 * subscribers in this process are woken directly.
 */
export class PostgresEventStore implements EventStore {
  private readonly localSubscribers = new Set<() => void>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;
  private readonly notifyThrottleMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: PostgresEventStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.notifyThrottleMs = options.notifyThrottleMs ?? 20;
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendMany([request]);
    return result;
  }

  async appendMany(requests: AppendRequest[], manager?: EntityManager): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    const seen = new Set<string>();
    for (const request of requests) {
      if (request.events.length === 0) throw new Error(`Append to ${request.streamId} has no events`);
      if (seen.has(request.streamId)) throw new Error(`Stream ${request.streamId} appears twice in one append`);
      seen.add(request.streamId);
    }
    const recordedAt = this.now().toISOString();
    const envelopes = requests.flatMap((request) =>
      request.events.map((event) =>
        canonicalEnvelope({
          eventId: event.eventId,
          type: event.type,
          schemaVersion: event.schemaVersion ?? 1,
          data: event.data,
          metadata: event.metadata ?? {},
          recordedAt: event.recordedAt ?? recordedAt,
        }),
      ),
    );
    let rows: AppendedRow[];
    try {
      const executor = manager ?? this.dataSource;
      rows =
        envelopes.length === 1
          ? await this.appendOne(requests[0], envelopes[0], manager)
          : await executor.query<AppendedRow[]>(
              // The envelopes travel as one JSON array: JSON.stringify is native, while pg escapes a text[]
              // literal element by element in JavaScript; json (not jsonb) gives each string back unchanged.
              `SELECT * FROM append_events($1::text[], $2::bigint[], $3::integer[],
                 ARRAY(SELECT e FROM json_array_elements_text($4::json) WITH ORDINALITY AS x(e, n) ORDER BY n))`,
              [
                requests.map((r) => r.streamId),
                requests.map((r) => expectedToSql(r.expectedVersion)),
                requests.map((r) => r.events.length),
                JSON.stringify(envelopes),
              ],
            );
    } catch (error) {
      // A unique violation may be a retry racing (or, on the single-event path, simply repeating) its original.
      const stored = (error as PgError).code === '23505' ? await this.storedRows(requests) : [];
      if (stored.length === 0 || stored.length !== envelopes.length)
        throw await this.translateAppendError(error, requests);
      rows = stored;
    }
    const results = toResults(requests, rows);
    if (results.some((r) => !r.duplicate)) this.wake();
    return results;
  }

  private appendOne(request: AppendRequest, envelope: string, manager?: EntityManager): Promise<AppendedRow[]> {
    const text = 'SELECT * FROM append_event($1, $2::bigint, $3)';
    const values = [request.streamId, expectedToSql(request.expectedVersion), envelope];
    return manager
      ? manager.query<AppendedRow[]>(text, values)
      : preparedQuery(this.dataSource, 'es-append-event', text, values);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await preparedQuery<EventRow>(
      this.dataSource,
      'es-read-stream',
      `SELECT ${SELECT_COLUMNS} FROM events
        WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3
        ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 1, options.toVersion ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START_OF_LOG;
    const rows = await preparedQuery<EventRow>(
      this.dataSource,
      'es-read-all',
      `SELECT ${SELECT_COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, global_position
        LIMIT $3`,
      [after.transactionId, after.position, options.limit ?? 1000],
    );
    return rows.map(toRecorded);
  }

  async checkpointOf(globalPosition: number): Promise<GlobalCheckpoint | undefined> {
    const rows = await this.dataSource.query<{ transaction_id: string }[]>(
      'SELECT transaction_id::text AS transaction_id FROM events WHERE global_position = $1',
      [globalPosition],
    );
    return rows.length === 0 ? undefined : { transactionId: rows[0].transaction_id, position: globalPosition };
  }

  async subscribe(onWake: () => void, pollMs: number): Promise<Unsubscribe> {
    this.localSubscribers.add(onWake);
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url });
    let closed = false;
    client.on('notification', () => onWake());
    // A lost LISTEN connection is not fatal: polling keeps the consumer going.
    client.on('error', () => undefined);
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    const timer = setInterval(onWake, pollMs);
    return async () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      this.localSubscribers.delete(onWake);
      await client.end().catch(() => undefined);
    };
  }

  async verifyStream(streamId: string): Promise<VerifyReport> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${SELECT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    const brokenAt = firstBreak(rows.map(toRecorded));
    return { streamsChecked: rows.length > 0 ? 1 : 0, eventsChecked: rows.length, broken: brokenAt ? [brokenAt] : [] };
  }

  /**
   * Recomputes every chain, streaming the log in (stream_id, stream_version) order with keyset pagination so
   * memory stays flat however large the store.
   */
  async verifyAll(batchSize = 5000): Promise<VerifyReport> {
    const broken: ChainBreak[] = [];
    let eventsChecked = 0;
    let streamsChecked = 0;
    let current: { streamId: string; prevHash: string; version: number; broken: boolean } | undefined;
    let after: [string, number] = ['', 0];
    for (;;) {
      const rows = await this.dataSource.query<EventRow[]>(
        `SELECT ${SELECT_COLUMNS} FROM events WHERE (stream_id, stream_version) > ($1, $2)
          ORDER BY stream_id, stream_version LIMIT $3`,
        [after[0], after[1], batchSize],
      );
      for (const event of rows.map(toRecorded)) {
        eventsChecked += 1;
        if (!current || current.streamId !== event.streamId) {
          streamsChecked += 1;
          current = { streamId: event.streamId, prevHash: GENESIS_HASH, version: 0, broken: false };
        }
        if (!current.broken) {
          const reason = checkLink(event, current.prevHash, current.version);
          if (reason) {
            current.broken = true;
            broken.push({
              streamId: event.streamId,
              streamVersion: event.streamVersion,
              globalPosition: event.globalPosition,
              reason,
            });
          }
        }
        current.prevHash = event.hash;
        current.version = event.streamVersion;
        after = [event.streamId, event.streamVersion];
      }
      if (rows.length < batchSize) break;
    }
    broken.sort((a, b) => a.globalPosition - b.globalPosition);
    return { streamsChecked, eventsChecked, broken };
  }

  /** Wakes local subscribers now and other processes through a throttled NOTIFY. */
  private wake(): void {
    for (const subscriber of this.localSubscribers) subscriber();
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      this.dataSource.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`).catch(() => undefined);
    }, this.notifyThrottleMs);
    this.notifyTimer.unref();
  }

  private async storedRows(requests: AppendRequest[]): Promise<AppendedRow[]> {
    return this.dataSource.query<AppendedRow[]>(
      `SELECT event_id, stream_id, stream_version, global_position, true AS already_stored
         FROM events WHERE event_id = ANY ($1::uuid[]) ORDER BY global_position`,
      [requests.flatMap((r) => r.events.map((e) => e.eventId))],
    );
  }

  private async translateAppendError(error: unknown, requests: AppendRequest[]): Promise<unknown> {
    const pg = error as PgError;
    if (pg.code === 'ES409') {
      const detail = JSON.parse(pg.detail ?? '{}') as { streamId: string; actual: string };
      const request = requests.find((r) => r.streamId === detail.streamId);
      return new VersionConflictError(
        detail.streamId,
        describeExpected(request?.expectedVersion),
        Number(detail.actual),
      );
    }
    if (pg.code === 'ES400')
      return new DuplicateEventIdError('Some of these event ids are already stored, some are not');
    if (pg.code === '23505' && pg.constraint === 'events_stream_version_key') {
      // A concurrent writer committed first at the same version.
      const streamId = /\(stream_id, stream_version\)=\((.*), \d+\)/.exec(pg.detail ?? '')?.[1] ?? requests[0].streamId;
      const request = requests.find((r) => r.streamId === streamId) ?? requests[0];
      const [head] = await this.dataSource.query<{ version: string | null }[]>(
        'SELECT max(stream_version) AS version FROM events WHERE stream_id = $1',
        [request.streamId],
      );
      return new VersionConflictError(
        request.streamId,
        describeExpected(request.expectedVersion),
        Number(head.version ?? 0),
      );
    }
    if (pg.code === '23505' && pg.constraint === 'events_event_id_key') {
      return new DuplicateEventIdError('Some of these event ids are already stored, some are not');
    }
    return error;
  }
}

function expectedToSql(expected: ExpectedVersion): number | null {
  if (expected === 'any') return null;
  if (expected === 'no-stream') return 0;
  if (!Number.isInteger(expected) || expected < 1) throw new Error(`Invalid expected version ${String(expected)}`);
  return expected;
}

function describeExpected(expected: ExpectedVersion | undefined): string | number {
  return expected === undefined ? 'any' : expected;
}

function toResults(requests: AppendRequest[], rows: AppendedRow[]): AppendResult[] {
  const byId = new Map(rows.map((row) => [row.event_id, row]));
  return requests.map((request) => {
    const events = request.events.map((event) => {
      const row = byId.get(event.eventId);
      if (!row || row.stream_id !== request.streamId) {
        throw new DuplicateEventIdError(`Event ${event.eventId} is stored in another stream`);
      }
      return {
        eventId: event.eventId,
        streamVersion: Number(row.stream_version),
        globalPosition: Number(row.global_position),
      };
    });
    const last = events[events.length - 1];
    return {
      streamId: request.streamId,
      version: last.streamVersion,
      position: last.globalPosition,
      events,
      duplicate: rows.every((row) => row.already_stored),
    };
  });
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: Number(row.global_position),
    transactionId: row.transaction_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at.toISOString(),
    prevHash: row.prev_hash.toString('hex'),
    hash: row.hash.toString('hex'),
  };
}

function checkLink(
  event: RecordedEvent,
  expectedPrev: string,
  previousVersion: number,
): ChainBreak['reason'] | undefined {
  if (event.streamVersion !== previousVersion + 1) return 'version-gap';
  if (event.prevHash !== expectedPrev) return 'prev-hash-mismatch';
  const recomputed = chainHash(expectedPrev, event.streamId, event.streamVersion, canonicalEnvelope(event));
  return recomputed === event.hash ? undefined : 'hash-mismatch';
}

function firstBreak(events: RecordedEvent[]): ChainBreak | undefined {
  let prev = GENESIS_HASH;
  let version = 0;
  for (const event of events) {
    const reason = checkLink(event, prev, version);
    if (reason)
      return {
        streamId: event.streamId,
        streamVersion: event.streamVersion,
        globalPosition: event.globalPosition,
        reason,
      };
    prev = event.hash;
    version = event.streamVersion;
  }
  return undefined;
}

/** A fresh UUIDv7 for a new event: time-ordered, so event ids index well. */
export const newEventId = (): string => uuidv7();
