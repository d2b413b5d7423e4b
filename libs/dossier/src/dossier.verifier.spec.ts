import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { canonicalEnvelope, chainHash, GENESIS_HASH } from '@app/event-store/hash-chain';
import { buildDossier } from './dossier.builder';
import { DossierEventLine, EVENTS_FILE, MANIFEST_FILE, RECONSTRUCTION_FILE } from './dossier.format';
import { verifyDossier } from './dossier.verifier';

/** Three streams interleaved in the log, each chained from its genesis as the store chains them. */
function events(): DossierEventLine[] {
  const heads = new Map<string, string>();
  const versions = new Map<string, number>();
  const plan: [string, string, object][] = [
    ['case-AC-1', 'CaseOpened', { caseId: 'AC-1', summary: '超期办结' }],
    ['operation-op-1', 'OperationRegistered', { id: 'op-1', caseNumber: '宁烟许〔2025〕1号' }],
    ['case-AC-1', 'CasePersonNamed', { caseId: 'AC-1', name: '王五' }],
    ['alert-a-1', 'AlertRaised', { alertId: 'a-1', ground: 7 }],
    ['operation-op-1', 'OperationCompleted', { at: '2025-03-12T10:00:00+08:00' }],
  ];
  return plan.map(([streamId, type, data], i) => {
    const version = (versions.get(streamId) ?? 0) + 1;
    const prevHash = heads.get(streamId) ?? GENESIS_HASH;
    const envelope = canonicalEnvelope({
      eventId: `0190-${i}`,
      type,
      schemaVersion: 1,
      data,
      metadata: { actor: { id: 'k1', role: 'investigator' } },
      recordedAt: `2025-03-1${i}T01:00:00.000Z`,
    });
    const hash = chainHash(prevHash, streamId, version, envelope);
    versions.set(streamId, version);
    heads.set(streamId, hash);
    return {
      position: 10 + i,
      transactionId: String(100 + i),
      streamId,
      streamVersion: version,
      prevHash,
      hash,
      envelope,
    };
  });
}

function dossier(lines = events()): Buffer {
  const reconstruction = {
    caseId: 'AC-1',
    events: lines.map((line) => {
      const envelope = JSON.parse(line.envelope) as { eventId: string; data: unknown };
      return { eventId: envelope.eventId, position: line.position, hash: line.hash, data: envelope.data };
    }),
  };
  return buildDossier({
    caseId: 'AC-1',
    generatedAt: '2025-03-20T00:00:00.000Z',
    generatedBy: { id: 'k1', role: 'investigator' },
    events: lines,
    reconstruction,
    timelinePdf: Buffer.from('%PDF-1.3 stand-in for the rendered timeline'),
  });
}

/** The archive with one file replaced, re-zipped as an editor would. */
function edited(zip: Buffer, name: string, edit: (text: string) => string): Buffer {
  const files = unzipSync(zip);
  files[name] = strToU8(edit(strFromU8(files[name])));
  return Buffer.from(zipSync(files, { level: 0 }));
}

const failureOf = (zip: Uint8Array) => {
  const report = verifyDossier(zip);
  if (report.ok) throw new Error('expected the dossier to fail verification');
  return report.failure;
};

describe('verifyDossier', () => {
  it('accepts a dossier as built, and reports its case, events and stream heads', () => {
    const lines = events();
    const report = verifyDossier(dossier(lines));
    expect(report).toMatchObject({ ok: true, caseId: 'AC-1', events: 5, asOfPosition: 14 });
    if (!report.ok) return;
    expect(report.streams).toContainEqual({ streamId: 'operation-op-1', events: 2, headHash: lines[4].hash });
  });

  it('names the event and stream when one byte of the archive inside an event is changed', () => {
    const zip = dossier();
    const at = zip.indexOf(Buffer.from('王五'));
    expect(at).toBeGreaterThan(0);
    zip[at + 2] ^= 0x01;
    expect(failureOf(zip)).toMatchObject({
      eventId: '0190-2',
      streamId: 'case-AC-1',
      streamVersion: 2,
      position: 12,
    });
  });

  it('names the event whose hash no longer follows when an event is altered and re-zipped', () => {
    const zip = edited(dossier(), EVENTS_FILE, (text) => text.replace('宁烟许〔2025〕1号', '宁烟许〔2025〕9号'));
    expect(failureOf(zip)).toMatchObject({ check: 'chain', eventId: '0190-1', streamId: 'operation-op-1' });
  });

  it('catches an event removed from a stream at the event that follows it', () => {
    const zip = edited(dossier(), EVENTS_FILE, (text) =>
      text
        .split('\n')
        .filter((line) => !line.includes('"position":11'))
        .join('\n'),
    );
    expect(failureOf(zip)).toMatchObject({
      check: 'chain',
      eventId: '0190-4',
      streamId: 'operation-op-1',
      streamVersion: 2,
    });
    // A stream's last event has no successor to betray its removal: the manifest's digest and stream heads do.
    const lastRemoved = edited(dossier(), EVENTS_FILE, (text) =>
      text
        .split('\n')
        .filter((line) => !line.includes('"position":14'))
        .join('\n'),
    );
    expect(failureOf(lastRemoved)).toMatchObject({ check: 'file-digest', file: EVENTS_FILE });
  });

  it('catches two events swapped in the log', () => {
    const zip = edited(dossier(), EVENTS_FILE, (text) => {
      const lines = text.split('\n');
      [lines[1], lines[3]] = [lines[3], lines[1]];
      return lines.join('\n');
    });
    // 10, 13, 12, 11, 14: the first event found out of order is the one at 12.
    expect(failureOf(zip)).toMatchObject({ check: 'order', eventId: '0190-2' });
  });

  it('catches an edited manifest, reconstruction or timeline, and an archive that is not one', () => {
    expect(
      failureOf(edited(dossier(), MANIFEST_FILE, (text) => text.replace('"asOfPosition": 14', '"asOfPosition": 15'))),
    ).toMatchObject({ check: 'manifest' });
    expect(failureOf(edited(dossier(), RECONSTRUCTION_FILE, (text) => text.replace('王五', '赵六'))).check).toBe(
      'file-digest',
    );
    expect(failureOf(edited(dossier(), 'timeline.pdf', (text) => `${text} `))).toMatchObject({
      check: 'file-digest',
      file: 'timeline.pdf',
    });
    expect(failureOf(Buffer.from('not a zip'))).toMatchObject({ check: 'archive' });
  });

  it('catches a reconstruction rewritten with a matching digest in the manifest', () => {
    const zip = dossier();
    const files = unzipSync(zip);
    const reconstruction = strFromU8(files[RECONSTRUCTION_FILE]).replace('王五', '赵六');
    files[RECONSTRUCTION_FILE] = strToU8(reconstruction);
    const manifest = JSON.parse(strFromU8(files[MANIFEST_FILE])) as {
      files: { name: string; sha256: string; bytes: number }[];
    };
    const entry = manifest.files.find((file) => file.name === RECONSTRUCTION_FILE)!;
    entry.sha256 = createHash('sha256').update(files[RECONSTRUCTION_FILE]).digest('hex');
    entry.bytes = files[RECONSTRUCTION_FILE].length;
    files[MANIFEST_FILE] = strToU8(JSON.stringify(manifest));
    expect(failureOf(Buffer.from(zipSync(files, { level: 0 })))).toMatchObject({
      check: 'reconstruction',
      eventId: '0190-2',
    });
  });
});
