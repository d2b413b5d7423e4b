import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { DomainError } from '@app/domain';
import { newEventId, RecordedEvent } from '@app/event-store';

/** Same key, another request: refused, nothing written. */
export const idempotencyKeyReused = (key: string) =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'rule',
    `Idempotency-Key ${JSON.stringify(key)} was already used for a different request`,
    { idempotencyKey: key },
    { 'Idempotency-Key': ['was already used with another method, path or body; use a new key for a new request'] },
  );

export interface WriteScopeParts {
  key: string | undefined;
  fingerprint: string | undefined;
  seed: string | undefined;
}

/**
 * How one write request names its events. Without an Idempotency-Key every event gets a fresh UUIDv7. With one,
 * the ids derive from (principal, key), so every attempt of the request, concurrent ones included, proposes the
 * same ids: the store's UNIQUE(event_id) lets only one of them be written, and each attempt can recognise the
 * events an earlier one wrote.
 */
export class WriteScope {
  private constructor(
    readonly key: string | undefined,
    readonly fingerprint: string | undefined,
    private readonly seed: string | undefined,
  ) {}

  /** A scope from its parts, as `parts` gave them in another thread (a batch validated and written by a worker). */
  static restore(parts: WriteScopeParts): WriteScope {
    return new WriteScope(parts.key, parts.fingerprint, parts.seed);
  }

  static unkeyed(): WriteScope {
    return new WriteScope(undefined, undefined, undefined);
  }

  static keyed(principalId: string, key: string, fingerprint: string): WriteScope {
    return new WriteScope(key, fingerprint, `${principalId}\u0000${key}`);
  }

  /**
   * A request without Idempotency-Key that names what it creates (a client-chosen operation id): its event ids derive
   * from `seed` (the new stream and the request's content), so a retry proposes the same ids and the store answers
   * with the first write instead of writing twice, while another request under the same name conflicts.
   */
  static derived(seed: string): WriteScope {
    return new WriteScope(undefined, undefined, seed);
  }

  /** Everything the scope is made of, plain data that can cross to a worker thread (WriteScope.restore). */
  get parts(): WriteScopeParts {
    return { key: this.key, fingerprint: this.fingerprint, seed: this.seed };
  }

  /** What the events of a keyed request carry in their metadata, so a later attempt can compare requests. */
  get metadata(): { idempotencyKey?: string; requestFingerprint?: string } {
    return this.key === undefined ? {} : { idempotencyKey: this.key, requestFingerprint: this.fingerprint };
  }

  readonly eventIds = (count: number): string[] =>
    Array.from({ length: count }, (_, i) => (this.seed === undefined ? newEventId() : derivedId(this.seed, i)));

  /**
   * The id of the `index`th thing a keyed request creates without the client naming it (an operation registered
   * without an id): derived from the key, so that a retry creates the same one, and the store answers it with the
   * first write, even once the first response is no longer kept or while the first attempt is still running.
   * Unkeyed: a fresh UUIDv7.
   */
  createdId(index: number): string {
    return this.key === undefined || this.seed === undefined ? uuidv7() : derivedId(this.seed, index, 'created');
  }

  /**
   * The events an earlier attempt of this request appended to the stream, or undefined. Events under the same key
   * but from a different request mean the key was reused: IDEMPOTENCY_KEY_REUSED.
   */
  earlierWrite(history: readonly RecordedEvent[]): RecordedEvent[] | undefined {
    if (this.key === undefined) return undefined;
    const ids = new Set(this.eventIds(history.length));
    const earlier = history.filter((event) => ids.has(event.eventId));
    if (earlier.length === 0) return undefined;
    if (earlier[0].metadata.requestFingerprint !== this.fingerprint) throw idempotencyKeyReused(this.key);
    return earlier;
  }
}

/**
 * A UUID (version 8, RFC 9562's custom layout) from SHA-256 of the seed, what it names (an event, or a thing the
 * request creates) and its index: deterministic, unlike the UUIDv7 of unkeyed writes, because retries must collide
 * with the first attempt.
 */
function derivedId(seed: string, index: number, what: 'event' | 'created' = 'event'): string {
  const label = what === 'event' ? 'idempotent-event' : 'idempotent-created';
  const bytes = createHash('sha256').update(`${label}\u0000${seed}\u0000${index}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
