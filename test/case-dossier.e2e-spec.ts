import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Response } from 'supertest';
import { DossierManifest, EVENTS_FILE, MANIFEST_FILE, TIMELINE_FILE, verifyDossier } from '@app/dossier';
import type { TestApp } from './support/create-test-app';
import { appWithLicensingPower, lateLicenceAlert } from './support/late-licence';

const LICENSING = 'YCJ-XK-0301';

/** supertest's parser for a binary body. */
function binary(res: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * GET /v1/cases/{id}/dossier: the zip an investigator takes away. Checked here as an outsider would, with the
 * offline verifier only; one byte changed in one event is found at that event; the PDF is rendered to an image.
 */
describe('the case dossier (案件档案)', () => {
  let t: TestApp;
  let key: Record<string, string> = {};
  const caseId = 'AC-2025-0901';

  beforeAll(async () => {
    ({ t, key } = await appWithLicensingPower(LICENSING));
    const post = (path: string, body: object, who: string) =>
      t
        .http()
        .post(path)
        .set({ Authorization: `Bearer ${key[who]}` })
        .send(body);
    const alertId = await lateLicenceAlert(t, key, {
      id: 'e2e-dossier-1',
      powerCode: LICENSING,
      caseNumber: '宁烟许〔2025〕901号',
    });
    const opened = await post(
      '/v1/cases',
      {
        id: caseId,
        origins: [{ kind: 'alert', id: alertId }],
        grounds: [7],
        departments: ['YCJ'],
        summary: '烟草专卖零售许可超过承诺时限办结',
        openedAt: '2025-03-13T09:00:00+08:00',
      },
      'investigator',
    );
    expect(opened.status).toBe(201);
    const named = await post(
      `/v1/cases/${caseId}/persons`,
      { name: '王五', post: '专卖管理科科员', department: 'YCJ', responsibility: 'direct' },
      'investigator',
    );
    expect(named.status).toBe(201);
  });
  afterAll(() => t.close());

  const download = (who: string) =>
    t
      .http()
      .get(`/v1/cases/${caseId}/dossier`)
      .set({ Authorization: `Bearer ${key[who]}` })
      .buffer(true)
      .parse(binary);

  it('is a zip that verifies offline, carries every stream whole, and fails at the event whose byte was changed', async () => {
    const res = await download('investigator');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="dossier-${caseId}.zip"`);
    const zip = res.body as Buffer;

    mkdirSync('test-output', { recursive: true });
    writeFileSync(`test-output/dossier-${caseId}.zip`, zip);
    const report = verifyDossier(zip);
    expect(report).toMatchObject({ ok: true, caseId });
    const files = unzipSync(zip);
    const manifest = JSON.parse(strFromU8(files[MANIFEST_FILE])) as DossierManifest;
    const streams = manifest.streams.map((stream) => stream.streamId);
    expect(streams).toEqual(
      expect.arrayContaining([`case-${caseId}`, 'operation-e2e-dossier-1', `power-${LICENSING}`]),
    );
    for (const stream of manifest.streams) expect(stream.firstVersion).toBe(1);

    // One byte of the operation's registration (its case number) changed in the file as downloaded.
    const at = zip.indexOf(Buffer.from('宁烟许〔2025〕901号'));
    expect(at).toBeGreaterThan(0);
    const altered = Buffer.from(zip);
    altered[at + 3 * 7] ^= 0x01;
    const failed = verifyDossier(altered);
    expect(failed.ok).toBe(false);
    const registration = strFromU8(files[EVENTS_FILE])
      .split('\n')
      .find((line) => line.includes('OperationRegistered'))!;
    const { eventId } = JSON.parse((JSON.parse(registration) as { envelope: string }).envelope) as { eventId: string };
    expect(failed).toMatchObject({
      ok: false,
      failure: { eventId, streamId: 'operation-e2e-dossier-1', streamVersion: 1 },
    });
  });

  it('carries a timeline PDF in Chinese that renders to a non-blank page', async () => {
    const res = await download('supervisor');
    const pdf = unzipSync(res.body as Buffer)[TIMELINE_FILE];
    expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'dossier-pdf-'));
    writeFileSync(join(dir, 'timeline.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', '50', '-gray', '-f', '1', '-l', '1', join(dir, 'timeline.pdf'), join(dir, 'page')]);
    const pgm = readFileSync(join(dir, 'page-1.pgm'));
    // P5 <width> <height> 255\n, then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(header[0].length);
    const dark = pixels.filter((value) => value < 128).length;
    // A blank page has none; a page of small text at this resolution has a few in a thousand.
    expect(dark / pixels.length).toBeGreaterThan(0.001);
    mkdirSync('test-output', { recursive: true });
    execFileSync('pdftoppm', [
      '-r',
      '80',
      '-png',
      '-f',
      '1',
      '-l',
      '1',
      join(dir, 'timeline.pdf'),
      'test-output/dossier-timeline',
    ]);
  });

  it('is refused to departments, and every export is on the case’s access log', async () => {
    expect((await download('YCJ')).status).toBe(403);
    const log = await t
      .http()
      .get(`/v1/cases/${caseId}/access-log?limit=500`)
      .set({ Authorization: `Bearer ${key.supervisor}` });
    const exports = (log.body.items as { what: string; by: { role: string } }[]).filter(
      (item) => item.what === 'dossier',
    );
    expect(exports.map((item) => item.by.role)).toEqual(['investigator', 'supervisor']);
  });
});
