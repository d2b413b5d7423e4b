/**
 * The event store port. Every implementation (PostgreSQL by default, KurrentDB later) passes the same
 * contract suite in test/event-store.contract-spec.ts.
 */

/** Who did it and why: carried on every event, never used to decide. */
export interface EventMetadata {
  actor?: { id: string; role: string; department?: string };
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  [key: string]: unknown;
}

/** An event the caller wants to append. `eventId` is a UUIDv7 chosen by the caller, so retries are safe. */
export interface NewEvent<Data = unknown> {
  eventId: string;
  type: string;
  schemaVersion?: number;
  data: Data;
  metadata?: EventMetadata;
  /** ISO-8601 recording time; taken from the store's clock when absent. */
  recordedAt?: string;
}

/** A stored event: the envelope of docs/architecture.md plus its place in the hash chain. */
export interface RecordedEvent<Data = unknown> {
  eventId: string;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  /** The committing transaction (xid8, as a decimal string): with globalPosition it orders the global log. */
  transactionId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: string;
  /** SHA-256 chain link, lowercase hex. */
  prevHash: string;
  hash: string;
}

/**
 * What the caller believes the stream's version to be: `no-stream` (it must not exist yet), a number (its
 * last event has exactly that version), or `any` (no check).
 */
export type ExpectedVersion = 'no-stream' | 'any' | number;

export interface AppendRequest {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}

export interface AppendResult {
  streamId: string;
  /** Version of the last event appended (or found, for a retry). */
  version: number;
  /** Global position of the last event appended. */
  position: number;
  /** One entry per event, in request order. */
  events: { eventId: string; streamVersion: number; globalPosition: number }[];
  /** True when every event id already existed: a retry, nothing was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
}

/** A place in the global log: every event strictly after it is still to be read. */
export interface GlobalCheckpoint {
  transactionId: string;
  position: number;
}

export const START_OF_LOG: GlobalCheckpoint = Object.freeze({ transactionId: '0', position: 0 });

export interface ReadAllOptions {
  after?: GlobalCheckpoint;
  limit?: number;
}

export interface ChainBreak {
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'version-gap';
}

export interface VerifyReport {
  streamsChecked: number;
  eventsChecked: number;
  /** The first broken link of each broken stream, in global order. Empty when intact. */
  broken: ChainBreak[];
}

/**
 * Wakes a consumer when new events may be readable. It carries no data: the consumer reads the global log
 * from its checkpoint. Unsubscribe by calling the returned function.
 */
export type Unsubscribe = () => Promise<void>;

export interface EventStore {
  append(request: AppendRequest): Promise<AppendResult>;
  /** Several streams in one transaction: all are written or none (batch endpoints). */
  appendMany(requests: AppendRequest[]): Promise<AppendResult[]>;
  /**
   * A batch of streams written, or retried, as a whole, in one transaction however many it holds: when some were
   * stored before (a retry of part of it) and others not, nothing is written and the first stored one is a
   * VersionConflictError. A retry of the whole batch answers with the stored results (`duplicate: true`).
   */
  appendBatch(requests: AppendRequest[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Several streams in one read, each in version order; a stream with no events maps to an empty list. Whole
   * streams, or, for the streams named in `afterVersions`, only their events after that version (a reader that
   * holds the start of a stream already reads just the rest).
   */
  readStreams(
    streamIds: readonly string[],
    options?: { afterVersions?: ReadonlyMap<string, number> },
  ): Promise<Map<string, RecordedEvent[]>>;
  /** Events committed after the checkpoint, in commit order; never skips an event whose transaction commits late. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Calls `onWake` when events may have been appended (NOTIFY, local appends), and at least every `pollMs`. */
  subscribe(onWake: () => void, pollMs: number): Promise<Unsubscribe>;
  /**
   * The last event a reader of the global log can see now, in commit order (START_OF_LOG when there is none):
   * where a reader that wants only what comes next starts from.
   */
  head(): Promise<GlobalCheckpoint>;
  /** The position in the global log of the event at `globalPosition`, for comparing with checkpoints. */
  checkpointOf(globalPosition: number): Promise<GlobalCheckpoint | undefined>;
  verifyStream(streamId: string): Promise<VerifyReport>;
  verifyAll(): Promise<VerifyReport>;
}

/**
 * What a reader of the log may do with the store: read, never append. Read models receive the store as this, and
 * reach the event-store package only through its reading surface (`@app/event-store/reading`), which the
 * dependency rules enforce.
 */
export type EventLogReader = Pick<EventStore, 'readStream' | 'readStreams' | 'readAll' | 'checkpointOf'>;

export const EVENT_STORE = Symbol('EventStore');

/** The checkpoint just after `event`: a reader that has it reads on from the next event. */
export function checkpointAfter(event: RecordedEvent): GlobalCheckpoint {
  return { transactionId: event.transactionId, position: event.globalPosition };
}

/** Orders two checkpoints as the global log does: by transaction, then by position. */
export function compareCheckpoints(a: GlobalCheckpoint, b: GlobalCheckpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position - b.position;
}
