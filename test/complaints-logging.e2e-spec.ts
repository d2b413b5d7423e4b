import { createTestApp, TestApp } from './support/create-test-app';

const COMPLAINANT = { disclosure: 'confidential', name: '郑保密', contact: '13912345678' };

/** The complainant's identity and contact never reach a log line, whatever the request's fate. */
describe('complaints: request logs', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    // Pino writes each line to process.stdout (Jest has replaced it, so pino does not use the raw descriptor).
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    t = await createTestApp({ LOG_LEVEL: 'debug' });
    lines.length = 0;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('logs complaints received, refused and filed by the public without the complainant', async () => {
    const supervisor = await t.keyFor('supervisor');
    const complaint = (complainant: object, channel = 'visit') => ({
      channel,
      receivedAt: '2025-03-12T09:30:00+08:00',
      about: { department: 'YCJ' },
      complainant,
      summary: '来访反映',
    });
    await t.department('YCJ');
    const accepted = await t
      .http()
      .post('/v1/complaints')
      .set({ Authorization: `Bearer ${supervisor}` })
      .send(complaint(COMPLAINANT));
    expect(accepted.status).toBe(201);
    const refused = await t
      .http()
      .post('/v1/complaints')
      .set({ Authorization: `Bearer ${supervisor}` })
      .send(complaint({ ...COMPLAINANT, disclosure: 'anonymous' }));
    expect(refused.status).toBe(400);
    const filed = await t
      .http()
      .post('/v1/public/complaints')
      .send({ about: { department: 'YCJ' }, complainant: COMPLAINANT, summary: '网上投诉' });
    expect(filed.status).toBe(201);
    const logged = lines.join('');
    expect(logged).toContain('/v1/public/complaints');
    expect(logged).not.toContain(COMPLAINANT.name);
    expect(logged).not.toContain(COMPLAINANT.contact);
    expect(logged).not.toContain(filed.body.trackingCode);
  });
});
