import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ConfigError } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { ApiKeyService, formatApiKey, parseApiKey } from '@app/access';
import { createTestApp, TestApp } from './support/create-test-app';

describe('API keys and roles', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.keyFor('admin');
  });
  afterAll(() => t.close());

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const issue = (body: object, key = admin) => t.http().post('/v1/admin/keys').set(as(key)).send(body);

  describe('authentication', () => {
    it('answers a protected endpoint without a key with 401 UNAUTHORIZED and a Bearer challenge', async () => {
      const res = await t.http().get('/v1/admin/keys');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED', correlationId: expect.any(String) });
    });

    it.each([
      ['an unknown key', formatApiKey('0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42', 'A'.repeat(43))],
      ['a key in the wrong format', 'not-a-key'],
    ])('answers %s with 401', async (_what, key) => {
      const res = await t.http().get('/v1/admin/keys').set(as(key));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body.code).toBe('UNAUTHORIZED');
    });

    it('answers the right key id with a wrong secret with 401', async () => {
      const { id } = parseApiKey(admin)!;
      const res = await t
        .http()
        .get('/v1/admin/keys')
        .set(as(formatApiKey(id, 'B'.repeat(43))));
      expect(res.status).toBe(401);
    });

    it('answers another authorization scheme with 401', async () => {
      const res = await t.http().get('/v1/admin/keys').set('Authorization', `Basic ${admin}`);
      expect(res.status).toBe(401);
    });

    it('answers a wrong key on a public endpoint with 401, and no key with 200', async () => {
      expect(
        (
          await t
            .http()
            .get('/v1/meta/enums')
            .set(as('psk_nobody_' + 'x'.repeat(43)))
        ).status,
      ).toBe(401);
      expect((await t.http().get('/v1/meta/enums')).status).toBe(200);
    });

    it('answers a valid key whose role is not allowed with 403 FORBIDDEN', async () => {
      for (const key of [await t.keyFor('supervisor'), await t.keyFor('department', 'CG')]) {
        const res = await t.http().get('/v1/admin/keys').set(as(key));
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      }
    });
  });

  describe('GET /v1/me', () => {
    it('tells every role whom its key belongs to, and a missing key is 401', async () => {
      const issued = await issue({ name: '城管局业务系统', role: 'department', department: 'CG' });
      const department = await t.http().get('/v1/me').set(as(issued.body.key));
      expect(department.status).toBe(200);
      expect(department.body).toEqual({ id: issued.body.id, role: 'department', department: 'CG' });
      const supervisor = await t
        .http()
        .get('/v1/me')
        .set(as(await t.keyFor('supervisor')));
      expect(supervisor.body).toEqual({ id: expect.any(String), role: 'supervisor' });
      expect((await t.http().get('/v1/me')).status).toBe(401);
    });
  });

  describe('POST /v1/admin/keys', () => {
    it('issues a key that works at once and is shown once', async () => {
      const res = await issue({ name: '运维值班', role: 'admin' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        key: expect.stringMatching(/^psk_[0-9a-f-]+_[A-Za-z0-9_-]{43}$/),
        name: '运维值班',
        role: 'admin',
        createdAt: expect.any(String),
      });
      expect(parseApiKey(res.body.key)?.id).toBe(res.body.id);
      expect((await t.http().get('/v1/admin/keys').set(as(res.body.key))).status).toBe(200);
    });

    it('issues a department key scoped to its department', async () => {
      await t.department('CG-ZFDD');
      const res = await issue({ name: '城管局业务系统', role: 'department', department: 'CG-ZFDD' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ role: 'department', department: 'CG-ZFDD' });
      expect(await t.keys.authenticate(res.body.key)).toEqual({
        id: res.body.id,
        role: 'department',
        department: 'CG-ZFDD',
      });
    });

    it('stores only the SHA-256 of the secret, and the event carries neither secret nor hash', async () => {
      const res = await issue({ name: 'hash check', role: 'reviewer' }).set('X-Correlation-Id', 'issue-hash-check');
      const { id, secret } = parseApiKey(res.body.key)!;
      const hash = createHash('sha256').update(secret).digest();

      const [row] = await t.db.dataSource.query(
        'SELECT *, row_to_json(api_keys)::text AS everything FROM api_keys WHERE id = $1',
        [id],
      );
      expect(row.everything).not.toContain(secret);
      expect(row.everything).not.toContain(res.body.key);
      expect(Buffer.compare(row.secret_hash, hash)).toBe(0);
      expect(row).toMatchObject({ name: 'hash check', role: 'reviewer', department: null, revoked_at: null });

      const events = await t.db.dataSource.query(
        `SELECT type, data, metadata, row_to_json(events)::text AS everything FROM events WHERE stream_id = $1`,
        [`apikey-${id}`],
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'ApiKeyIssued',
        data: { keyId: id, name: 'hash check', role: 'reviewer' },
        metadata: { actor: { role: 'admin' }, correlationId: 'issue-hash-check' },
      });
      for (const form of [secret, hash.toString('hex'), hash.toString('base64'), hash.toString('base64url')]) {
        expect(events[0].everything).not.toContain(form);
      }
    });

    it.each([
      [{ name: 'x', role: 'department' }, 'department'],
      [{ name: 'x', role: 'department', department: 'cg' }, 'department'],
      [{ name: 'x', role: 'department', department: 'C' }, 'department'],
      [{ name: 'x', role: 'supervisor', department: 'CG' }, 'department'],
      [{ name: 'x', role: 'mayor' }, 'role'],
      [{ role: 'admin' }, 'name'],
      [{ name: '   ', role: 'admin' }, 'name'],
    ])('rejects %j with 400 naming %s', async (body, field) => {
      const res = await issue(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { [field]: expect.arrayContaining([expect.any(String)]) },
      });
    });

    it('is for admins only', async () => {
      const res = await issue({ name: 'x', role: 'admin' }, await t.keyFor('reviewer'));
      expect(res.status).toBe(403);
    });
  });

  describe('DELETE /v1/admin/keys/{id}', () => {
    it('revokes a key: the very next request with it is 401', async () => {
      const victim = (await issue({ name: 'to revoke', role: 'admin' }).set('X-Correlation-Id', 'revoke-1')).body;
      expect((await t.http().get('/v1/admin/keys').set(as(victim.key))).status).toBe(200);

      const res = await t
        .http()
        .delete(`/v1/admin/keys/${victim.id}`)
        .set(as(admin))
        .set('X-Correlation-Id', 'revoke-2');
      expect(res.status).toBe(204);
      expect((await t.http().get('/v1/admin/keys').set(as(victim.key))).status).toBe(401);

      const events = await t.db.dataSource.query(
        'SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version',
        [`apikey-${victim.id}`],
      );
      expect(events.map((e: { type: string }) => e.type)).toEqual(['ApiKeyIssued', 'ApiKeyRevoked']);
      expect(events[1]).toMatchObject({ data: { keyId: victim.id }, metadata: { correlationId: 'revoke-2' } });
    });

    it('is idempotent: revoking a revoked key is 204 and writes nothing more', async () => {
      const victim = (await issue({ name: 'twice', role: 'investigator' })).body;
      expect((await t.http().delete(`/v1/admin/keys/${victim.id}`).set(as(admin))).status).toBe(204);
      expect((await t.http().delete(`/v1/admin/keys/${victim.id}`).set(as(admin))).status).toBe(204);
      const [{ count }] = await t.db.dataSource.query(
        'SELECT count(*)::int AS count FROM events WHERE stream_id = $1',
        [`apikey-${victim.id}`],
      );
      expect(count).toBe(2);
    });

    it('answers an unknown id with 404', async () => {
      const res = await t.http().delete('/v1/admin/keys/no-such-key').set(as(admin));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'API_KEY_NOT_FOUND', status: 404 });
    });
  });

  describe('GET /v1/admin/keys', () => {
    it('lists keys with their revocation, never a secret, a page at a time', async () => {
      const revoked = (await issue({ name: 'listed', role: 'supervisor' })).body;
      await t.http().delete(`/v1/admin/keys/${revoked.id}`).set(as(admin));

      const seen: Record<string, unknown>[] = [];
      let cursor: string | undefined;
      do {
        const res = await t
          .http()
          .get('/v1/admin/keys')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(as(admin));
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);

      const [{ count }] = await t.db.dataSource.query('SELECT count(*)::int AS count FROM api_keys');
      expect(seen).toHaveLength(count);
      expect(seen.find((k) => k.id === revoked.id)).toEqual({
        id: revoked.id,
        name: 'listed',
        role: 'supervisor',
        createdAt: expect.any(String),
        createdBy: expect.any(String),
        revokedAt: expect.any(String),
      });
      for (const key of seen) expect(Object.keys(key)).not.toContain('key');
    });

    it('rejects a limit over 500 and a forged cursor with 400', async () => {
      expect((await t.http().get('/v1/admin/keys?limit=501').set(as(admin))).status).toBe(400);
      expect((await t.http().get('/v1/admin/keys?cursor=%3D%3D').set(as(admin))).body.errors).toHaveProperty('cursor');
    });
  });
});

