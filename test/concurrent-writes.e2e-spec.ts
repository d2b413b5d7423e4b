import { createTestApp, TestApp } from './support/create-test-app';
import { penaltyPowerBody } from './support/powers';

const PENALTY = 'CG-CF-0001';
const WRITERS = 50;

/** Writes to one stream at the same time: callers that asserted no version all land; If-Match races have one winner. */
describe('concurrent writes to one operation', () => {
  let t: TestApp;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp();
    key.reviewer = await t.keyFor('reviewer');
    key.CG = await t.keyFor('department', 'CG');
    const granted = await post('/v1/powers', penaltyPowerBody(PENALTY, 'CG'), 'reviewer');
    expect(granted.status).toBe(201);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object, who: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${key[who]}`, ...headers })
      .send(body);
  const register = async (): Promise<string> => {
    const id = `e2e-concurrent-${(sequence += 1)}`;
    const res = await post(
      '/v1/operations',
      {
        id,
        powerCode: PENALTY,
        caseNumber: '宁烟专罚〔2025〕12号',
        counterparty: { kind: 'organization', name: '某商行' },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt: '2025-09-30T10:00:00+08:00',
      },
      'CG',
    );
    expect(res.status).toBe(201);
    return id;
  };
  const steps = (id: string, headers: (i: number) => Record<string, string> = () => ({})) =>
    Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        post(
          `/v1/operations/${id}/steps`,
          { kind: 'other', at: '2025-10-09T10:00:00+08:00', by: '李四', note: `第${i}次` },
          'CG',
          headers(i),
        ),
      ),
    );
  const recordedNotes = async (id: string): Promise<string[]> =>
    (
      await t.db.dataSource.query<{ note: string }[]>(
        `SELECT data->>'note' AS note FROM events WHERE stream_id = $1 AND type = 'OperationStepRecorded'`,
        [`operation-${id}`],
      )
    ).map((row) => row.note);

  it(`records all ${WRITERS} parallel steps sent without If-Match, each once, at distinct versions`, async () => {
    const id = await register();
    const answers = await steps(id);
    expect(answers.map((a) => a.status)).toEqual(Array(WRITERS).fill(201));
    const versions = answers.map((a) => (a.body as { version: number }).version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 2));
    expect((await recordedNotes(id)).sort()).toEqual(Array.from({ length: WRITERS }, (_, i) => `第${i}次`).sort());
  }, 30_000);

  it(`lets exactly one of ${WRITERS} parallel steps with the same If-Match win; the rest are 409`, async () => {
    const id = await register();
    const answers = await steps(id, () => ({ 'If-Match': '"1"' }));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(WRITERS - 1);
    for (const lost of answers.filter((a) => a.status === 409)) expect(lost.body.code).toBe('VERSION_CONFLICT');
    expect(await recordedNotes(id)).toHaveLength(1);
  }, 30_000);
});
