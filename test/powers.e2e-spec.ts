import { setTimeout as sleep } from 'node:timers/promises';
import { GrantPower, powerDecider, shanghaiDate } from '@app/domain';
import { EVENT_STORE, EventStore, newEventId } from '@app/event-store';
import { createTestApp, TestApp } from './support/create-test-app';
import { publicationDutyOfToday } from './support/powers';

const PROBLEM_JSON = /^application\/problem\+json/;
const APPROVAL = {
  authority: '宁国市规范行政权力运行工作领导小组',
  documentNo: '宁规范〔2023〕35号',
  date: '2023-12-20',
};

const grantBody = (code: string, fields: Record<string, unknown> = {}) => ({
  code,
  name: '户外广告设施设置审批',
  category: 'licensing',
  department: 'CG',
  legalBasis: [{ title: '城市市容和环境卫生管理条例', article: '第十一条' }],
  timeLimit: { legalDays: 20, committedDays: 10 },
  approval: APPROVAL,
  effectiveFrom: '2024-01-01',
  ...fields,
});
const changeBody = (changes: Record<string, unknown>, fields: Record<string, unknown> = {}) => ({
  kind: 'amendment',
  changes,
  reason: '规范办审定变更',
  approval: { ...APPROVAL, documentNo: '宁规范〔2025〕3号', date: '2025-03-28' },
  effectiveFrom: '2025-01-01',
  ...fields,
});
const transferBody = (toDepartment: string, effectiveFrom = '2025-06-01') => ({
  toDepartment,
  reason: '相对集中行政许可权改革',
  approval: { ...APPROVAL, documentNo: '宁政〔2025〕12号', date: '2025-05-18' },
  effectiveFrom,
});
const cancelBody = (effectiveFrom: string) => ({
  reason: '国务院决定取消',
  approval: { ...APPROVAL, documentNo: '宁政〔2025〕40号', date: '2025-10-08' },
  effectiveFrom,
});
const publishBody = (publishedOn: string) => ({
  channel: '政府门户网站',
  publishedOn,
  url: 'https://www.example.gov.cn/zqml',
});

const codesOf = (res: { body: unknown }): string[] =>
  (res.body as { items: { code: string }[] }).items.map((p) => p.code);

