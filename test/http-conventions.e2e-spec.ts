import { setTimeout as sleep } from 'node:timers/promises';
import type { QueryRunner } from 'typeorm';
import { newEventId, PostgresEventStore } from '@app/event-store';
import { freshHealth } from './support/health';
import { until } from './support/until';
import { createTestApp, TestApp } from './support/create-test-app';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('HTTP conventions', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.keyFor('admin');
  });
  afterAll(() => t.close());

  const bearer = () => ({ Authorization: `Bearer ${admin}` });

  describe('problem+json', () => {
    it('answers an unknown route with 404 problem+json carrying every member', async () => {
      const res = await t.http().get('/v1/nowhere');
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toEqual({
        type: 'https://power-supervision.example/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: expect.any(String),
        code: 'NOT_FOUND',
        correlationId: res.headers['x-correlation-id'],
      });
    });

    it('echoes a sane X-Correlation-Id in the header and the problem', async () => {
      const res = await t.http().get('/v1/nowhere').set('X-Correlation-Id', 'client-req-42');
      expect(res.headers['x-correlation-id']).toBe('client-req-42');
      expect(res.body.correlationId).toBe('client-req-42');
    });

    it('replaces an insane X-Correlation-Id with a UUID, on successful responses too', async () => {
      const res = await t.http().get('/v1/meta/enums').set('X-Correlation-Id', 'bad id with spaces');
      expect(res.status).toBe(200);
      expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    });

    it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
      const res = await t
        .http()
        .post('/v1/admin/keys')
        .set(bearer())
        .set('Content-Type', 'application/json')
        .send('{"name": "x", ');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
    });

    it('rejects a body over 1 MiB with 413 problem+json', async () => {
      const res = await t
        .http()
        .post('/v1/admin/keys')
        .set(bearer())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024), role: 'admin' }));
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', correlationId: expect.any(String) });
    });

    it('rejects a body that is not JSON with 415', async () => {
      const res = await t.http().post('/v1/admin/keys').set(bearer()).set('Content-Type', 'text/plain').send('name=x');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('rejects unknown fields with 400 and names them in errors', async () => {
      const res = await t.http().post('/v1/admin/keys').set(bearer()).send({ name: 'x', role: 'admin', colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: { colour: [expect.any(String)] } });
    });
  });

  describe('GET /health', () => {
    it('is public and reports the database reachable', async () => {
      const res = await t.http().get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        database: { reachable: true, latencyMs: expect.any(Number) },
        projections: expect.any(Array),
      });
    });

    /**
     * Runs `during` while a transaction holds a table a check asks about: the checks started meanwhile wait for it, as
     * under a flood.
     */
    const whileChecksWait = async (during: () => Promise<void>): Promise<void> => {
      const holder = t.db.dataSource.createQueryRunner();
      await holder.connect();
      await holder.startTransaction();
      try {
        await holder.query('LOCK TABLE operations_awaiting_calendar IN ACCESS EXCLUSIVE MODE');
        await during();
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
    };

    it('answers with the last check, marked fresh: false, while the database is slow, and fresh again after', async () => {
      const first = await freshHealth(t);
      expect(first.body).toMatchObject({ fresh: true, checkedAt: expect.any(String) });
      await whileChecksWait(async () => {
        const started = Date.now();
        const slow = await t.http().get('/health');
        expect(Date.now() - started).toBeLessThan(2000);
        expect(slow.status).toBe(200);
        expect(slow.body).toEqual({ ...first.body, fresh: false });
      });
      const after = await freshHealth(t);
      expect(after.body.fresh).toBe(true);
      expect(after.body.checkedAt > first.body.checkedAt).toBe(true);
    });

    it('lets the database rest after a slow check: probes meanwhile get its report, then a fresh one', async () => {
      // A recent report to fall back on: without one, a probe waits for the check however long it takes.
      await freshHealth(t);
      await whileChecksWait(async () => {
        // This probe starts a check that waits for the lock: held a second, the check takes that long.
        expect((await t.http().get('/health')).body.fresh).toBe(false);
        await sleep(1000);
      });
      // Released, the check finishes at once; for four times its length (at most 3 s) no new one is started.
      await sleep(500);
      const resting = await t.http().get('/health');
      expect(resting.body.fresh).toBe(false);
      const after = await freshHealth(t);
      expect(after.body.fresh).toBe(true);
    });

    it('does not wait for the check after a slow one: the probe that starts it gets the last report at once', async () => {
      await freshHealth(t);
      await whileChecksWait(async () => {
        // This probe starts a check that waits for the lock, 200 ms: that check is slow.
        expect((await t.http().get('/health')).body.fresh).toBe(false);
        await sleep(200);
      });
      // Past its rest (four times 200 ms) the next probe starts a check, quick now, and answers without waiting for
      // it; the probes after that one wait for their checks again.
      await sleep(1000);
      const last = await t.http().get('/health');
      expect(last.body.fresh).toBe(false);
      const checkedAt = last.body.checkedAt as string;
      const fresh = await until(
        () => t.http().get('/health'),
        (res) => res.body.fresh === true,
      );
      expect(fresh.body.checkedAt > checkedAt).toBe(true);
    });

    it('answers at once with the last check while this process is busy; Cache-Control: no-cache waits for a new one', async () => {
      const first = await freshHealth(t);
      // The event loop held, as a flood of batches holds it: a fresh check would wait behind that work.
      const until = performance.now() + 200;
      while (performance.now() < until);
      const busy = await t.http().get('/health');
      expect(busy.body).toEqual({ ...first.body, fresh: false });
      const after = await freshHealth(t);
      expect(after.body.fresh).toBe(true);
      expect(after.body.checkedAt > first.body.checkedAt).toBe(true);
    });

    it('asks on a connection of its own: writers holding every connection of the pool do not hold it up', async () => {
      await freshHealth(t);
      const holders: QueryRunner[] = [];
      let waiting: { holder: QueryRunner; connected: Promise<void> } | undefined;
      try {
        // Connections taken until the pool has none left and the next waits, as under a flood of writers (the first
        // check holds one for /health, the projector and the listeners theirs).
        while (waiting === undefined) {
          const holder = t.db.dataSource.createQueryRunner();
          const connected = holder.connect().then(() => undefined);
          const got = await Promise.race([connected.then(() => true), sleep(300).then(() => false)]);
          if (got) holders.push(holder);
          else waiting = { holder, connected };
        }
        const res = await freshHealth(t);
        expect(res.body).toMatchObject({ fresh: true, database: { reachable: true } });
      } finally {
        for (const holder of holders) await holder.release();
        if (waiting) {
          await waiting.connected;
          await waiting.holder.release();
        }
      }
    });

    it('reports each projection with its lag behind the head of the log', async () => {
      await t.db.dataSource.query(
        `INSERT INTO projection_checkpoints (name, position) VALUES ('e2e-health', 0) ON CONFLICT DO NOTHING`,
      );
      const res = await freshHealth(t);
      const [log] = await t.db.dataSource.query('SELECT count(*)::int AS events FROM events');
      expect(log.events).toBeGreaterThan(0);
      expect(res.body.projections).toContainEqual({
        name: 'e2e-health',
        position: 0,
        lag: log.events,
        updatedAt: expect.any(String),
        stalled: false,
        failure: null,
      });
    });

    it('reports no lag for a projection at the end of the log in commit order, below the highest position', async () => {
      // Transaction A appends, B appends and commits, A appends again and commits: in commit order B's event
      // comes last, while A's second event holds the highest position.
      const store = new PostgresEventStore(t.db.dataSource);
      const append = (streamId: string, manager?: Parameters<PostgresEventStore['appendMany']>[1]) =>
        store.appendMany(
          [{ streamId, expectedVersion: 'no-stream', events: [{ eventId: newEventId(), type: 'Noted', data: {} }] }],
          manager,
        );
      const run = newEventId();
      await t.db.dataSource.transaction(async (a) => {
        await append(`health-a1-${run}`, a);
        await append(`health-b-${run}`);
        await append(`health-a2-${run}`, a);
      });
      const [last] = await t.db.dataSource.query(
        `SELECT transaction_id::text AS transaction_id, global_position::int AS position, stream_id,
                (SELECT max(global_position)::int FROM events) AS head
           FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      );
      expect(last.stream_id).toBe(`health-b-${run}`);
      expect(last.head).toBeGreaterThan(last.position);
      await t.db.dataSource.query(
        `INSERT INTO projection_checkpoints (name, transaction_id, position) VALUES ('e2e-health-end', $1, $2)`,
        [last.transaction_id, last.position],
      );
      const res = await freshHealth(t);
      expect(res.body.projections).toContainEqual(
        expect.objectContaining({ name: 'e2e-health-end', position: last.position, lag: 0 }),
      );
    });
  });

  describe('GET /v1/meta/enums', () => {
    it('is public and labels every role in Chinese', async () => {
      const res = await t.http().get('/v1/meta/enums');
      expect(res.status).toBe(200);
      expect(res.body.actorRole).toEqual([
        { value: 'department', label: expect.stringMatching(/\p{Script=Han}/u) },
        { value: 'reviewer', label: expect.stringMatching(/\p{Script=Han}/u) },
        { value: 'supervisor', label: expect.stringMatching(/\p{Script=Han}/u) },
        { value: 'investigator', label: expect.stringMatching(/\p{Script=Han}/u) },
        { value: 'admin', label: expect.stringMatching(/\p{Script=Han}/u) },
      ]);
      expect(res.body.powerCategory).toContainEqual({ value: 'licensing', label: '行政许可' });
      expect(res.body.alertGround).toHaveLength(10);
      expect(res.body.alertGround[0]).toEqual({ value: 1, label: expect.stringMatching(/\p{Script=Han}/u) });
      expect(res.body.discretionLevel).toContainEqual({ value: 'severe', label: '从重' });
      expect(res.body.stepKind).toContainEqual({ value: 'collective-discussion', label: expect.any(String) });
      expect(res.body.decisionOutcome).toContainEqual({ value: 'no-penalty', label: expect.any(String) });
      expect(res.body.alertLevel).toEqual([
        { value: 'yellow', label: '黄牌' },
        { value: 'red', label: '红牌' },
      ]);
    });
  });

  describe('OpenAPI', () => {
    it('serves a valid OpenAPI document listing the admin paths and the bearer scheme', async () => {
      const res = await t.http().get('/docs-json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(res.body.info).toMatchObject({ title: expect.any(String), version: '1' });
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining(['/v1/admin/keys', '/v1/admin/keys/{id}', '/health', '/v1/meta/enums']),
      );
      expect(res.body.paths['/v1/admin/keys'].post.security).toEqual([{ 'api-key': [] }]);
      expect(res.body.components.securitySchemes['api-key']).toMatchObject({ type: 'http', scheme: 'bearer' });
      // The one header /health reads, once and optional: a probe that sends nothing is answered as before.
      expect(res.body.paths['/health'].get.parameters).toEqual([
        expect.objectContaining({ in: 'header', name: 'Cache-Control', required: false }),
      ]);
    });

    it('serves the UI at /docs', async () => {
      const res = await t.http().get('/docs').redirects(1);
      expect(res.status).toBe(200);
      expect(res.text).toContain('swagger');
    });
  });
});

describe('when things break', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.keyFor('admin');
  });
  afterAll(() => t.close());

  it('answers an unexpected error with 500 INTERNAL_ERROR and no internals', async () => {
    const owner = await t.db.owner();
    await owner.query('ALTER TABLE api_keys RENAME TO api_keys_gone');
    try {
      const res = await t.http().get('/v1/admin/keys').set('Authorization', `Bearer ${admin}`);
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toEqual({
        type: 'https://power-supervision.example/problems/internal-error',
        title: 'Internal error',
        status: 500,
        detail: expect.stringContaining('correlation id'),
        code: 'INTERNAL_ERROR',
        correlationId: res.headers['x-correlation-id'],
      });
      expect(res.text).not.toMatch(/api_keys|does not exist|SELECT /);
    } finally {
      await owner.query('ALTER TABLE api_keys_gone RENAME TO api_keys');
    }
  });

  it('answers /health with 503 when the database is unreachable', async () => {
    await t.db.dataSource.destroy();
    const res = await freshHealth(t);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: { reachable: false }, projections: [] });
  });
});
