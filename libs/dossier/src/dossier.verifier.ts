import { strFromU8, unzipSync } from 'fflate';
import { canonicalEnvelope, chainHash, GENESIS_HASH, HashedEnvelope } from '@app/event-store/hash-chain';
import { sha256Hex, streamsOf } from './dossier.builder';
import {
  DOSSIER_FORMAT,
  DossierEventLine,
  DossierManifest,
  EVENTS_FILE,
  MANIFEST_FILE,
  RECONSTRUCTION_FILE,
} from './dossier.format';

/** The first thing found wrong, with the event and stream it concerns when it concerns one. */
export interface DossierFailure {
  check: 'archive' | 'manifest' | 'event' | 'order' | 'chain' | 'file-digest' | 'streams' | 'reconstruction';
  message: string;
  file?: string;
  /** 1-based line of events.jsonl. */
  line?: number;
  eventId?: string;
  streamId?: string;
  streamVersion?: number;
  position?: number;
}

export type DossierReport =
  | {
      ok: true;
      caseId: string;
      events: number;
      streams: { streamId: string; events: number; headHash: string }[];
      asOfPosition: number;
      generatedAt: string;
    }
  | { ok: false; failure: DossierFailure };

class Failed extends Error {
  constructor(readonly failure: DossierFailure) {
    super(failure.message);
  }
}

const fail = (failure: DossierFailure): never => {
  throw new Failed(failure);
};

/**
 * Checks a dossier with nothing but its bytes: no server, no database. The events first (each one's canonical
 * envelope, its chain link recomputed from the genesis of its stream, the log's order), so that an altered byte
 * is reported at the event and stream it belongs to; then every file's digest against the manifest, the manifest's
 * streams against the events, and the reconstruction's events against the events carried.
 */
export function verifyDossier(zip: Uint8Array): DossierReport {
  try {
    return verify(zip);
  } catch (error) {
    if (error instanceof Failed) return { ok: false, failure: error.failure };
    throw error;
  }
}

function verify(zip: Uint8Array): DossierReport {
  let files: Record<string, Uint8Array> = {};
  try {
    files = unzipSync(zip);
  } catch (error) {
    fail({ check: 'archive', message: `not a readable zip archive: ${(error as Error).message}` });
  }
  const manifest = parseManifest(files[MANIFEST_FILE]);
  const eventsBytes = files[EVENTS_FILE] ?? fail({ check: 'manifest', message: `${EVENTS_FILE} is missing` });
  const lines = checkEvents(strFromU8(eventsBytes));

  const listed = new Set(manifest.files.map((file) => file.name));
  for (const name of Object.keys(files)) {
    if (name !== MANIFEST_FILE && !listed.has(name)) {
      fail({ check: 'manifest', file: name, message: `${name} is in the archive but not in the manifest` });
    }
  }
  for (const entry of manifest.files) {
    const bytes =
      files[entry.name] ?? fail({ check: 'manifest', file: entry.name, message: `${entry.name} is missing` });
    const digest = sha256Hex(bytes);
    if (digest !== entry.sha256) {
      fail({
        check: 'file-digest',
        file: entry.name,
        message: `${entry.name}: SHA-256 ${digest}, the manifest says ${entry.sha256}`,
      });
    }
  }

  const streams = streamsOf(lines);
  if (JSON.stringify(streams) !== JSON.stringify(manifest.streams)) {
    const differs =
      streams.find((s, i) => JSON.stringify(s) !== JSON.stringify(manifest.streams[i])) ??
      manifest.streams[streams.length];
    fail({
      check: 'streams',
      streamId: differs?.streamId,
      message: `the manifest's streams differ from the events carried${differs ? ` (first at ${differs.streamId})` : ''}`,
    });
  }
  const asOf = lines.reduce((max, line) => Math.max(max, line.position), 0);
  if (asOf !== manifest.asOfPosition) {
    fail({ check: 'manifest', message: `asOfPosition ${manifest.asOfPosition}, the events reach ${asOf}` });
  }
  checkReconstruction(files[RECONSTRUCTION_FILE], lines, manifest.caseId);
  return {
    ok: true,
    caseId: manifest.caseId,
    events: lines.length,
    streams: streams.map(({ streamId, events, headHash }) => ({ streamId, events, headHash })),
    asOfPosition: asOf,
    generatedAt: manifest.generatedAt,
  };
}

function parseManifest(bytes: Uint8Array | undefined): DossierManifest {
  if (bytes === undefined) return fail({ check: 'manifest', message: `${MANIFEST_FILE} is missing` });
  let manifest: DossierManifest;
  try {
    manifest = JSON.parse(strFromU8(bytes)) as DossierManifest;
  } catch {
    return fail({ check: 'manifest', file: MANIFEST_FILE, message: `${MANIFEST_FILE} is not JSON` });
  }
  if (manifest?.format !== DOSSIER_FORMAT || !Array.isArray(manifest.files) || !Array.isArray(manifest.streams)) {
    fail({ check: 'manifest', file: MANIFEST_FILE, message: `${MANIFEST_FILE} is not a case dossier's manifest` });
  }
  return manifest;
}