describe('powers', () => {
  let t: TestApp;
  let store: EventStore;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    key.reviewer = await t.keyFor('reviewer');
    key.supervisor = await t.keyFor('supervisor');
    key.investigator = await t.keyFor('investigator');
    key.admin = await t.keyFor('admin');
    key.CG = await t.keyFor('department', 'CG');
    key.ZFJ = await t.keyFor('department', 'ZFJ');
    key.YCJ = await t.keyFor('department', 'YCJ');
  });
  afterAll(() => t.close());

  const auth = (who?: string): Record<string, string> => (who ? { Authorization: `Bearer ${key[who]}` } : {});
  const post = (path: string, body: object, who?: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set({ ...auth(who), ...headers })
      .send(body);
  const get = (path: string, who?: string) => t.http().get(path).set(auth(who));
  const nextCode = (prefix = 'CG-XK') => `${prefix}-${String((sequence += 1)).padStart(4, '0')}`;
  const streamLength = async (code: string): Promise<number> =>
    Number(
      (await t.db.dataSource.query(`SELECT count(*) AS n FROM events WHERE stream_id = $1`, [`power-${code}`]))[0].n,
    );
  /** Grants as a reviewer (in force at once) and returns the write's body. */
  const granted = async (code: string, fields: Record<string, unknown> = {}, who = 'reviewer') => {
    const res = await post('/v1/powers', grantBody(code, fields), who);
    expect(res.status).toBe(201);
    return res.body as { version: number; position: number };
  };
  const query = (params: Record<string, string | number | boolean | undefined>) =>
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&');
  /** Waits until the catalogue has the write at `position`, then reads. */
  const read = (code: string, position: number, params: Record<string, string | undefined> = {}, who = 'reviewer') =>
    get(`/v1/powers/${code}?${query({ minPosition: position, ...params })}`, who);
  const list = (position: number, params: Record<string, string | number | boolean | undefined>, who?: string) =>
    get(`/v1/powers?${query({ minPosition: position, ...params })}`, who);

  describe('POST /v1/powers (grant)', () => {
    it('records the grant and answers with the stream, version, position and ETag', async () => {
      const code = nextCode();
      const res = await post(
        '/v1/powers',
        grantBody(code, { timeLimit: { legalDays: 20, committedDays: 18 } }),
        'reviewer',
      );
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        streamId: `power-${code}`,
        version: 1,
        position: expect.any(Number),
        code,
        type: 'PowerGranted',
        warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'],
        effectiveFrom: '2024-01-01',
      });
      const [event] = await t.db.dataSource.query(`SELECT type, data, metadata FROM events WHERE stream_id = $1`, [
        `power-${code}`,
      ]);
      expect(event).toMatchObject({
        type: 'PowerGranted',
        data: { code, attributes: { department: 'CG', important: false }, approval: APPROVAL },
        metadata: { actor: { role: 'reviewer' }, correlationId: expect.any(String) },
      });
    });

    it('lets a reviewer grant for any department', async () => {
      const res = await post('/v1/powers', grantBody(nextCode(), { department: 'ZFJ' }), 'reviewer');
      expect(res.status).toBe(201);
    });

    it('needs a key (401), a department, reviewer or admin role and, for a department, its own department (403)', async () => {
      const code = nextCode();
      expect((await post('/v1/powers', grantBody(code))).status).toBe(401);
      const supervisor = await post('/v1/powers', grantBody(code), 'supervisor');
      expect(supervisor.status).toBe(403);
      expect(supervisor.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(supervisor.body).toMatchObject({ status: 403, code: 'FORBIDDEN_ROLE' });
      const investigator = await post('/v1/powers', grantBody(code), 'investigator');
      expect(investigator.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
      const other = await post('/v1/powers', grantBody(code), 'ZFJ');
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN_DEPARTMENT' });
      expect(await streamLength(code)).toBe(0);
    });

    it('answers 400 with every field at fault, nested ones by path, unknown fields included', async () => {
      const res = await post(
        '/v1/powers',
        {
          ...grantBody('cg xk 1', { effectiveFrom: '2025-02-30' }),
          name: '',
          legalBasis: [{ title: '城市市容和环境卫生管理条例' }],
          timeLimit: { legalDays: 0, committedDays: 10, unit: 'weeks' },
          approval: undefined,
          color: 'red',
        },
        'CG',
      );
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', correlationId: expect.any(String) });
      expect(Object.keys(res.body.errors).sort()).toEqual(
        [
          'approval',
          'code',
          'color',
          'effectiveFrom',
          'legalBasis.0.article',
          'name',
          'timeLimit.legalDays',
          'timeLimit.unit',
        ].sort(),
      );
      expect(res.body.errors.effectiveFrom).toEqual(['effectiveFrom must be a valid date YYYY-MM-DD']);
      expect(res.body.errors.color).toEqual(['property color should not exist']);
    });

    it('names a missing required field once, as required', async () => {
      const res = await post(
        '/v1/powers',
        {
          ...grantBody(nextCode()),
          timeLimit: { committedDays: 5 },
          legalBasis: [{ title: '城市市容和环境卫生管理条例' }],
          approval: undefined,
        },
        'CG',
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({
        'timeLimit.legalDays': ['legalDays is required'],
        'legalBasis.0.article': ['article is required'],
        approval: ['approval is required'],
      });
    });

    it('answers 400 from the catalogue rules the decider checks, with the field', async () => {
      const res = await post('/v1/powers', grantBody(nextCode(), { classification: { classified: true } }), 'CG');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'CLASSIFICATION_REASON_REQUIRED',
        errors: { 'classification.reason': ['is required when classified'] },
      });
    });

    it('answers 409 POWER_EXISTS for a code granted before', async () => {
      const code = nextCode();
      await granted(code);
      const res = await post('/v1/powers', grantBody(code, { name: '另一个名称' }), 'CG');
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ status: 409, code: 'POWER_EXISTS' });
      expect(await streamLength(code)).toBe(1);
    });

    it('answers 422 for rule violations and for a department that is not registered', async () => {
      const rules = [
        [{ timeLimit: { legalDays: 5, committedDays: 8 } }, 'COMMITTED_EXCEEDS_LEGAL'],
        [
          { discretion: [{ level: 'general', conditions: '一般情节', min: 0, max: 100 }] },
          'DISCRETION_ONLY_FOR_PENALTIES',
        ],
        [{ department: 'NOBODY' }, 'DEPARTMENT_NOT_FOUND'],
      ] as const;
      for (const [fields, code] of rules) {
        const res = await post('/v1/powers', grantBody(nextCode(), fields), 'reviewer');
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ status: 422, code });
      }
    });
  });

  describe('changes, transfers, cancellation and publications', () => {
    it('changes a power; the change answers with the next version', async () => {
      const code = nextCode();
      await granted(code);
      const res = await post(
        `/v1/powers/${code}/changes`,
        changeBody({ timeLimit: { committedDays: 5 }, responsibleUnit: '审批科' }),
        'reviewer',
      );
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ version: 2, type: 'PowerChanged', warnings: [], effectiveFrom: '2025-01-01' });
      const cleared = await post(`/v1/powers/${code}/changes`, changeBody({ responsibleUnit: null }), 'reviewer');
      expect(cleared.status).toBe(201);
      const power = await read(code, cleared.body.position);
      expect(power.body).toMatchObject({ timeLimit: { committedDays: 5 }, version: 3 });
      expect(power.body).not.toHaveProperty('responsibleUnit');
    });

    it('rejects changes to the code and the department, and fields that cannot be cleared', async () => {
      const code = nextCode();
      await granted(code);
      const res = await post(
        `/v1/powers/${code}/changes`,
        changeBody({ department: 'ZFJ', code: 'X-1', name: null, colour: 'red' }),
        'CG',
      );
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({
        'changes.department': ['department moves only by transfer (POST /v1/powers/{code}/transfers)'],
        'changes.code': ['code is permanent and cannot be changed'],
        'changes.name': ['name must be a non-empty text of at most 500 characters'],
        'changes.colour': ['property colour should not exist'],
      });
      expect(await streamLength(code)).toBe(1);
    });

    it('answers 404 POWER_NOT_FOUND for every write to a power never granted', async () => {
      const code = nextCode();
      const writes = [
        post(`/v1/powers/${code}/changes`, changeBody({ name: '新名称' }), 'reviewer'),
        post(`/v1/powers/${code}/transfers`, transferBody('ZFJ'), 'reviewer'),
        post(`/v1/powers/${code}/cancellation`, cancelBody('2025-01-01'), 'reviewer'),
        post(`/v1/powers/${code}/publications`, publishBody('2025-01-01'), 'reviewer'),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ status: 404, code: 'POWER_NOT_FOUND' });
      }
    });

    it('lets only the department holding the power today act for it', async () => {
      const code = nextCode();
      await granted(code);
      const other = await post(`/v1/powers/${code}/changes`, changeBody({ name: '新名称' }), 'ZFJ');
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN_DEPARTMENT' });
      const investigator = await post(`/v1/powers/${code}/publications`, publishBody('2025-01-01'), 'investigator');
      expect(investigator.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
      expect((await post(`/v1/powers/${code}/transfers`, transferBody('ZFJ'))).status).toBe(401);

      const moved = await post(`/v1/powers/${code}/transfers`, transferBody('ZFJ', '2025-06-01'), 'reviewer');
      expect(moved.status).toBe(201);
      expect((await post(`/v1/powers/${code}/changes`, changeBody({ name: '新名称' }), 'CG')).status).toBe(403);
      expect((await post(`/v1/powers/${code}/changes`, changeBody({ name: '新名称' }), 'ZFJ')).status).toBe(201);
    });

    it('answers 422 for the rules of transfers, changes, cancellations and publications', async () => {
      const code = nextCode();
      await granted(code);
      const cases: [string, object, string][] = [
        ['transfers', transferBody('NOBODY'), 'DEPARTMENT_NOT_FOUND'],
        ['transfers', transferBody('CG'), 'TRANSFER_TO_SAME_DEPARTMENT'],
        ['changes', changeBody({ name: '户外广告设施设置审批' }), 'NOTHING_CHANGED'],
        ['changes', changeBody({ name: '新名称' }, { effectiveFrom: '2023-06-01' }), 'EFFECTIVE_BEFORE_GRANT'],
        ['publications', publishBody('2099-01-01'), 'PUBLICATION_IN_FUTURE'],
      ];
      for (const [action, body, problem] of cases) {
        const res = await post(`/v1/powers/${code}/${action}`, body, 'reviewer');
        expect({ action, status: res.status, code: res.body.code }).toEqual({ action, status: 422, code: problem });
      }
      expect(await streamLength(code)).toBe(1);

      expect((await post(`/v1/powers/${code}/cancellation`, cancelBody('2025-01-01'), 'reviewer')).status).toBe(201);
      const afterCancel = await post(`/v1/powers/${code}/changes`, changeBody({ name: '新名称' }), 'CG');
      expect(afterCancel.status).toBe(422);
      expect(afterCancel.body).toMatchObject({ code: 'POWER_CANCELLED', cancelledFrom: '2025-01-01' });
      // Its cancellation must still be disclosed.
      expect((await post(`/v1/powers/${code}/publications`, publishBody('2025-01-02'), 'CG')).status).toBe(201);
    });

    it('shows a cancellation from its effective date on', async () => {
      const code = nextCode();
      await granted(code);
      const cancelled = await post(`/v1/powers/${code}/cancellation`, cancelBody('2025-01-01'), 'reviewer');
      expect((await read(code, cancelled.body.position)).body).toMatchObject({ status: 'cancelled', version: 2 });
      expect((await read(code, cancelled.body.position, { asOf: '2024-06-01' })).body).toMatchObject({
        status: 'in-force',
      });
      const cancelledList = await list(cancelled.body.position, { status: 'cancelled', department: 'CG' }, 'reviewer');
      expect(cancelledList.body.items.map((p: { code: string }) => p.code)).toContain(code);
      const inForce = await list(cancelled.body.position, { status: 'in-force', department: 'CG' }, 'reviewer');
      expect(inForce.body.items.map((p: { code: string }) => p.code)).not.toContain(code);
    });
  });

  describe('If-Match', () => {
    it('writes when it names the current version and refuses a stale one with 409, writing nothing', async () => {
      const code = nextCode();
      await granted(code);
      const fresh = await post(`/v1/powers/${code}/changes`, changeBody({ name: '名称一' }), 'CG', {
        'If-Match': '"1"',
      });
      expect(fresh.status).toBe(201);
      const stale = await post(`/v1/powers/${code}/changes`, changeBody({ name: '名称二' }), 'CG', {
        'If-Match': '"1"',
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', expectedVersion: 1, actualVersion: 2 });
      expect(await streamLength(code)).toBe(2);
      const malformed = await post(`/v1/powers/${code}/changes`, changeBody({ name: '名称二' }), 'CG', {
        'If-Match': 'W/"2"',
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'INVALID_IF_MATCH', errors: { 'If-Match': expect.any(Array) } });
    });

    it('matches the ETag that GET returns', async () => {
      const code = nextCode();
      const { position } = await granted(code);
      const current = await read(code, position, {}, 'CG');
      expect(current.headers.etag).toBe('"1"');
      const res = await post(`/v1/powers/${code}/publications`, publishBody('2025-01-02'), 'CG', {
        'If-Match': current.headers.etag,
      });
      expect(res.status).toBe(201);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response to a retry with the same body and writes nothing', async () => {
      const code = nextCode();
      const headers = { 'Idempotency-Key': `grant-${code}` };
      const first = await post('/v1/powers', grantBody(code), 'reviewer', headers);
      const retry = await post('/v1/powers', grantBody(code), 'reviewer', headers);
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe('"1"');
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(await streamLength(code)).toBe(1);

      const change = changeBody({ name: '新名称' });
      const changed = await post(`/v1/powers/${code}/changes`, change, 'CG', { 'Idempotency-Key': 'c-1' });
      const again = await post(`/v1/powers/${code}/changes`, change, 'CG', {
        'Idempotency-Key': 'c-1',
        'If-Match': '"1"',
      });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(changed.body);
      expect(await streamLength(code)).toBe(2);
    });

    it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const code = nextCode();
      await post('/v1/powers', grantBody(code), 'CG', { 'Idempotency-Key': `reuse-${code}` });
      const other = nextCode();
      const res = await post('/v1/powers', grantBody(other), 'CG', { 'Idempotency-Key': `reuse-${code}` });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await streamLength(other)).toBe(0);
      const elsewhere = await post(`/v1/powers/${code}/publications`, publishBody('2025-01-02'), 'CG', {
        'Idempotency-Key': `reuse-${code}`,
      });
      expect(elsewhere.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await streamLength(code)).toBe(1);
    });

    it('keeps keys apart per principal', async () => {
      const first = nextCode();
      const second = nextCode();
      const headers = { 'Idempotency-Key': 'shared-key' };
      expect((await post('/v1/powers', grantBody(first), 'CG', headers)).status).toBe(201);
      expect((await post('/v1/powers', grantBody(second), 'reviewer', headers)).status).toBe(201);
      expect(await streamLength(second)).toBe(1);
    });

    it('writes once when retries race each other', async () => {
      const code = nextCode();
      const headers = { 'Idempotency-Key': `race-${code}` };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => post('/v1/powers', grantBody(code), 'reviewer', headers)),
      );
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      for (const res of responses) expect(res.body).toEqual(responses[0].body);
      expect(await streamLength(code)).toBe(1);

      const change = changeBody({ name: '并发变更' });
      const changes = await Promise.all(
        Array.from({ length: 6 }, () =>
          post(`/v1/powers/${code}/changes`, change, 'CG', { 'Idempotency-Key': `race-change-${code}` }),
        ),
      );
      expect(changes.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      expect(new Set(changes.map((r) => (r.body as { position: number }).position)).size).toBe(1);
      expect(await streamLength(code)).toBe(2);
    });

    it('rejects a malformed key', async () => {
      const res = await post('/v1/powers', grantBody(nextCode()), 'CG', { 'Idempotency-Key': 'x'.repeat(256) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'INVALID_IDEMPOTENCY_KEY' });
    });
  });

  describe('the acceptance scenario: grant, a change recorded later, a transfer, read bitemporally', () => {
    const code = 'CG-XK-9001';
    const knownAt: string[] = [];
    let position = 0;
    const mark = async () => {
      await sleep(5);
      knownAt.push(new Date().toISOString());
      await sleep(5);
    };

    beforeAll(async () => {
      await mark();
      await granted(code, {}, 'reviewer');
      await mark();
      const change = await post(
        `/v1/powers/${code}/changes`,
        changeBody({ name: '户外广告设施设置许可', timeLimit: { committedDays: 5 } }),
        'reviewer',
      );
      expect(change.status).toBe(201);
      await mark();
      const transfer = await post(`/v1/powers/${code}/transfers`, transferBody('ZFJ', '2025-06-01'), 'reviewer');
      expect(transfer.status).toBe(201);
      position = transfer.body.position;
      await mark();
    });

    const at = async (asOf: string, known?: number): Promise<Record<string, unknown>> => {
      const res = await read(code, position, { asOf, knownAt: known === undefined ? undefined : knownAt[known] });
      const body = res.body as Record<string, unknown>;
      return res.status === 200 ? { ...body, status: res.status } : { status: res.status, code: body.code };
    };
    const ORIGINAL = { name: '户外广告设施设置审批', timeLimit: { legalDays: 20, committedDays: 10, unit: 'working' } };
    const CHANGED = { name: '户外广告设施设置许可', timeLimit: { legalDays: 20, committedDays: 5, unit: 'working' } };

    it('answers asOf each date from everything recorded', async () => {
      expect(await at('2024-06-01')).toMatchObject({ ...ORIGINAL, department: 'CG', status: 200, version: 3 });
      expect(await at('2025-03-01')).toMatchObject({ ...CHANGED, department: 'CG' });
      expect(await at('2025-07-01')).toMatchObject({ ...CHANGED, department: 'ZFJ', asOf: '2025-07-01' });
      expect(await at('2023-12-31')).toMatchObject({ ...ORIGINAL, department: 'CG' });
      expect((await read(code, position, { asOf: '2023-12-31' })).body.status).toBe('not-yet-in-force');
    });

    it('answers knownAt before and after each recording', async () => {
      for (const asOf of ['2024-06-01', '2025-03-01', '2025-07-01']) {
        expect(await at(asOf, 0)).toEqual({ status: 404, code: 'POWER_NOT_FOUND' });
      }
      // Known after the grant only: the change and the transfer were not recorded yet.
      expect(await at('2024-06-01', 1)).toMatchObject({ ...ORIGINAL, department: 'CG', version: 1 });
      expect(await at('2025-03-01', 1)).toMatchObject({ ...ORIGINAL, department: 'CG', version: 1 });
      expect(await at('2025-07-01', 1)).toMatchObject({ ...ORIGINAL, department: 'CG', knownAt: knownAt[1] });
      // After the change: it rewrites 2025 but not 2024, and the power is still CG's.
      expect(await at('2024-06-01', 2)).toMatchObject({ ...ORIGINAL, department: 'CG', version: 2 });
      expect(await at('2025-03-01', 2)).toMatchObject({ ...CHANGED, department: 'CG' });
      expect(await at('2025-07-01', 2)).toMatchObject({ ...CHANGED, department: 'CG' });
      // After the transfer.
      expect(await at('2025-03-01', 3)).toMatchObject({ ...CHANGED, department: 'CG', version: 3 });
      expect(await at('2025-07-01', 3)).toMatchObject({ ...CHANGED, department: 'ZFJ', version: 3 });
    });

    it('lists by the department holding the power on the date, as known at the instant', async () => {
      const codes = async (params: Record<string, string>): Promise<string[]> =>
        codesOf(await list(position, { department: 'ZFJ', ...params }, 'reviewer'));
      expect(await codes({ asOf: '2025-07-01' })).toContain(code);
      expect(await codes({ asOf: '2025-03-01' })).not.toContain(code);
      expect(await codes({ asOf: '2025-07-01', knownAt: knownAt[2] })).not.toContain(code);
      expect(await codes({ asOf: '2025-07-01', knownAt: knownAt[3] })).toContain(code);
    });

    it('accepts an unencoded + in knownAt and rejects malformed dates and instants', async () => {
      const plus = knownAt[3].replace('Z', '+00:00');
      const unencoded = await get(`/v1/powers/${code}?asOf=2025-07-01&knownAt=${plus}`, 'reviewer');
      expect(unencoded.body).toMatchObject({ department: 'ZFJ', knownAt: plus });
      const bad = await get(`/v1/powers/${code}?asOf=2025-02-30&knownAt=yesterday`, 'reviewer');
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['asOf', 'knownAt']);
    });

    it('shows the timeline oldest first, with actor, recorded and effective time and the changed fields', async () => {
      const res = await get(`/v1/powers/${code}/timeline`, 'investigator');
      expect(res.status).toBe(200);
      expect(res.body.streamId).toBe(`power-${code}`);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          type: 'PowerGranted',
          version: 1,
          position: expect.any(Number),
          recordedAt: expect.any(String),
          effectiveFrom: '2024-01-01',
          actor: expect.objectContaining({ role: 'reviewer' }),
          approval: APPROVAL,
          attributes: expect.objectContaining({ code, department: 'CG' }),
        }),
        expect.objectContaining({
          type: 'PowerChanged',
          version: 2,
          effectiveFrom: '2025-01-01',
          kind: 'amendment',
          reason: '规范办审定变更',
          changes: { name: CHANGED.name, timeLimit: CHANGED.timeLimit },
        }),
        expect.objectContaining({
          type: 'PowerTransferred',
          version: 3,
          effectiveFrom: '2025-06-01',
          fromDepartment: 'CG',
          toDepartment: 'ZFJ',
        }),
      ]);
      const recorded = res.body.items.map((i: { recordedAt: string }) => i.recordedAt);
      expect(recorded[0] > knownAt[0] && recorded[0] < knownAt[1] && recorded[2] < knownAt[3]).toBe(true);
    });

    it('opens the timeline to every department that held the power, and to the supervising roles', async () => {
      for (const who of ['CG', 'ZFJ', 'reviewer', 'supervisor', 'investigator']) {
        expect({ who, status: (await get(`/v1/powers/${code}/timeline`, who)).status }).toEqual({ who, status: 200 });
      }
      expect((await get(`/v1/powers/${code}/timeline`)).status).toBe(401);
      expect((await get(`/v1/powers/${code}/timeline`, 'admin')).status).toBe(403);
      const stranger = await get(`/v1/powers/${code}/timeline`, 'YCJ');
      expect(stranger.status).toBe(403);
      expect(stranger.body).toMatchObject({ code: 'FORBIDDEN_DEPARTMENT' });
      expect((await get('/v1/powers/NEVER-0001/timeline', 'reviewer')).body).toMatchObject({
        status: 404,
        code: 'POWER_NOT_FOUND',
      });
    });
  });

  describe('GET /v1/powers and /v1/powers/{code}', () => {
    const penalty = (name: string, fields: Record<string, unknown> = {}) => ({
      name,
      category: 'penalty',
      department: 'YCJ',
      legalBasis: [
        { title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条', text: '无准运证运输烟草专卖品' },
      ],
      ...fields,
    });
    let position = 0;

    beforeAll(async () => {
      await granted('YC-CF-0001', penalty('对无准运证运输烟草专卖品的处罚', { important: true }));
      await granted('YC-CF-0002', penalty('对销售无标志外国卷烟的处罚'));
      await granted('YC-NB-0001', {
        name: '科级干部选拔任用',
        category: 'internal-management',
        department: 'YCJ',
        classification: { classified: true, reason: '干部人事信息' },
      });
      await post('/v1/powers/YC-CF-0001/publications', publishBody('2025-01-02'), 'YCJ');
      const last = await post('/v1/powers/YC-NB-0001/publications', publishBody('2025-01-02'), 'YCJ');
      position = last.body.position;
    });

    const codes = async (params: Record<string, string | number | boolean>, who?: string): Promise<string[]> => {
      const res = await list(position, { department: 'YCJ', ...params }, who);
      expect(res.status).toBe(200);
      return codesOf(res);
    };

    it('shows the public only disclosed, unclassified powers; classified ones are 404 to it', async () => {
      expect(await codes({})).toEqual(['YC-CF-0001']);
      expect((await read('YC-CF-0001', position, {}, '')).status).toBe(200);
      expect((await read('YC-CF-0002', position, {}, '')).body).toMatchObject({ status: 404, code: 'POWER_NOT_FOUND' });
      expect((await read('YC-NB-0001', position, {}, '')).status).toBe(404);
      expect((await get('/v1/powers', 'nonexistent')).status).toBe(401);
    });

    it('shows departments their own classified powers and supervising roles everything', async () => {
      expect(await codes({}, 'YCJ')).toEqual(['YC-CF-0001', 'YC-CF-0002', 'YC-NB-0001']);
      expect(await codes({}, 'CG')).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes({}, 'admin')).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      for (const who of ['supervisor', 'investigator', 'reviewer']) {
        expect(await codes({}, who)).toEqual(['YC-CF-0001', 'YC-CF-0002', 'YC-NB-0001']);
      }
      expect((await read('YC-NB-0001', position, {}, 'CG')).status).toBe(404);
      expect((await read('YC-NB-0001', position, {}, 'supervisor')).body).toMatchObject({
        classification: { classified: true, reason: '干部人事信息' },
      });
    });

    it('filters by category, importance and status, and searches Chinese text', async () => {
      expect(await codes({ category: 'penalty' }, 'reviewer')).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes({ important: true }, 'reviewer')).toEqual(['YC-CF-0001']);
      expect(await codes({ important: false }, 'reviewer')).toEqual(['YC-CF-0002', 'YC-NB-0001']);
      expect(await codes({ status: 'not-yet-in-force', asOf: '2023-01-01' }, 'reviewer')).toHaveLength(3);
      expect(await codes({ q: '烟草' }, 'reviewer')).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes({ q: '准运证' }, 'reviewer')).toEqual(['YC-CF-0001', 'YC-CF-0002']);
      expect(await codes({ q: '外国卷烟' }, 'reviewer')).toEqual(['YC-CF-0002']);
      expect(await codes({ q: '烟草' })).toEqual(['YC-CF-0001']);
    });

    it('pages with limit and an opaque cursor', async () => {
      const first = await list(position, { department: 'YCJ', limit: 2 }, 'reviewer');
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await list(position, { department: 'YCJ', limit: 2, cursor: first.body.nextCursor }, 'reviewer');
      expect(second.body).toMatchObject({ items: [{ code: 'YC-NB-0001' }], nextCursor: null });
      const all = await list(position, { department: 'YCJ' }, 'reviewer');
      expect(all.body.nextCursor).toBeNull();
    });

    it('answers 400 for bad filters and cursors', async () => {
      const res = await get('/v1/powers?limit=501&status=revoked&category=x&important=maybe&extra=1', 'reviewer');
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['category', 'extra', 'important', 'limit', 'status']);
      const cursor = await get('/v1/powers?cursor=forged', 'reviewer');
      expect(cursor.status).toBe(400);
      expect(cursor.body).toMatchObject({ code: 'INVALID_CURSOR', errors: { cursor: expect.any(Array) } });
    });

    it('carries the catalogue fields at the top level, with status, version, publication and warnings', async () => {
      const res = await read('YC-CF-0001', position, {}, '');
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual({
        code: 'YC-CF-0001',
        name: '对无准运证运输烟草专卖品的处罚',
        category: 'penalty',
        department: 'YCJ',
        legalBasis: [
          { title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条', text: '无准运证运输烟草专卖品' },
        ],
        timeLimit: { legalDays: 20, committedDays: 10, unit: 'working' },
        important: true,
        classification: { classified: false },
        status: 'in-force',
        effectiveFrom: '2024-01-01',
        version: 2,
        publication: {
          lastPublishedOn: '2025-01-02',
          channel: '政府门户网站',
          url: 'https://www.example.gov.cn/zqml',
          ...publicationDutyOfToday(),
        },
        warnings: [],
        asOf: shanghaiDate(new Date().toISOString()),
      });
    });
  });

  describe('publication duty', () => {
    /** Appends a grant as if it had been recorded at `recordedAt`, as a backfill of the log would. */
    async function grantRecordedAt(code: string, recordedAt: string): Promise<number> {
      const command: GrantPower = {
        type: 'GrantPower',
        ...(grantBody(code) as Omit<GrantPower, 'type' | 'actor' | 'recordedAt' | 'today'>),
        actor: { id: 'backfill', role: 'reviewer' },
        recordedAt,
        today: recordedAt.slice(0, 10),
      };
      const [event] = powerDecider.decide(command, powerDecider.initialState);
      const appended = await store.append({
        streamId: `power-${code}`,
        expectedVersion: 'no-stream',
        events: [{ eventId: newEventId(), type: event.type, data: event.data, recordedAt }],
      });
      return appended.position;
    }

    it('is due 20 working days after recording and overdue after that, until published', async () => {
      const code = nextCode();
      // Monday 10 February 2025; the 20th working day after it is Monday 10 March.
      const position = await grantRecordedAt(code, '2025-02-10T10:00:00+08:00');
      expect((await read(code, position)).body.publication).toEqual({
        lastPublishedOn: null,
        dueBy: '2025-03-10',
        overdue: true,
      });
      expect((await read(code, position, { knownAt: '2025-03-10T12:00:00+08:00' })).body.publication).toEqual({
        lastPublishedOn: null,
        dueBy: '2025-03-10',
        overdue: false,
      });
      const published = await post(`/v1/powers/${code}/publications`, publishBody('2025-03-12'), 'CG');
      expect((await read(code, published.body.position)).body.publication).toMatchObject({
        lastPublishedOn: '2025-03-12',
        dueBy: null,
        overdue: false,
      });
    });

    it('is due from today for a fact recorded now', async () => {
      const code = nextCode();
      const { position } = await granted(code);
      expect((await read(code, position)).body.publication).toEqual({
        lastPublishedOn: null,
        ...publicationDutyOfToday(),
      });
    });
  });

  describe('OpenAPI', () => {
    it('documents every powers endpoint with its DTO schemas', async () => {
      const res = await get('/docs-json');
      expect(res.status).toBe(200);
      const { paths, components } = res.body;
      for (const path of ['/v1/powers', '/v1/powers/{code}', '/v1/powers/{code}/timeline'])
        expect(paths).toHaveProperty(path);
      for (const action of ['changes', 'transfers', 'cancellation', 'publications']) {
        expect(paths[`/v1/powers/{code}/${action}`]).toHaveProperty('post');
      }
      expect(paths['/v1/powers'].post.requestBody.content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/GrantPowerRequest',
      });
      for (const schema of [
        'GrantPowerRequest',
        'ChangePowerRequest',
        'PowerChangesInput',
        'TransferPowerRequest',
        'CancelPowerRequest',
        'PublishPowerRequest',
        'LegalBasisInput',
        'ApprovalInput',
        'PowerResponse',
        'PowerPageResponse',
        'PowerWrittenResponse',
        'PowerTimelineResponse',
      ]) {
        expect(components.schemas).toHaveProperty(schema);
      }
      expect(components.schemas.GrantPowerRequest.required).toEqual(
        expect.arrayContaining(['code', 'name', 'category', 'department', 'legalBasis', 'timeLimit', 'approval']),
      );
      const parameters = paths['/v1/powers'].post.parameters.map((p: { name: string }) => p.name);
      expect(parameters).toEqual(expect.arrayContaining(['Idempotency-Key', 'If-Match']));
    });
  });
});

describe('powers: read-your-writes when the projector lags', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RUN_PROJECTOR: 'false', MIN_POSITION_WAIT_MS: '100' });
  });
  afterAll(() => t.close());

  it('answers 503 PROJECTION_LAGGING when the catalogue does not reach minPosition in time', async () => {
    const reviewer = await t.keyFor('reviewer');
    await t.department('CG');
    const written = await t
      .http()
      .post('/v1/powers')
      .set({ Authorization: `Bearer ${reviewer}` })
      .send(grantBody('CG-XK-0001'));
    expect(written.status).toBe(201);
    for (const path of [
      `/v1/powers/CG-XK-0001?minPosition=${written.body.position}`,
      `/v1/powers?minPosition=${written.body.position}`,
    ]) {
      const res = await t
        .http()
        .get(path)
        .set({ Authorization: `Bearer ${reviewer}` });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 503, code: 'PROJECTION_LAGGING' });
    }
  });
});
