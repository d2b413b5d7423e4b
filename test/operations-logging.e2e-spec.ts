import { createTestApp, TestApp } from './support/create-test-app';

/** Personal data of a counterparty must never reach the logs, whatever the request's fate. */
describe('operations: request logs', () => {
  let t: TestApp;
  let department: string;
  const lines: string[] = [];
  const NAME = '欧阳日志测试';
  const ID_NUMBER = '110101199001019876';

  beforeAll(async () => {
    // Pino writes each line to process.stdout (Jest has replaced it, so pino does not use the raw descriptor).
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    t = await createTestApp({ LOG_LEVEL: 'info' });
    const reviewer = await t.keyFor('reviewer');
    department = await t.keyFor('department', 'CG');
    const grant = await t
      .http()
      .post('/v1/powers')
      .set({ Authorization: `Bearer ${reviewer}` })
      .send({
        code: 'CG-CF-0001',
        name: '对无准运证运输烟草专卖品的处罚',
        category: 'penalty',
        department: 'CG',
        legalBasis: [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条' }],
        timeLimit: { legalDays: 20, committedDays: 5 },
        important: true,
        approval: { authority: '规范办', documentNo: '宁规范〔2023〕35号', date: '2023-12-20' },
        effectiveFrom: '2024-01-01',
      });
    expect(grant.status).toBe(201);
    // Only the lines of the requests below: not the start-up's.
    lines.length = 0;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const register = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t
      .http()
      .post('/v1/operations')
      .set({ Authorization: `Bearer ${department}`, ...headers })
      .send({
        powerCode: 'CG-CF-0001',
        caseNumber: '宁烟专罚〔2025〕88号',
        counterparty: { kind: 'person', name: NAME, idNumber: ID_NUMBER },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt: '2025-09-30T10:00:00+08:00',
        ...body,
      });

  it('logs each registration, accepted or refused, without the counterparty', async () => {
    expect((await register({}, { 'Idempotency-Key': 'log-1' })).status).toBe(201);
    expect((await register({ counterparty: { kind: 'alien', name: NAME, idNumber: ID_NUMBER } })).status).toBe(400);
    expect((await register({ acceptedAt: '2099-01-01T10:00:00+08:00' })).status).toBe(422);
    const batch = await t
      .http()
      .post('/v1/operations/batch')
      .set({ Authorization: `Bearer ${department}` })
      .send({
        items: [{ powerCode: 'CG-CF-0001', counterparty: { kind: 'person', name: NAME, idNumber: ID_NUMBER } }],
      });
    expect(batch.status).toBe(400);

    const requests = lines
      .map((line) => JSON.parse(line) as { req?: { method: string; path: string }; res?: { statusCode: number } })
      .filter((entry) => entry.req?.path.startsWith('/v1/operations'));
    expect(requests.map((entry) => entry.res?.statusCode)).toEqual([201, 400, 422, 400]);
    const output = lines.join('');
    expect(output).not.toContain(NAME);
    expect(output).not.toContain(ID_NUMBER);
    expect(output).not.toContain('88号');
  });
});
