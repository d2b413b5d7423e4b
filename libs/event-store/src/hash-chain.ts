import { createHash } from 'node:crypto';
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

/** RFC 8785 canonical JSON of the hashed envelope: the same bytes on every machine and every run. */
export function canonicalEnvelope(envelope: HashedEnvelope): string {
  const text = stringify({
    eventId: envelope.eventId,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    data: envelope.data,
    metadata: envelope.metadata,
    recordedAt: envelope.recordedAt,
  });
  if (text === undefined) throw new Error('Event envelope cannot be canonicalised');
  return text;
}

/**
 * hash = SHA-256(prev_hash ‖ utf8(stream_id) ‖ 0x00 ‖ int64be(stream_version) ‖ utf8(canonical envelope)).
 * The NUL separator keeps the stream id and the version apart (PostgreSQL text never contains NUL). The
 * database computes the same function in the append transaction (see the migration); this one verifies it.
 */
export function chainHash(prevHashHex: string, streamId: string, streamVersion: number, canonical: string): string {
  const version = Buffer.alloc(8);
  version.writeBigInt64BE(BigInt(streamVersion));
  return createHash('sha256')
    .update(Buffer.from(prevHashHex, 'hex'))
    .update(streamId, 'utf8')
    .update(Buffer.from([0]))
    .update(version)
    .update(canonical, 'utf8')
    .digest('hex');
}
