import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import {
  DOSSIER_FORMAT,
  DOSSIER_FORMAT_VERSION,
  DossierEventLine,
  DossierManifest,
  DossierStreamEntry,
  EVENTS_FILE,
  HASH_CHAIN_ALGORITHM,
  MANIFEST_FILE,
  RECONSTRUCTION_FILE,
  TIMELINE_FILE,
} from './dossier.format';

export interface DossierContents {
  caseId: string;
  generatedAt: string;
  generatedBy: { id: string; role: string };
  /** Every event of every stream the case touches, each stream whole from its first event, in the log's order. */
  events: DossierEventLine[];
  /** The reconstruction as the API answers it. */
  reconstruction: unknown;
  timelinePdf: Buffer;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The dossier as zip bytes: the manifest lists every other file with its digest and every stream with its head. */
export function buildDossier(contents: DossierContents): Buffer {
  const files: Record<string, Uint8Array> = {
    [EVENTS_FILE]: strToU8(contents.events.map((line) => `${JSON.stringify(line)}\n`).join('')),
    [RECONSTRUCTION_FILE]: strToU8(JSON.stringify(contents.reconstruction, null, 2)),
    [TIMELINE_FILE]: contents.timelinePdf,
  };
  const manifest: DossierManifest = {
    format: DOSSIER_FORMAT,
    formatVersion: DOSSIER_FORMAT_VERSION,
    caseId: contents.caseId,
    generatedAt: contents.generatedAt,
    generatedBy: contents.generatedBy,
    asOfPosition: contents.events.reduce((max, line) => Math.max(max, line.position), 0),
    hashChain: HASH_CHAIN_ALGORITHM,
    streams: streamsOf(contents.events),
    files: Object.entries(files).map(([name, bytes]) => ({ name, sha256: sha256Hex(bytes), bytes: bytes.length })),
  };
  // Stored, not deflated: an event's bytes in the archive are the bytes that were hashed, so a byte changed in the
  // file is found at its event (the zip's own CRC, which a forger recomputes anyway, is not what is trusted).
  return Buffer.from(
    zipSync(
      {
        [MANIFEST_FILE]: strToU8(JSON.stringify(manifest, null, 2)),
        ...files,
      },
      { level: 0 },
    ),
  );
}

export function streamsOf(events: readonly DossierEventLine[]): DossierStreamEntry[] {
  const streams = new Map<string, DossierStreamEntry>();
  for (const line of events) {
    const stream = streams.get(line.streamId);
    if (stream === undefined) {
      streams.set(line.streamId, {
        streamId: line.streamId,
        events: 1,
        firstVersion: line.streamVersion,
        lastVersion: line.streamVersion,
        headHash: line.hash,
      });
    } else {
      stream.events += 1;
      stream.lastVersion = line.streamVersion;
      stream.headHash = line.hash;
    }
  }
  return [...streams.values()];
}
