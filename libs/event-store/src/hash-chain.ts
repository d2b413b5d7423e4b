import { hash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';
import type { ChainBreak, RecordedEvent } from './event-store.port';
import { isStorableJson, isStorableText, unstorableJsonError, unstorableTextError } from './storable-text';

/** The link a stream's first event chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The envelope fields that the hash covers besides the stream id and version (those are chained separately). */
export interface HashedEnvelope {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

/**
 * Sorted-key JSON.stringify is RFC 8785 (JCS) for JSON data: ECMAScript number and string serialisation is
 * what JCS prescribes, and the default sort orders keys by UTF-16 code units as JCS does. `strict` throws on
 * anything that is not JSON (NaN, functions, bigint) instead of silently dropping it. This library is several
 * times faster than a general JCS implementation on the append path; hash-chain.spec.ts checks they agree.
 */
const stringify = configure({ deterministic: true, strict: true, bigint: false, circularValue: Error });

function canonicalJson(value: unknown, what: string): string {
  const text = stringify(value);
  if (text === undefined) throw new Error(`Event ${what} cannot be canonicalised`);
  return text;
}

/** RFC 8785 canonical JSON of the hashed envelope: the same bytes on every machine and every run. */
export function canonicalEnvelope(envelope: HashedEnvelope): string {
  const { eventId, metadata, recordedAt, schemaVersion, type } = envelope;
  return `{"data":${canonicalJson(envelope.data, 'data')}${middleOf(eventId)}${canonicalJson(metadata, 'metadata')}${tailOf(
    recordedAt,
    schemaVersion,
    type,
  )}`;
}

/**
 * The canonical envelope as UTF-8, in the pieces the append path needs: the canonical data and metadata are also
 * what the store keeps in its JSON columns, byte for byte. The envelope is
 * `{"data":` ‖ data ‖ middle ‖ metadata ‖ tail, in JCS key order (data, eventId, metadata, recordedAt,
 * schemaVersion, type); hash-chain.spec.ts checks the pieces against canonicalEnvelope and a JCS library.
 *
 * Bytes rather than text because every piece is encoded once: the hash input and the insert's parameters are
 * copied together from them. Text assembled by concatenation was walked again for its UTF-8 length, for the hash
 * input, and twice more to join and encode the insert's parameters; on the append path that was half of the cost
 * of canonicalising.
 */
export interface CanonicalEnvelopeBytes {
  data: Buffer;
  /** `,"eventId":<id>,"metadata":` */
  middle: Buffer;
  metadata: Buffer;
  /** `,"recordedAt":<time>,"schemaVersion":<n>,"type":<type>}` */
  tail: Buffer;
}

const ENVELOPE_HEAD = Buffer.from('{"data":');

/**
 * `metadataBytes`: the canonical metadata already encoded (and checked), which the events of one append share.
 * Throws UnstorableEventError for text that a read model could not hold (see isStorableJson): this is the one
 * step every append passes, whoever appends (API, CLI, reactors).
 */
export function canonicalEnvelopeBytes(envelope: HashedEnvelope, metadataBytes?: Buffer): CanonicalEnvelopeBytes {
  if (!isStorableText(envelope.type)) throw unstorableTextError('its type', envelope.type);
  return {
    data: Buffer.from(storableJson(envelope.type, 'data', envelope.data)),
    middle: Buffer.from(middleOf(envelope.eventId)),
    metadata: metadataBytes ?? Buffer.from(storableJson(envelope.type, 'metadata', envelope.metadata)),
    tail: Buffer.from(tailOf(envelope.recordedAt, envelope.schemaVersion, envelope.type)),
  };
}

function storableJson(eventType: string, what: 'data' | 'metadata', value: unknown): string {
  const text = canonicalJson(value, what);
  if (!isStorableJson(text)) throw unstorableJsonError(eventType, what, value);
  return text;
}

/** The canonical envelope's text from its pieces (for the paths that hand whole envelopes to the database). */
export function envelopeText(parts: CanonicalEnvelopeBytes): string {
  return Buffer.concat([ENVELOPE_HEAD, parts.data, parts.middle, parts.metadata, parts.tail]).toString('utf8');
}

function middleOf(eventId: string): string {
  return `,"eventId":${canonicalJson(eventId, 'id')},"metadata":`;
}

function tailOf(recordedAt: string, schemaVersion: number, type: string): string {
  return `,"recordedAt":${canonicalJson(recordedAt, 'recording time')},"schemaVersion":${canonicalJson(
    schemaVersion,
    'schema version',
  )},"type":${canonicalJson(type, 'type')}}`;
}

const GENESIS_BYTES = Buffer.alloc(32);

/** The genesis link as bytes, for the append path. */
export const genesisHashBytes = (): Buffer => GENESIS_BYTES;

/**
 * hash = SHA-256(prev_hash ‖ utf8(stream_id) ‖ 0x00 ‖ int64be(stream_version) ‖ utf8(canonical envelope)).
 * The NUL separator keeps the stream id and the version apart (PostgreSQL text never contains NUL). The
 * store computes it while appending; the database's event_chain_hash() (see the migration) is the same
 * function, used when the store appends without knowing the previous link.
 */
export function chainHashBytes(prevHash: Buffer, streamId: string, streamVersion: number, canonical: string): Buffer {
  return linkHash(prevHash, streamId, streamVersion, [Buffer.from(canonical, 'utf8')]);
}

/** chainHashBytes over the pieces of canonicalEnvelopeBytes, copied once into the hash input. */
export function chainHashOfParts(
  prevHash: Buffer,
  streamId: string,
  streamVersion: number,
  parts: CanonicalEnvelopeBytes,
): Buffer {
  return linkHash(prevHash, streamId, streamVersion, [
    ENVELOPE_HEAD,
    parts.data,
    parts.middle,
    parts.metadata,
    parts.tail,
  ]);
}

/** SHA-256 of prev ‖ utf8(stream) ‖ NUL ‖ int64be(version) ‖ the envelope's UTF-8 pieces. */
function linkHash(prevHash: Buffer, streamId: string, streamVersion: number, envelope: readonly Buffer[]): Buffer {
  // One buffer and a one-shot hash: on the append path this runs for every event, and a Hash object per event
  // costs more in allocation and garbage collection than the hashing itself.
  // The previous hash is 32 bytes unless a stored row was tampered with; its own length keeps that case exact.
  const versionAt = prevHash.length + Buffer.byteLength(streamId, 'utf8') + 1;
  let length = versionAt + 8;
  for (const piece of envelope) length += piece.length;
  const input = Buffer.allocUnsafe(length);
  prevHash.copy(input, 0);
  input.write(streamId, prevHash.length, 'utf8');
  input[versionAt - 1] = 0;
  input.writeBigInt64BE(BigInt(streamVersion), versionAt);
  let at = versionAt + 8;
  for (const piece of envelope) at += piece.copy(input, at);
  return hash('sha256', input, 'buffer');
}

/** chainHashBytes over hex strings, for verification. */
export function chainHash(prevHashHex: string, streamId: string, streamVersion: number, canonical: string): string {
  return chainHashBytes(Buffer.from(prevHashHex, 'hex'), streamId, streamVersion, canonical).toString('hex');
}

/** Why `event` does not continue the chain from `expectedPrev` at `previousVersion`, or undefined when it does. */
export function checkChainLink(
  event: RecordedEvent,
  expectedPrev: string,
  previousVersion: number,
): ChainBreak['reason'] | undefined {
  if (event.streamVersion !== previousVersion + 1) return 'version-gap';
  if (event.prevHash !== expectedPrev) return 'prev-hash-mismatch';
  const recomputed = chainHash(expectedPrev, event.streamId, event.streamVersion, canonicalEnvelope(event));
  return recomputed === event.hash ? undefined : 'hash-mismatch';
}

/**
 * Where a stream's hash chain first breaks, recomputed from its events as read (all of them, from version 1, in
 * version order), or undefined when it holds: what verifyStream reports, and what a reader that has just read a
 * stream whole can check without reading it again.
 */
export function firstChainBreak(events: readonly RecordedEvent[]): ChainBreak | undefined {
  let prev = GENESIS_HASH;
  let version = 0;
  for (const event of events) {
    const reason = checkChainLink(event, prev, version);
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