interface CheckedLine extends DossierEventLine {
  eventId: string;
  data: unknown;
}

/** Each line's envelope, its chain link from the genesis of its stream, and the log's order, line by line. */
function checkEvents(text: string): CheckedLine[] {
  const heads = new Map<string, { version: number; hash: string }>();
  const lines: CheckedLine[] = [];
  let previous: { transactionId: bigint; position: number } | undefined;
  const rows = text.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  rows.forEach((row, index) => {
    const at = { file: EVENTS_FILE, line: index + 1 };
    let line: DossierEventLine;
    try {
      line = JSON.parse(row) as DossierEventLine;
    } catch {
      return fail({
        ...at,
        check: 'event',
        eventId: /"eventId":"([^"]+)"/.exec(row)?.[1],
        streamId: /"streamId":"([^"]+)"/.exec(row)?.[1],
        message: `line ${index + 1} of ${EVENTS_FILE} is not valid JSON: it was altered`,
      });
    }
    const where = { ...at, streamId: line.streamId, streamVersion: line.streamVersion, position: line.position };
    let envelope: HashedEnvelope;
    try {
      envelope = JSON.parse(line.envelope) as HashedEnvelope;
    } catch {
      return fail({ ...where, check: 'event', message: `the envelope on line ${index + 1} is not valid JSON` });
    }
    const eventId = typeof envelope?.eventId === 'string' ? envelope.eventId : undefined;
    const named = { ...where, eventId };
    if (eventId === undefined || canonicalOf(envelope) !== line.envelope) {
      fail({ ...named, check: 'event', message: 'the envelope is not the canonical text that was hashed' });
    }
    let transactionId: bigint;
    try {
      transactionId = BigInt(line.transactionId);
    } catch {
      return fail({ ...named, check: 'order', message: `transactionId ${line.transactionId} is not a number` });
    }
    if (
      previous !== undefined &&
      (transactionId < previous.transactionId ||
        (transactionId === previous.transactionId && line.position <= previous.position))
    ) {
      fail({ ...named, check: 'order', message: 'the event is out of the log’s order (moved or reordered)' });
    }
    previous = { transactionId, position: line.position };
    const head = heads.get(line.streamId) ?? { version: 0, hash: GENESIS_HASH };
    if (line.streamVersion !== head.version + 1) {
      fail({
        ...named,
        check: 'chain',
        message: `version ${line.streamVersion} follows version ${head.version} of its stream: an event is missing or moved`,
      });
    }
    if (line.prevHash !== head.hash) {
      fail({ ...named, check: 'chain', message: 'its previous hash is not the hash of the stream’s event before it' });
    }
    const recomputed = chainHash(head.hash, line.streamId, line.streamVersion, line.envelope);
    if (recomputed !== line.hash) {
      fail({
        ...named,
        check: 'chain',
        message: `its hash recomputes to ${recomputed}, it says ${line.hash}: altered`,
      });
    }
    heads.set(line.streamId, { version: line.streamVersion, hash: line.hash });
    lines.push({ ...line, eventId: eventId!, data: envelope.data });
  });
  return lines;
}

function canonicalOf(envelope: HashedEnvelope): string | undefined {
  try {
    return canonicalEnvelope(envelope);
  } catch {
    return undefined;
  }
}

interface ReconstructionShape {
  caseId?: unknown;
  events?: { eventId?: unknown; hash?: unknown; position?: unknown; data?: unknown }[];
}

/** Every event the reconstruction shows is carried, with the same position, hash and data. */
function checkReconstruction(bytes: Uint8Array | undefined, lines: CheckedLine[], caseId: string): void {
  if (bytes === undefined) return fail({ check: 'reconstruction', message: `${RECONSTRUCTION_FILE} is missing` });
  let reconstruction: ReconstructionShape;
  try {
    reconstruction = JSON.parse(strFromU8(bytes)) as ReconstructionShape;
  } catch {
    return fail({ check: 'reconstruction', file: RECONSTRUCTION_FILE, message: `${RECONSTRUCTION_FILE} is not JSON` });
  }
  if (reconstruction.caseId !== caseId || !Array.isArray(reconstruction.events)) {
    fail({ check: 'reconstruction', file: RECONSTRUCTION_FILE, message: 'the reconstruction is not of this case' });
  }
  const byId = new Map(lines.map((line) => [line.eventId, line]));
  for (const event of reconstruction.events!) {
    const line = typeof event.eventId === 'string' ? byId.get(event.eventId) : undefined;
    const same =
      line !== undefined &&
      event.hash === line.hash &&
      event.position === line.position &&
      canonicalJson(event.data) === canonicalJson(line.data);
    if (!same) {
      fail({
        check: 'reconstruction',
        file: RECONSTRUCTION_FILE,
        eventId: typeof event.eventId === 'string' ? event.eventId : undefined,
        streamId: line?.streamId,
        message: 'the reconstruction shows an event that differs from the events carried',
      });
    }
  }
}

function canonicalJson(value: unknown): string | undefined {
  return canonicalOf({ data: value, eventId: '', metadata: null, recordedAt: '', schemaVersion: 0, type: '' });
}
