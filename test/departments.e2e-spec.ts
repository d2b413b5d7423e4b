import { formatApiKey } from '@app/access';
import { createTestApp, TestApp } from './support/create-test-app';

const PROBLEM_JSON = /^application\/problem\+json/;
const UNKNOWN_KEY = formatApiKey('0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42', 'A'.repeat(43));

describe('departments', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.keyFor('admin');
  });
  afterAll(() => t.close());

  const as = (key: string) => ({ Authorization: `Bearer ${key}` });
  const register = (body: object, key = admin) => t.http().post('/v1/admin/departments').set(as(key)).send(body);

  describe('POST /v1/admin/departments', () => {
    it('registers a department and a sub-department under it', async () => {
      const top = await register({ code: 'CG', name: '城市管理行政执法局' });
      expect(top.status).toBe(201);
      expect(top.body).toEqual({
        streamId: 'department-CG',
        version: 1,
        position: expect.any(Number),
        code: 'CG',
        name: '城市管理行政执法局',
      });

      const sub = await register({ code: 'CG-ZFDD', name: '  执法大队 ', parent: 'CG' });
      expect(sub.status).toBe(201);
      expect(sub.body).toEqual({
        streamId: 'department-CG-ZFDD',
        version: 1,
        position: expect.any(Number),
        code: 'CG-ZFDD',
        name: '执法大队',
        parent: 'CG',
      });
      expect(sub.body.position).toBeGreaterThan(top.body.position);
      expect(sub.headers.etag).toBe('"1"');

      const [event] = await t.db.dataSource.query(
        `SELECT type, data, metadata FROM events WHERE stream_id = 'department-CG-ZFDD'`,
      );
      expect(event).toMatchObject({
        type: 'DepartmentRegistered',
        data: { code: 'CG-ZFDD', name: '执法大队', parent: 'CG' },
        metadata: { actor: { role: 'admin' }, correlationId: expect.any(String) },
      });
    });

    it('answers a code registered before with 409 DEPARTMENT_EXISTS', async () => {
      await register({ code: 'YC', name: '烟草专卖局' });
      const res = await register({ code: 'YC', name: '烟草专卖局（重复）' });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, code: 'DEPARTMENT_EXISTS' });
    });

    it('answers a parent never registered with 422 DEPARTMENT_NOT_FOUND naming the parent field', async () => {
      const res = await register({ code: 'ZF-BGS', name: '办公室', parent: 'ZF' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'DEPARTMENT_NOT_FOUND', errors: { parent: [expect.any(String)] } });
      expect(await t.db.dataSource.query(`SELECT 1 FROM events WHERE stream_id = 'department-ZF-BGS'`)).toEqual([]);
    });

    it.each([
      [{ name: '无编码' }, 'code'],
      [{ code: 'cg-lower', name: '小写' }, 'code'],
      [{ code: `C${'G'.repeat(32)}`, name: '过长' }, 'code'],
      [{ code: 'WJ' }, 'name'],
      [{ code: 'WJ', name: '' }, 'name'],
      [{ code: 'WJ', name: '局'.repeat(101) }, 'name'],
      [{ code: 'WJ', name: '物价局', parent: 'wj' }, 'parent'],
      [{ code: 'WJ', name: '物价局', colour: 'red' }, 'colour'],
    ])('answers %j with 400 naming %s', async (body, field) => {
      const res = await register(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: { [field]: expect.arrayContaining([expect.any(String)]) },
      });
    });

    it('answers a department that is its own parent with 400', async () => {
      const res = await register({ code: 'JT', name: '交通局', parent: 'JT' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ errors: { parent: ['must not be the department itself'] } });
    });

    it('answers a retry with the same Idempotency-Key with the first response and writes once', async () => {
      const send = () =>
        t
          .http()
          .post('/v1/admin/departments')
          .set(as(admin))
          .set('Idempotency-Key', 'register-SJ-1')
          .send({ code: 'SJ', name: '审计局' });
      const first = await send();
      const retry = await send();
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      const [{ count }] = await t.db.dataSource.query(
        `SELECT count(*)::int AS count FROM events WHERE stream_id = 'department-SJ'`,
      );
      expect(count).toBe(1);
    });

    it('answers no key and an unknown key with 401', async () => {
      expect((await t.http().post('/v1/admin/departments').send({ code: 'NK', name: '无钥匙' })).status).toBe(401);
      const res = await register({ code: 'NK', name: '错误钥匙' }, UNKNOWN_KEY);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    });

    it.each([['reviewer'], ['supervisor'], ['investigator']] as const)('answers a %s key with 403', async (role) => {
      const res = await register({ code: 'NK', name: '无权' }, await t.keyFor(role));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('answers a department key with 403', async () => {
      const res = await register({ code: 'NK', name: '无权' }, await t.keyFor('department', 'CG'));
      expect(res.status).toBe(403);
    });
  });

  describe('GET /v1/departments', () => {
    it('lists every department in code order to anyone, once the write at minPosition is in', async () => {
      const { body } = await register({ code: 'AJ', name: '安监局' });
      const res = await t.http().get('/v1/departments').query({ minPosition: body.position });
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        { code: 'AJ', name: '安监局' },
        { code: 'CG', name: '城市管理行政执法局' },
        { code: 'CG-ZFDD', name: '执法大队', parent: 'CG' },
        { code: 'SJ', name: '审计局' },
        { code: 'YC', name: '烟草专卖局' },
      ]);
      expect(res.body.nextCursor).toBeUndefined();
    });

    it('pages with limit and cursor', async () => {
      const first = await t.http().get('/v1/departments').query({ limit: 2 });
      expect(first.body.items.map((d: { code: string }) => d.code)).toEqual(['AJ', 'CG']);
      const second = await t.http().get('/v1/departments').query({ limit: 2, cursor: first.body.nextCursor });
      expect(second.body.items.map((d: { code: string }) => d.code)).toEqual(['CG-ZFDD', 'SJ']);
    });

    it.each([[{ limit: 0 }], [{ limit: 501 }], [{ minPosition: 'x' }], [{ cursor: 'forged' }], [{ colour: 'red' }]])(
      'answers %j with 400',
      async (query) => {
        const res = await t.http().get('/v1/departments').query(query);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('accepts any valid key and answers an unknown one with 401', async () => {
      expect(
        (
          await t
            .http()
            .get('/v1/departments')
            .set(as(await t.keyFor('supervisor')))
        ).status,
      ).toBe(200);
      expect((await t.http().get('/v1/departments').set(as(UNKNOWN_KEY))).status).toBe(401);
    });

    it('answers 503 PROJECTION_LAGGING when asked to wait for a position never reached', async () => {
      const quick = await createTestApp({ MIN_POSITION_WAIT_MS: '100' });
      try {
        const res = await quick.http().get('/v1/departments').query({ minPosition: 1_000_000 });
        expect(res.status).toBe(503);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({ status: 503, code: 'PROJECTION_LAGGING' });
      } finally {
        await quick.close();
      }
    });
  });

  describe('department API keys', () => {
    it('issues a key for a department registered a moment before, without waiting for any projection', async () => {
      expect((await register({ code: 'GT', name: '国土资源局' })).status).toBe(201);
      const res = await t
        .http()
        .post('/v1/admin/keys')
        .set(as(admin))
        .send({ name: '国土局业务系统', role: 'department', department: 'GT' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ role: 'department', department: 'GT' });
    });

    it('refuses a key for a department never registered with 422 DEPARTMENT_NOT_FOUND', async () => {
      const res = await t
        .http()
        .post('/v1/admin/keys')
        .set(as(admin))
        .send({ name: '不存在的部门', role: 'department', department: 'NOPE' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'DEPARTMENT_NOT_FOUND', errors: { department: [expect.any(String)] } });
    });
  });

  it('documents both endpoints in the OpenAPI document', async () => {
    const { body } = await t.http().get('/docs-json');
    expect(body.paths['/v1/admin/departments'].post.responses).toHaveProperty('201');
    expect(body.paths['/v1/departments'].get.responses).toHaveProperty('200');
    expect(body.components.schemas.RegisterDepartmentRequest.required).toEqual(['code', 'name']);
  });
});
