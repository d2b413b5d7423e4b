import { createTestApp, TestApp } from './support/create-test-app';
import { penaltyPowerBody } from './support/powers';

const PENALTY = 'CG-CF-0001';
const ITEMS = 200;

/**
 * BATCH_CONCURRENCY=1 over HTTP: batches sent at the same time all get their own answer, a failing one gives the
 * turn on, and no batch's events interleave with another's in the log (each waited for the one before it). With
 * BATCH_CONCURRENCY=0 the batches of ITEMS run together and their events interleave in most runs.
 */
describe('POST /v1/operations/batch with BATCH_CONCURRENCY=1', () => {
  let t: TestApp;
  const key: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ BATCH_CONCURRENCY: '1' });
    key.reviewer = await t.keyFor('reviewer');
    key.CG = await t.keyFor('department', 'CG');
    const granted = await t
      .http()
      .post('/v1/powers')
      .set({ Authorization: `Bearer ${key.reviewer}` })
      .send(penaltyPowerBody(PENALTY, 'CG'));
    expect(granted.status).toBe(201);
  });
  afterAll(() => t.close());

  const batch = (name: string, acceptedAt = '2025-09-30T10:00:00+08:00') => ({
    items: Array.from({ length: ITEMS }, (_, i) => ({
      id: `e2e-admission-${name}-${i}`,
      powerCode: PENALTY,
      caseNumber: `宁烟专罚〔2025〕${i}号`,
      counterparty: { kind: 'organization', name: '某商行' },
      handlers: [{ name: '李四', post: '执法队员' }],
      acceptedAt,
    })),
  });

  it('answers every batch of a burst, the failing one too, and appends each batch apart', async () => {
    const bodies = [batch('a'), batch('b'), batch('c', '2025-09-31T10:00:00+08:00'), batch('d'), batch('e')];
    const answers = await Promise.all(
      bodies.map((body) =>
        t
          .http()
          .post('/v1/operations/batch')
          .set({ Authorization: `Bearer ${key.CG}` })
          .send(body),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 400, 201, 201]);
    expect(Object.keys(answers[2].body.errors as object)).toContain('items.0.acceptedAt');

    const rows = await t.db.dataSource.query<{ stream_id: string }[]>(
      `SELECT stream_id FROM events WHERE stream_id LIKE 'operation-e2e-admission-%' ORDER BY global_position`,
    );
    const batchOf = rows.map((row) => row.stream_id.split('-')[3]);
    expect(batchOf).toHaveLength(4 * ITEMS);
    // Four runs of ITEMS: one batch's events never sit between another's.
    const runs = batchOf.filter((name, i) => i === 0 || batchOf[i - 1] !== name);
    expect(runs.sort()).toEqual(['a', 'b', 'd', 'e']);
  });
});
