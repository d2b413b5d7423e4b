import { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { uuidv7 } from 'uuidv7';
import { TurnBudget } from '@app/platform';
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
import {
  CanonicalEnvelopeBytes,
  canonicalEnvelopeBytes,
  chainHashOfParts,
  checkChainLink,
  envelopeText,
  firstChainBreak,
  GENESIS_HASH,
  genesisHashBytes,
  HashedEnvelope,
} from '../hash-chain';
import { ChainLink, KnownLinks } from './known-links';
import { preparedQuery } from './prepared-query';
import { isStorableText, unstorableTextError } from '../storable-text';

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

/** An event to append, with its canonical JSON. */
interface PendingEvent {
  streamId: string;
  envelope: HashedEnvelope;
  canonical: CanonicalEnvelopeBytes;
}

interface ChainLinkOf extends ChainLink {
  streamId: string;
}

/** Events chained in the process, as the columns the insert sends; hashes 32 bytes per event, in order. */
interface ChainedAppend {
  events: PendingEvent[];
  versions: number[];
  prevHashes: Buffer;
  hashes: Buffer;
  /** The stored links the events continue from (not for new streams), re-checked by the insert. */
  guards: ChainLinkOf[];
  /** Each stream's last link after the append. */
  heads: Map<string, ChainLink>;
}

const GENESIS_SQL = `'\\x${GENESIS_HASH}'::bytea`;
const INSERT_COLUMNS =
  'event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, prev_hash, hash';
const RETURNING = 'RETURNING event_id, stream_id, stream_version, global_position, false AS already_stored';

/**
 * One event chained by the store, inserted only if it continues the stored link it names ($9) — a new stream's
 * first event the genesis link. Data and metadata ($6, $7) are the canonical UTF-8 bytes, sent in binary format:
 * json's binary format is its text, so PostgreSQL stores exactly the bytes that were hashed.
 */
const INSERT_CHAINED_EVENT = `
  INSERT INTO events (${INSERT_COLUMNS})
  SELECT $1::uuid, $2::text, $3::bigint, $4::text, $5::integer, $6::json, $7::json, $8::timestamptz, $9::bytea,
         $10::bytea
   WHERE ($3::bigint = 1 AND $9::bytea = ${GENESIS_SQL})
      OR EXISTS (SELECT 1 FROM events e WHERE e.stream_id = $2::text AND e.stream_version = $3::bigint - 1
                                         AND e.hash = $9::bytea)
  ${RETURNING}`;

/**
 * Many events chained by the store, inserted in request order; nothing is inserted unless every stored link they
 * continue from ($11–$13) is as given. The other events are the first of a new stream (chained to genesis) or
 * follow an event of the same statement. Text columns travel as JSON arrays (JSON.stringify is native, while pg
 * escapes a text[] literal element by element in JavaScript), and data and metadata each as one JSON array copied
 * together from the canonical bytes, in binary format as above. Hashes travel as one bytea, 32 bytes per event.
 * The answer is one row: the event ids with their positions as one JSON text, which parses natively, instead of a
 * row per event.
 */
const INSERT_CHAINED_EVENTS = `
  WITH inserted AS (
  INSERT INTO events (${INSERT_COLUMNS})
  SELECT x.event_id::uuid, x.stream_id, x.stream_version, x.type, x.schema_version, x.data, x.metadata,
         x.recorded_at::timestamptz, substring($9::bytea FROM x.n::integer * 32 - 31 FOR 32),
         substring($10::bytea FROM x.n::integer * 32 - 31 FOR 32)
    FROM ROWS FROM (json_array_elements_text($1::json), json_array_elements_text($2::json), unnest($3::bigint[]),
                    json_array_elements_text($4::json), unnest($5::integer[]), json_array_elements($6::json),
                    json_array_elements($7::json), json_array_elements_text($8::json)) WITH ORDINALITY
         AS x(event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at, n)
   WHERE (SELECT count(*) FROM unnest($11::text[], $12::bigint[]) WITH ORDINALITY AS g(stream_id, stream_version, n)
            JOIN events e ON e.stream_id = g.stream_id AND e.stream_version = g.stream_version
           WHERE e.hash = substring($13::bytea FROM g.n::integer * 32 - 31 FOR 32)) = cardinality($11::text[])
   ORDER BY x.n
  RETURNING event_id, global_position)
  SELECT json_agg(json_build_array(event_id, global_position))::text AS positions FROM inserted`;

/** Streams per statement of readStreams. */
const READ_STREAMS_CHUNK = 1000;

const SELECT_COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_version, type,
  schema_version, data, metadata, recorded_at, prev_hash, hash`;

export interface PostgresEventStoreOptions {
  /** Clock for events appended without recordedAt. */
  now?: () => Date;
  /** At most one cross-process NOTIFY per this many milliseconds; local subscribers are woken at once. */
  notifyThrottleMs?: number;
  /** How many streams' last chain link to keep, so that appends after a read need no lookup in the database. */
  knownLinks?: number;
}

/**
 * Streams per append statement of appendBatch. The driver encodes a statement's parameters in one synchronous step
 * (for 1,000 registrations, 1.2 MB: 14–87 ms under a flood); statements of 250 streams freed the loop sooner but cost a
 * third of the batch throughput in bench:api, for a few more round trips and savepoints per batch.
 */
export const BATCH_CHUNK = 1000;

/**
 * The PostgreSQL event store. Appends are one call of append_events() (one round trip), so the per-stream
 * hash chain, the expected-version check and the insert all happen in the caller's transaction without a
 * global lock. NOTIFY carries no data and is throttled: it only wakes readers in other processes, while
 * subscribers in this process are woken directly; an append in the caller's transaction is announced by a NOTIFY in
 * that transaction, which PostgreSQL delivers when it commits.
 */
export class PostgresEventStore implements EventStore {
  private readonly localSubscribers = new Set<() => void>();
  private notifyTimer: NodeJS.Timeout | undefined;
  private readonly now: () => Date;
  private readonly notifyThrottleMs: number;
  private readonly links: KnownLinks;

  constructor(
    private readonly dataSource: DataSource,
    options: PostgresEventStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.notifyThrottleMs = options.notifyThrottleMs ?? 20;
    this.links = new KnownLinks(options.knownLinks ?? 10_000);
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const [result] = await this.appendMany([request]);
    return result;
  }

  /**
   * See the port. Appended BATCH_CHUNK streams per statement: the store sends a statement's columns as JSON arrays,
   * whose size costs linearly, and chains new streams itself.
   */
  appendBatch(requests: AppendRequest[]): Promise<AppendResult[]> {
    return this.dataSource.transaction(async (manager) => {
      const results: AppendResult[] = [];
      for (let start = 0; start < requests.length; start += BATCH_CHUNK) {
        results.push(...(await this.appendMany(requests.slice(start, start + BATCH_CHUNK), manager)));
      }
      const stored = results.findIndex((result) => result.duplicate);
      if (stored >= 0 && results.some((result) => !result.duplicate)) {
        throw new VersionConflictError(
          results[stored].streamId,
          requests[stored].expectedVersion,
          results[stored].version,
        );
      }
      return results;
    });
  }

  async appendMany(requests: AppendRequest[], manager?: EntityManager): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    const seen = new Set<string>();
    for (const request of requests) {
      if (request.events.length === 0) throw new Error(`Append to ${request.streamId} has no events`);
      if (!isStorableText(request.streamId)) throw unstorableTextError('its stream id', request.streamId);
      if (seen.has(request.streamId)) throw new Error(`Stream ${request.streamId} appears twice in one append`);
      seen.add(request.streamId);
    }
    const events = await this.canonicalEvents(requests);
    let rows: AppendedRow[];
    try {
      const chained = await this.chainFromKnownLinks(requests, events);
      rows = chained ? await this.appendChained(chained, manager) : [];
      if (chained && rows.length > 0) {
        for (const [streamId, link] of chained.heads) this.links.remember(streamId, link);
      } else {
        // No known link for some stream, a stale one, or a taken version or event id: the database chains the
        // events from the stored heads, and tells a retry (the stored rows) from a conflict (ES409).
        for (const request of requests) this.links.forget(request.streamId);
        rows = await this.appendChainedInDatabase(requests, events, manager);
      }
    } catch (error) {
      for (const request of requests) this.links.forget(request.streamId);
      // A unique violation may be a retry racing (or, on the single-event path, simply repeating) its original.
      const stored = (error as PgError).code === '23505' ? await this.storedRows(requests) : [];
      if (stored.length === 0 || stored.length !== events.length)
        throw await this.translateAppendError(error, requests);
      rows = stored;
    }
    const results = toResults(requests, rows);
    if (results.some((r) => !r.duplicate)) {
      // In the caller's transaction the events are visible only once it commits: a NOTIFY sent now is delivered
      // then (and dropped on rollback), while waking readers now would have them look too early.
      if (manager) await manager.query(`SELECT pg_notify('${EVENTS_CHANNEL}', '')`);
      else this.wake();
    }
    return results;
  }

  /**
   * The canonical JSON of every event, in request order; events of one append share their metadata bytes. A large
   * append makes its events canonical and chains them (chainFromKnownLinks) in turns of the event loop (TurnBudget),
   * letting the process serve what waits (a /health probe, a read) in between: a thousand events take about 45 ms of
   * CPU, in which every other request of the process would wait.
   */
  private async canonicalEvents(requests: AppendRequest[]): Promise<PendingEvent[]> {
    const recordedAt = this.now().toISOString();
    const events: PendingEvent[] = [];
    let lastMetadata: unknown;
    let lastMetadataBytes: Buffer | undefined;
    const budget = new TurnBudget();
    for (const request of requests) {
      for (const event of request.events) {
        const metadata = event.metadata ?? {};
        const envelope = {
          eventId: event.eventId,
          type: event.type,
          schemaVersion: event.schemaVersion ?? 1,
          data: event.data,
          metadata,
          recordedAt: event.recordedAt ?? recordedAt,
        };
        const canonical = canonicalEnvelopeBytes(envelope, metadata === lastMetadata ? lastMetadataBytes : undefined);
        lastMetadata = metadata;
        lastMetadataBytes = canonical.metadata;
        events.push({ streamId: request.streamId, envelope, canonical });
        await budget.check();
      }
    }
    return events;
  }

  /**
   * Chains the events here when the link each stream continues from is known: the genesis hash for a new stream,
   * or the last link this process read or wrote for the expected version. Returns undefined when a stream is
   * appended at `any` or its link is not known.
   */
  private async chainFromKnownLinks(
    requests: AppendRequest[],
    events: PendingEvent[],
  ): Promise<ChainedAppend | undefined> {
    const guards: ChainLinkOf[] = [];
    const starts: ChainLink[] = [];
    for (const request of requests) {
      if (request.expectedVersion === 'no-stream') {
        starts.push({ version: 0, hash: genesisHashBytes() });
        continue;
      }
      const expected = expectedToSql(request.expectedVersion);
      const link = expected === null ? undefined : this.links.get(request.streamId);
      if (!link || link.version !== expected) return undefined;
      starts.push(link);
      guards.push({ streamId: request.streamId, ...link });
    }
    // Columns rather than an object per event: this loop runs for every event of a batch.
    const versions = new Array<number>(events.length);
    const prevHashes = Buffer.allocUnsafe(32 * events.length);
    const hashes = Buffer.allocUnsafe(32 * events.length);
    const heads = new Map<string, ChainLink>();
    let k = 0;
    const budget = new TurnBudget();
    for (const [i, request] of requests.entries()) {
      let { version, hash } = starts[i];
      for (let j = 0; j < request.events.length; j += 1, k += 1) {
        hash.copy(prevHashes, 32 * k);
        version += 1;
        hash = chainHashOfParts(hash, request.streamId, version, events[k].canonical);
        hash.copy(hashes, 32 * k);
        versions[k] = version;
        // The links were read above and the insert checks them against the stored ones, so another append
        // meanwhile cannot make this chain wrong, only stale (then the database chains).
        await budget.check();
      }
      heads.set(request.streamId, { version, hash });
    }
    return { events, versions, prevHashes, hashes, guards, heads };
  }

  /**
   * Inserts events chained by chainFromKnownLinks. The statement itself checks that every link they continue from
   * is the one stored, so a stale cached link inserts nothing. Returns the inserted rows, or none when a link was
   * stale or an event hit a taken version or event id: the caller then lets the database chain and decide (a
   * retry, or a conflict). Inside the caller's transaction a savepoint keeps that unique violation from aborting it.
   */
  private async appendChained(chained: ChainedAppend, manager?: EntityManager): Promise<AppendedRow[]> {
    if (!manager) return this.insertChained(chained).catch(noneOnUniqueViolation);
    await manager.query('SAVEPOINT chained_append');
    try {
      const rows = await this.insertChained(chained, manager);
      await manager.query('RELEASE SAVEPOINT chained_append');
      return rows;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT chained_append');
      return noneOnUniqueViolation(error);
    }
  }

  private async insertChained(chained: ChainedAppend, manager?: EntityManager): Promise<AppendedRow[]> {
    const { events, versions, prevHashes, hashes, guards } = chained;
    if (events.length === 1) {
      const [{ envelope, streamId, canonical }] = events;
      return this.query(manager, 'es-insert-chained-event', INSERT_CHAINED_EVENT, [
        envelope.eventId,
        streamId,
        versions[0],
        envelope.type,
        envelope.schemaVersion,
        canonical.data,
        canonical.metadata,
        envelope.recordedAt,
        prevHashes,
        hashes,
      ]);
    }
    const [{ positions }] = await this.query<{ positions: string | null }>(
      manager,
      'es-insert-chained-events',
      INSERT_CHAINED_EVENTS,
      [
        JSON.stringify(events.map((e) => e.envelope.eventId)),
        JSON.stringify(events.map((e) => e.streamId)),
        versions,
        JSON.stringify(events.map((e) => e.envelope.type)),
        events.map((e) => e.envelope.schemaVersion),
        jsonArrayOf(events.map((e) => e.canonical.data)),
        jsonArrayOf(events.map((e) => e.canonical.metadata)),
        JSON.stringify(events.map((e) => e.envelope.recordedAt)),
        prevHashes,
        hashes,
        guards.map((g) => g.streamId),
        guards.map((g) => g.version),
        Buffer.concat(guards.map((g) => g.hash)),
      ],
    );
    if (positions === null) return [];
    const indexOf = new Map(events.map((e, k) => [e.envelope.eventId, k]));
    return (JSON.parse(positions) as [string, number][]).map(([eventId, position]) => {
      const k = indexOf.get(eventId)!;
      return {
        event_id: eventId,
        stream_id: events[k].streamId,
        stream_version: String(versions[k]),
        global_position: String(position),
        already_stored: false,
      };
    });
  }

  /** Lets the database look up each stream's head and chain the events (append_event / append_events). */
  private appendChainedInDatabase(
    requests: AppendRequest[],
    events: PendingEvent[],
    manager?: EntityManager,
  ): Promise<AppendedRow[]> {
    // append_event() meets a retry with a unique violation, which would abort the caller's transaction;
    // append_events() looks the head up first and answers it.
    if (events.length === 1 && !manager) {
      return this.query(manager, 'es-append-event', 'SELECT * FROM append_event($1, $2::bigint, $3)', [
        requests[0].streamId,
        expectedToSql(requests[0].expectedVersion),
        envelopeText(events[0].canonical),
      ]);
    }
    return this.query(
      manager,
      'es-append-events',
      // The envelopes travel as one JSON array: JSON.stringify is native, while pg escapes a text[] literal
      // element by element in JavaScript; json (not jsonb) gives each string back unchanged.
      `SELECT * FROM append_events($1::text[], $2::bigint[], $3::integer[],
         ARRAY(SELECT e FROM json_array_elements_text($4::json) WITH ORDINALITY AS x(e, n) ORDER BY n))`,
      [
        requests.map((r) => r.streamId),
        requests.map((r) => expectedToSql(r.expectedVersion)),
        requests.map((r) => r.events.length),
        JSON.stringify(events.map((e) => envelopeText(e.canonical))),
      ],
    );
  }

  /** A named prepared statement on the pool, or, inside the caller's transaction, a query on its manager. */
  private query<Row>(
    manager: EntityManager | undefined,
    name: string,
    text: string,
    values: unknown[],
  ): Promise<Row[]> {
    return manager ? manager.query<Row[]>(text, values) : preparedQuery<Row>(this.dataSource, name, text, values);
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
    if (rows.length > 0) {
      const last = rows[rows.length - 1];
      this.links.remember(streamId, { version: Number(last.stream_version), hash: last.hash });
    }
    return rows.map(toRecorded);
  }

  async readStreams(
    streamIds: readonly string[],
    options: { afterVersions?: ReadonlyMap<string, number> } = {},
  ): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    const ids = [...streams.keys()];
    const after = options.afterVersions;
    for (let start = 0; start < ids.length; start += READ_STREAMS_CHUNK) {
      const chunk = ids.slice(start, start + READ_STREAMS_CHUNK);
      const rows = await preparedQuery<EventRow>(
        this.dataSource,
        'es-read-streams',
        // LATERAL: one index range per stream, whatever the planner believes of a freshly grown table.
        `SELECT stored.*
           FROM unnest($1::text[], $2::bigint[]) AS wanted(id, after_version)
          CROSS JOIN LATERAL (
            SELECT ${SELECT_COLUMNS} FROM events
             WHERE events.stream_id = wanted.id AND events.stream_version > wanted.after_version
             ORDER BY events.stream_version) AS stored
          ORDER BY stored.stream_id, stored.stream_version`,
        [chunk, chunk.map((id) => after?.get(id) ?? 0)],
      );
      for (const row of rows) streams.get(row.stream_id)!.push(toRecorded(row));
    }
    for (const [streamId, events] of streams) {
      const last = events.at(-1);
      if (last) this.links.remember(streamId, { version: last.streamVersion, hash: Buffer.from(last.hash, 'hex') });
    }
    return streams;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // ORDER BY names the table: the bare name would be the text alias of the select list, which sorts xid 100
    // before xid 99 and would make a reader skip events; it would also keep the commit-order index unused.
    const after = options.after ?? START_OF_LOG;
    const rows = await preparedQuery<EventRow>(
      this.dataSource,
      'es-read-all',
      `SELECT ${SELECT_COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [after.transactionId, after.position, options.limit ?? 1000],
    );
    return rows.map(toRecorded);
  }

  /**
   * The commit-order index read backwards, among the transactions every snapshot sees as committed. ORDER BY names
   * the table so that it sorts the xid8 column, not the text alias of the select list.
   */
  async head(): Promise<GlobalCheckpoint> {
    const rows = await this.dataSource.query<{ transaction_id: string; global_position: string }[]>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.transaction_id DESC, events.global_position DESC
        LIMIT 1`,
    );
    return rows.length === 0
      ? START_OF_LOG
      : { transactionId: rows[0].transaction_id, position: Number(rows[0].global_position) };
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
    const brokenAt = firstChainBreak(rows.map(toRecorded));
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
          const reason = checkChainLink(event, current.prevHash, current.version);
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

function noneOnUniqueViolation(error: unknown): AppendedRow[] {
  if ((error as PgError).code === '23505') return [];
  throw error;
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
  const duplicate = rows.every((row) => row.already_stored);
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
      duplicate,
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

/** A fresh UUIDv7 for a new event: time-ordered, so event ids index well. */
export const newEventId = (): string => uuidv7();

/** `[a,b,…]` from JSON texts as UTF-8, copied once into one buffer. */
function jsonArrayOf(texts: readonly Buffer[]): Buffer {
  let length = 2 + Math.max(texts.length - 1, 0);
  for (const text of texts) length += text.length;
  const array = Buffer.allocUnsafe(length);
  let at = 0;
  array[at++] = 0x5b; // [
  texts.forEach((text, i) => {
    if (i > 0) array[at++] = 0x2c; // ,
    at += text.copy(array, at);
  });
  array[at] = 0x5d; // ]
  return array;
}