describe('the first admin key', () => {
  let t: TestApp;
  afterEach(() => t.close());

  async function secondProcess(): Promise<{ keys: ApiKeyService; close: () => Promise<void> }> {
    const other = new DataSource(t.db.dataSource.options);
    await other.initialize();
    return { keys: new ApiKeyService(other, new PostgresEventStore(other)), close: () => other.destroy() };
  }

  it('registers ADMIN_API_KEY once, however often the server starts', async () => {
    const configured = formatApiKey('ops-admin', 'S'.repeat(40));
    t = await createTestApp({ ADMIN_API_KEY: configured });

    expect(await t.keys.ensureAdminKey(t.config.ADMIN_API_KEY)).toEqual({ id: 'ops-admin', created: true });
    expect(await t.keys.ensureAdminKey(t.config.ADMIN_API_KEY)).toEqual({ id: 'ops-admin', created: false });
    const other = await secondProcess();
    expect(await other.keys.ensureAdminKey(t.config.ADMIN_API_KEY)).toEqual({ id: 'ops-admin', created: false });
    await other.close();

    const res = await t.http().get('/v1/admin/keys').set('Authorization', `Bearer ${configured}`);
    expect(res.status).toBe(200);
    const [{ count }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS count FROM events WHERE stream_id = 'apikey-ops-admin'`,
    );
    expect(count).toBe(1);
  });

  it('refuses an ADMIN_API_KEY whose id belongs to another key', async () => {
    t = await createTestApp();
    await t.keys.ensureAdminKey(formatApiKey('ops-admin', 'S'.repeat(40)));
    await expect(t.keys.ensureAdminKey(formatApiKey('ops-admin', 'T'.repeat(40)))).rejects.toBeInstanceOf(ConfigError);
    await expect(t.keys.ensureAdminKey('change-me-to-something-long')).rejects.toBeInstanceOf(ConfigError);
  });

  it('without ADMIN_API_KEY generates exactly one admin key, even when two processes start together', async () => {
    t = await createTestApp();
    const other = await secondProcess();
    const results = await Promise.all([t.keys.ensureAdminKey(undefined), other.keys.ensureAdminKey(undefined)]);
    await other.close();

    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    expect(created[0].key).toMatch(/^psk_/);
    expect(results.map((r) => r.id)).toEqual([created[0].id, created[0].id]);
    expect(await t.keys.ensureAdminKey(undefined)).toEqual({ id: created[0].id, created: false });
    expect((await t.http().get('/v1/admin/keys').set('Authorization', `Bearer ${created[0].key}`)).status).toBe(200);
  });

  it('generates a new one when every admin key has been revoked', async () => {
    t = await createTestApp();
    const first = await t.keys.ensureAdminKey(undefined);
    await t.keys.revoke(first.id, { actor: { id: 'e2e', role: 'admin' }, correlationId: 'e2e' });
    const second = await t.keys.ensureAdminKey(undefined);
    expect(second).toMatchObject({ created: true, key: expect.stringMatching(/^psk_/) });
    expect(second.id).not.toBe(first.id);
  });
});
