import { Logger } from '@nestjs/common';
import { canonicalEnvelope, chainHash, GENESIS_HASH, newEventId } from '@app/event-store';
import { CATALOGUE_PROJECTION } from '@app/read-models';
import { createTestApp, TestApp } from './support/create-test-app';
import { freshHealth } from './support/health';
import { penaltyPowerBody } from './support/powers';
import { until } from './support/until';

const PROBLEM_JSON = /^application\/problem\+json/;

interface ProjectionReport {
  name: string;
  position: number;
  stalled: boolean;
  failure: { position: number | null; error: string; since: string; attempts: number; retryAt: string } | null;
}

/**
 * An event that no read model can hold, appended below the store's own check (as an older version of the store let
 * through): the projection that fails on it says so on /health and in one log line, and keeps retrying.
 */
describe('a projection failing on an event', () => {
  let t: TestApp;
  let reviewer: string;
  let department: string;
  const errors = jest.spyOn(Logger.prototype, 'error');

  beforeAll(async () => {
    t = await createTestApp({ PROJECTOR_RETRY_MAX_MS: '300' });
    reviewer = await t.keyFor('reviewer');
    department = await t.keyFor('department', 'CG');
  });
  afterAll(async () => {
    errors.mockRestore();
    await t.close();
  });

  const health = async (): Promise<{ status: string; projections: ProjectionReport[] }> => {
    const res = await freshHealth(t);
    expect(res.status).toBe(200);
    return res.body as { status: string; projections: ProjectionReport[] };
  };
  const catalogueOf = (report: { projections: ProjectionReport[] }): ProjectionReport =>
    report.projections.find((p) => p.name === CATALOGUE_PROJECTION)!;

  it('refuses such text over HTTP with a 4xx problem and writes nothing', async () => {
    for (const name of ['a\u0000b', 'a\ud800b']) {
      const code = `CG-CF-${name.length}${name.charCodeAt(1)}`;
      const res = await t
        .http()
        .post('/v1/powers')
        .set({ Authorization: `Bearer ${department}`, 'Content-Type': 'application/json' })
        .send(JSON.stringify(penaltyPowerBody(code, 'CG', { name })));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      const [{ n }] = await t.db.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM events WHERE stream_id = $1',
        [`power-${code}`],
      );
      expect(n).toBe(0);
    }
  });

  it('reports the projection, the event and the error on /health at once, logs it once, and retries', async () => {
    const granted = await t
      .http()
      .post('/v1/powers')
      .set({ Authorization: `Bearer ${reviewer}` })
      .send(penaltyPowerBody('CG-CF-0001', 'CG'));
    expect(granted.status).toBe(201);
    const [grant] = await t.db.dataSource.query<{ type: string; data: Record<string, unknown>; metadata: unknown }[]>(
      `SELECT type, data, metadata FROM events WHERE stream_id = 'power-CG-CF-0001'`,
    );
    expect((await health()).status).toBe('ok');
    errors.mockClear();

    // Inserted as the store's chained insert did before it checked text: PostgreSQL's json column takes it.
    const streamId = 'power-CG-CF-0002';
    const envelope = {
      eventId: newEventId(),
      type: grant.type,
      schemaVersion: 1,
      data: { ...grant.data, code: 'CG-CF-0002', name: '毒\u0000药' },
      metadata: grant.metadata,
      recordedAt: new Date().toISOString(),
    };
    const canonical = canonicalEnvelope(envelope);
    const [poison] = await t.db.dataSource.query<{ global_position: string }[]>(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at,
                           prev_hash, hash)
       VALUES ($1, $2, 1, $3, 1, $4::json, $5::json, $6, decode($7, 'hex'), decode($8, 'hex'))
       RETURNING global_position`,
      [
        envelope.eventId,
        streamId,
        envelope.type,
        JSON.stringify(envelope.data),
        JSON.stringify(envelope.metadata),
        envelope.recordedAt,
        GENESIS_HASH,
        chainHash(GENESIS_HASH, streamId, 1, canonical),
      ],
    );
    const position = Number(poison.global_position);

    const failing = await until(health, (report) => catalogueOf(report).failure !== null);
    expect(failing.status).toBe('degraded');
    expect(catalogueOf(failing)).toMatchObject({
      stalled: false,
      failure: { position, error: expect.stringMatching(/\S/), attempts: expect.any(Number) },
    });
    expect(failing.projections.filter((p) => p.failure !== null).map((p) => p.name)).toEqual([CATALOGUE_PROJECTION]);

    // It keeps trying, with backoff, and says so once.
    const retried = await until(health, (report) => (catalogueOf(report).failure?.attempts ?? 0) >= 3);
    expect(catalogueOf(retried).failure).toMatchObject({ position, since: catalogueOf(failing).failure!.since });
    const logged = errors.mock.calls
      .map(([message]) => String(message))
      .filter((m) => m.includes(CATALOGUE_PROJECTION));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`on the event at position ${position} (PowerGranted in power-CG-CF-0002)`);
    expect(logged[0]).not.toContain('\n');
  }, 30_000);
});
