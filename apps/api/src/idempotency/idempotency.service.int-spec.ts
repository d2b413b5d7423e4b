import { createTestDatabase, TestDatabase } from '@app/testing';
import { IdempotencyService } from './idempotency.service';

describe('IdempotencyService.purgeOlderThan', () => {
  let db: TestDatabase;
  let service: IdempotencyService;

  beforeAll(async () => {
    db = await createTestDatabase(2);
    service = new IdempotencyService(db.dataSource);
  });
  afterAll(() => db.drop());

  it('forgets the responses older than the given hours and keeps the others', async () => {
    const response = { status: 201, headers: {}, body: { ok: true } };
    for (const key of ['fresh', 'day-old', 'week-old']) await service.record('p1', key, 'f', response);
    await db.dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - CASE key WHEN 'day-old' THEN interval '25 hours'
                                                                  ELSE interval '7 days' END
        WHERE principal_id = 'p1' AND key <> 'fresh'`,
    );

    expect(await service.purgeOlderThan(24 * 7 + 1)).toBe(0);
    expect(await service.purgeOlderThan(24)).toBe(2);
    expect(await service.find('p1', 'fresh')).toMatchObject({ status: 201, body: { ok: true } });
    expect(await service.find('p1', 'day-old')).toBeUndefined();
    expect(await service.find('p1', 'week-old')).toBeUndefined();
    expect(await service.purgeOlderThan(24)).toBe(0);
  });
});
