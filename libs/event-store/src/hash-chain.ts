import { hash } from 'node:crypto';
import { configure } from 'safe-stable-stringify';

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

/** The canonical JSON of an envelope and of the two parts of it that are stored as JSON columns. */
export interface CanonicalEnvelope {
  envelope: string;
  data: string;
  metadata: string;
}

function canonicalJson(value: unknown, what: string): string {
  const text = stringify(value);
  if (text === undefined) throw new Error(`Event ${what} cannot be canonicalised`);
  return text;
}

/**
 * RFC 8785 canonical JSON of the hashed envelope, assembled from the canonical JSON of its data and metadata so
 * that the append path stores exactly the text it hashed. The keys are written in JCS order (data, eventId,
 * metadata, recordedAt, schemaVersion, type); hash-chain.spec.ts checks the result against a JCS library.
 * `metadataJson` lets a caller reuse the canonical metadata shared by many events.
 */
export function canonicalEnvelopeParts(envelope: HashedEnvelope, metadataJson?: string): CanonicalEnvelope {
  const data = canonicalJson(envelope.data, 'data');
  const metadata = metadataJson ?? canonicalJson(envelope.metadata, 'metadata');
  const head = `{"data":${data},"eventId":${canonicalJson(envelope.eventId, 'id')},"metadata":${metadata}`;
  const tail = `,"recordedAt":${canonicalJson(envelope.recordedAt, 'recording time')},"schemaVersion":${canonicalJson(
    envelope.schemaVersion,
    'schema version',
  )},"type":${canonicalJson(envelope.type, 'type')}}`;
  return { envelope: head + tail, data, metadata };
}

/** RFC 8785 canonical JSON of the hashed envelope: the same bytes on every machine and every run. */
export function canonicalEnvelope(envelope: HashedEnvelope): string {
  return canonicalEnvelopeParts(envelope).envelope;
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
  // One buffer and a one-shot hash: on the append path this runs for every event, and a Hash object per event
  // costs more in allocation and garbage collection than the hashing itself.
  // The previous hash is 32 bytes unless a stored row was tampered with; its own length keeps that case exact.
  const versionAt = prevHash.length + Buffer.byteLength(streamId, 'utf8') + 1;
  const input = Buffer.allocUnsafe(versionAt + 8 + Buffer.byteLength(canonical, 'utf8'));
  prevHash.copy(input, 0);
  input.write(streamId, prevHash.length, 'utf8');
  input[versionAt - 1] = 0;
  input.writeBigInt64BE(BigInt(streamVersion), versionAt);
  input.write(canonical, versionAt + 8, 'utf8');
  return hash('sha256', input, 'buffer');
}

/** chainHashBytes over hex strings, for verification. */
export function chainHash(prevHashHex: string, streamId: string, streamVersion: number, canonical: string): string {
  return chainHashBytes(Buffer.from(prevHashHex, 'hex'), streamId, streamVersion, canonical).toString('hex');
}
