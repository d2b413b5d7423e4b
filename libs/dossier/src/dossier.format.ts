/**
 * The case dossier (案件档案) as a file: a zip an investigator takes away and anyone can check offline, without the
 * server and without trusting it. docs/architecture.md, "Dossier", describes it for implementers of other verifiers.
 */

export const DOSSIER_FORMAT = 'power-supervision/case-dossier';
export const DOSSIER_FORMAT_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
export const EVENTS_FILE = 'events.jsonl';
export const RECONSTRUCTION_FILE = 'reconstruction.json';
export const TIMELINE_FILE = 'timeline.pdf';

/**
 * How each event's chain link is computed, stated in the manifest so that a verifier can be written from the file
 * alone.
 */
export const HASH_CHAIN_ALGORITHM =
  'hash = SHA-256(prevHash ‖ UTF-8(streamId) ‖ 0x00 ‖ int64 big-endian(streamVersion) ‖ UTF-8(envelope)); ' +
  'prevHash of a stream’s first event is 32 zero bytes; envelope is the RFC 8785 (JCS) canonical JSON of ' +
  '{data, eventId, metadata, recordedAt, schemaVersion, type}, carried verbatim in events.jsonl.';

/** One line of events.jsonl: an event exactly as it was hashed, with its place in the log and its chain link. */
export interface DossierEventLine {
  /** Global position in the log. */
  position: number;
  /** The committing transaction (decimal): with the position it orders the log (commit order). */
  transactionId: string;
  streamId: string;
  streamVersion: number;
  /** Lowercase hex. */
  prevHash: string;
  hash: string;
  /** The canonical envelope text that went into the hash, byte for byte. */
  envelope: string;
}

export interface DossierFileEntry {
  name: string;
  sha256: string;
  bytes: number;
}

export interface DossierStreamEntry {
  streamId: string;
  events: number;
  firstVersion: number;
  lastVersion: number;
  /** The hash of the stream's last event in the dossier: compare it with the store's, or with an earlier copy. */
  headHash: string;
}

export interface DossierManifest {
  format: typeof DOSSIER_FORMAT;
  formatVersion: number;
  caseId: string;
  generatedAt: string;
  /** Who exported it (the API key's id and role). */
  generatedBy: { id: string; role: string };
  /** The highest global position among the events carried. */
  asOfPosition: number;
  hashChain: string;
  streams: DossierStreamEntry[];
  files: DossierFileEntry[];
}
