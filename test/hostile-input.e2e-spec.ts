import request from 'supertest';
import { formatApiKey, parseApiKey } from '@app/access';
import { cliServices } from '../apps/cli/src/cli-services';
import { INPUT_LIMITS } from '@app/contracts';
import { createTestApp, TestApp } from './support/create-test-app';
import { APPROVAL, penaltyPowerBody } from './support/powers';

const PROBLEM_JSON = /^application\/problem\+json/;
/** Each describe starts an app on a database of its own, which takes a while on a busy machine. */
const SETUP_TIMEOUT_MS = 30_000;
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const ESCAPE = 'a\u001bb';

type Method = 'post' | 'get' | 'delete';
interface Call {
  method: Method;
  path: string;
  role: 'admin' | 'reviewer' | 'department' | 'supervisor' | 'public';
}

const OPERATION = '0199a5f0-7c4e-7b1a-9c1d-2f1e6b3a4c5d';
const ALERT = '0199a5f0-7c4e-7b1a-9c1d-2f1e6b3a4c5e';

/** Every write endpoint, with the role that may call it. */
const WRITES: Call[] = [
  { method: 'post', path: '/v1/powers', role: 'reviewer' },
  { method: 'post', path: '/v1/powers/YC-CF-0001/changes', role: 'reviewer' },
  { method: 'post', path: '/v1/powers/YC-CF-0001/transfers', role: 'reviewer' },
  { method: 'post', path: '/v1/powers/YC-CF-0001/cancellation', role: 'reviewer' },
  { method: 'post', path: '/v1/powers/YC-CF-0001/publications', role: 'reviewer' },
  { method: 'post', path: '/v1/operations', role: 'department' },
  { method: 'post', path: '/v1/operations/batch', role: 'department' },
  { method: 'post', path: `/v1/operations/${OPERATION}/steps`, role: 'department' },
  { method: 'post', path: `/v1/operations/${OPERATION}/decision`, role: 'department' },
  { method: 'post', path: `/v1/operations/${OPERATION}/completion`, role: 'department' },
  { method: 'post', path: `/v1/alerts/${ALERT}/acknowledgement`, role: 'supervisor' },
  { method: 'post', path: `/v1/alerts/${ALERT}/resolution`, role: 'supervisor' },
  { method: 'post', path: `/v1/alerts/${ALERT}/answers`, role: 'department' },
  { method: 'post', path: `/v1/alerts/${ALERT}/answer-acceptance`, role: 'supervisor' },
  { method: 'post', path: `/v1/alerts/${ALERT}/answer-rejection`, role: 'supervisor' },
  { method: 'post', path: '/v1/complaints', role: 'supervisor' },
  { method: 'post', path: '/v1/complaints/TS-1/assignment', role: 'supervisor' },
  { method: 'post', path: '/v1/complaints/TS-1/replies', role: 'department' },
  { method: 'post', path: '/v1/complaints/TS-1/closure', role: 'supervisor' },
  { method: 'post', path: '/v1/complaints/TS-1/reopening', role: 'supervisor' },
  { method: 'post', path: '/v1/public/complaints', role: 'supervisor' },
  { method: 'post', path: '/v1/inspections', role: 'supervisor' },
  { method: 'post', path: '/v1/inspections/I-1/sample', role: 'supervisor' },
  { method: 'post', path: '/v1/inspections/I-1/activities', role: 'supervisor' },
  { method: 'post', path: '/v1/inspections/I-1/report', role: 'supervisor' },
  { method: 'post', path: '/v1/findings', role: 'supervisor' },
  { method: 'post', path: '/v1/rectifications', role: 'supervisor' },
  { method: 'post', path: '/v1/rectifications/ZG-1/reports', role: 'department' },
  { method: 'post', path: '/v1/rectifications/ZG-1/acceptance', role: 'supervisor' },
  { method: 'post', path: '/v1/rectifications/ZG-1/rejection', role: 'supervisor' },
  { method: 'post', path: '/v1/admin/departments', role: 'admin' },
  { method: 'post', path: '/v1/admin/keys', role: 'admin' },
  { method: 'post', path: '/v1/admin/calendars', role: 'admin' },
];

/** A text field of each write, as a field path and a body that puts `text` there. */
const TEXT_FIELDS: [string, string, (text: string) => object][] = [
  [
    '/v1/complaints',
    'complainant.name',
    (name) => ({
      channel: 'phone',
      receivedAt: '2025-03-12T09:00:00+08:00',
      about: { department: 'YC' },
      complainant: { disclosure: 'confidential', name },
      summary: '投诉',
    }),
  ],
  [
    '/v1/public/complaints',
    'summary',
    (summary) => ({ about: { department: 'YC' }, complainant: { disclosure: 'anonymous' }, summary }),
  ],
  ['/v1/powers', 'name', (name) => penaltyPowerBody('YC-CF-0002', 'YC', { name })],
  [
    '/v1/powers',
    'legalBasis.0.title',
    (title) => penaltyPowerBody('YC-CF-0002', 'YC', { legalBasis: [{ title, article: '第一条' }] }),
  ],
  [
    '/v1/powers/YC-CF-0001/changes',
    'reason',
    (reason) => ({ kind: 'amendment', changes: {}, reason, approval: APPROVAL, effectiveFrom: '2025-01-01' }),
  ],
  [
    '/v1/powers/YC-CF-0001/transfers',
    'reason',
    (reason) => ({ toDepartment: 'ZF', reason, approval: APPROVAL, effectiveFrom: '2025-01-01' }),
  ],
  [
    '/v1/powers/YC-CF-0001/cancellation',
    'approval.authority',
    (authority) => ({ reason: '取消', approval: { ...APPROVAL, authority }, effectiveFrom: '2025-01-01' }),
  ],
  ['/v1/powers/YC-CF-0001/publications', 'channel', (channel) => ({ channel, publishedOn: '2025-01-02' })],
  ['/v1/operations', 'caseNumber', (caseNumber) => registration({ caseNumber })],
  ['/v1/operations', 'counterparty.name', (name) => registration({ counterparty: { kind: 'person', name } })],
  ['/v1/operations', 'handlers.0.name', (name) => registration({ handlers: [{ name, post: '执法队员' }] })],
  [
    '/v1/operations/batch',
    'items.3.caseNumber',
    (caseNumber) => ({ items: [registration(), registration(), registration(), registration({ caseNumber })] }),
  ],
  [`/v1/operations/${OPERATION}/steps`, 'by', (by) => ({ kind: 'investigation', at: '2025-10-09T10:00:00+08:00', by })],
  [
    `/v1/operations/${OPERATION}/steps`,
    'note',
    (note) => ({ kind: 'pause', at: '2025-10-09T10:00:00+08:00', by: '李四', note }),
  ],
  [
    `/v1/operations/${OPERATION}/decision`,
    'reasoning',
    (reasoning) => ({
      at: '2025-10-13T15:00:00+08:00',
      outcome: 'no-penalty',
      legalBasisCited: [{ title: '条例', article: '第一条' }],
      reasoning,
    }),
  ],
  [`/v1/operations/${OPERATION}/completion`, 'at', (at) => ({ at })],
  [`/v1/alerts/${ALERT}/acknowledgement`, 'note', (note) => ({ note })],
  [`/v1/alerts/${ALERT}/resolution`, 'note', (note) => ({ note })],
  ['/v1/admin/departments', 'name', (name) => ({ code: 'ZF-BGS', name })],
  ['/v1/admin/keys', 'name', (name) => ({ name, role: 'supervisor' })],
  ['/v1/admin/calendars', 'source', (source) => ({ year: 2027, holidays: [], workdays: [], source })],
];

function registration(fields: Record<string, unknown> = {}): object {
  return {
    powerCode: 'YC-CF-0001',
    caseNumber: '宁烟专罚〔2025〕12号',
    counterparty: { kind: 'person', name: '张三' },
    handlers: [{ name: '李四', post: '执法队员' }],
    acceptedAt: '2025-09-30T10:00:00+08:00',
    ...fields,
  };
}

const deepJson = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('hostile input (issue 11)', () => {
  let t: TestApp;
  const keys: Record<Call['role'], string | undefined> = {
    admin: undefined,
    reviewer: undefined,
    department: undefined,
    supervisor: undefined,
    public: undefined,
  };

  beforeAll(async () => {
    t = await createTestApp();
    keys.admin = await t.keyFor('admin');
    keys.reviewer = await t.keyFor('reviewer');
    keys.department = await t.keyFor('department', 'YC');
    keys.supervisor = await t.keyFor('supervisor');
    await t.department('ZF');
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t.close());

  const send = (call: Call, body?: string | object) => {
    const req = t.http()[call.method](call.path);
    if (keys[call.role]) void req.set('Authorization', `Bearer ${keys[call.role]}`);
    if (body === undefined) return req;
    return req.set('Content-Type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const writeTo = (path: string): Call => WRITES.find((w) => w.path === path)!;

  const lastPosition = async (): Promise<number> => {
    const [{ position }] = await t.db.dataSource.query<{ position: string | null }[]>(
      'SELECT max(global_position)::text AS position FROM events',
    );
    return Number(position ?? 0);
  };

  /** The request is refused with this status as problem+json, and the log holds no new event. */
  async function expectRefused(response: () => Promise<request.Response>, status: number): Promise<request.Response> {
    const before = await lastPosition();
    const res = await response();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({ status, correlationId: expect.any(String) });
    expect(await lastPosition()).toBe(before);
    return res;
  }

  describe('item 1: every text of every request is well-formed Unicode without control characters', () => {
    it.each(
      TEXT_FIELDS.flatMap(([path, field, body]) =>
        [
          ['NUL', NUL],
          ['a lone surrogate', LONE_SURROGATE],
          ['an escape character', ESCAPE],
        ].map(([what, text]) => [path, field, what, text, body] as const),
      ),
    )('POST %s refuses %s with %s: 400 naming the field, nothing written', async (path, field, _what, text, body) => {
      const res = await expectRefused(() => send(writeTo(path), body(text)), 400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors)).toEqual([field]);
    });

    it('refuses a NUL in a field name', async () => {
      const res = await expectRefused(
        () => send(writeTo('/v1/admin/keys'), '{"name":"ops","role":"admin","ro\\u0000le":"x"}'),
        400,
      );
      expect(res.body.errors).toEqual({ 'ro\u0000le': ['the field name contains the control character U+0000'] });
    });

    it('keeps tab, line feed and carriage return in free text', async () => {
      const res = await send(writeTo('/v1/admin/keys'), { name: '运维\t值班\r\n第二行', role: 'supervisor' });
      expect(res.status).toBe(201);
      expect(res.body.name).toBe('运维\t值班\r\n第二行');
    });

    it.each([
      ['/v1/powers?q=%00', 'q'],
      ['/v1/powers?department=YC&department=%01', 'department.1'],
      ['/v1/operations?powerCode=%00', 'powerCode'],
      ['/v1/alerts?department=%00', 'department'],
    ])('refuses GET %s with 400 naming %s', async (path, field) => {
      const res = await expectRefused(() => send({ method: 'get', path, role: 'supervisor' }), 400);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    });
  });

  describe('item 4: never 500 for bad input', () => {
    it.each(WRITES.map((w) => [w.path, w] as const))(
      'POST %s refuses JSON nested 10,000 deep with 400',
      async (_path, call) => {
        const res = await expectRefused(() => send(call, deepJson(10_000)), 400);
        expect(Object.values(res.body.errors)).toEqual([
          [`a nests deeper than ${INPUT_LIMITS.depth} levels of objects and lists`],
        ]);
      },
    );

    it.each([
      ['get', '/v1/powers/%00', 'public'],
      ['get', '/v1/powers/%00/timeline', 'reviewer'],
      ['get', '/v1/operations/%00', 'supervisor'],
      ['get', '/v1/operations/%00/timeline', 'supervisor'],
      ['get', '/v1/alerts/%00', 'supervisor'],
      ['post', '/v1/operations/%00/completion', 'department'],
      ['post', '/v1/powers/%00/publications', 'reviewer'],
      ['delete', '/v1/admin/keys/%00', 'admin'],
    ] as const)('%s %s: a NUL in a path parameter is 400', async (method, path, role) => {
      const res = await expectRefused(() => send({ method, path, role }, method === 'post' ? {} : undefined), 400);
      expect(Object.values(res.body.errors)).toEqual([
        [expect.stringMatching(/^(code|id) contains the control character U\+0000$/)],
      ]);
    });

    it.each([
      ['/v1/powers?minPosition=9223372036854775808', 'minPosition'],
      ['/v1/powers/YC-CF-0001?minPosition=1e300', 'minPosition'],
      ['/v1/departments?minPosition=9007199254740992', 'minPosition'],
      ['/v1/operations?limit=1e309', 'limit'],
      [`/v1/alerts/${ALERT}?minPosition=-1`, 'minPosition'],
      [`/v1/operations?cursor=${'A'.repeat(600)}`, 'cursor'],
    ])('GET %s is 400 naming %s', async (path, field) => {
      const res = await expectRefused(() => send({ method: 'get', path, role: 'supervisor' }), 400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.errors)).toEqual([field]);
    });

    it.each([
      ['a time limit of 1e300 days', 'timeLimit.legalDays', { timeLimit: { legalDays: 1e300, committedDays: 5 } }],
      ['a time limit of 1,001 days', 'timeLimit.committedDays', { timeLimit: { legalDays: 20, committedDays: 1001 } }],
      [
        'a fine of 1e300 yuan',
        'discretion.0.max',
        { discretion: [{ level: 'general', conditions: '初次', min: 0, max: 1e300 }] },
      ],
      ['an effective date before MIN_PLAUSIBLE_DATE', 'effectiveFrom', { effectiveFrom: '1999-12-31' }],
      ['an effective date after 2100', 'effectiveFrom', { effectiveFrom: '2101-01-01' }],
      ['an approval in the year 9999', 'approval.date', { approval: { ...APPROVAL, date: '9999-01-01' } }],
    ])('POST /v1/powers refuses %s (400 on %s)', async (_what, field, fields) => {
      const res = await expectRefused(
        () => send(writeTo('/v1/powers'), penaltyPowerBody('YC-CF-0003', 'YC', fields)),
        400,
      );
      expect(Object.keys(res.body.errors)).toEqual([field]);
    });

    it.each([
      [
        'an acceptance in 9999',
        '/v1/operations',
        'acceptedAt',
        registration({ acceptedAt: '9999-01-01T09:00:00+08:00' }),
      ],
      ['an acceptance in 1970', '/v1/operations', 'acceptedAt', registration({ acceptedAt: '1970-01-01T00:00:00Z' })],
      [
        'a step in 2200',
        `/v1/operations/${OPERATION}/steps`,
        'at',
        { kind: 'investigation', at: '2200-01-01T09:00:00Z', by: '李四' },
      ],
      [
        'a penalty of 1e300 yuan',
        `/v1/operations/${OPERATION}/decision`,
        'penalty.amount',
        {
          at: '2025-10-13T15:00:00+08:00',
          outcome: 'penalty',
          penalty: { amount: 1e300, band: 'general' },
          legalBasisCited: [{ title: '条例', article: '第一条' }],
          reasoning: '理由',
        },
      ],
      [
        'a calendar of the year 9999',
        '/v1/admin/calendars',
        'year',
        { year: 9999, holidays: [], workdays: [], source: '通知' },
      ],
    ])('refuses %s (POST %s, 400 on %s)', async (_what, path, field, body) => {
      const res = await expectRefused(() => send(writeTo(path), body), 400);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    });

    it.each([
      ['__proto__', '{"name":"x","role":"supervisor","__proto__":{"role":"admin"}}'],
      ['constructor.prototype', '{"name":"x","role":"supervisor","constructor":{"prototype":{"role":"admin"}}}'],
    ])('refuses a body that sets %s with 400 MALFORMED_JSON', async (_what, body) => {
      const res = await expectRefused(() => send(writeTo('/v1/admin/keys'), body), 400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });

    it('answers a URL that is not valid percent-encoding with 400 problem+json', async () => {
      const res = await expectRefused(() => t.http().get('/v1/powers/%E0%A4%A'), 400);
      expect(res.body.code).toBe('MALFORMED_URL');
      expect(res.headers['x-correlation-id']).toBe(res.body.correlationId);
    });

    it('answers an over-long path segment with 414 problem+json', async () => {
      const res = await expectRefused(() => t.http().get(`/v1/powers/${'A'.repeat(200)}`), 414);
      expect(res.body.code).toBe('URI_TOO_LONG');
    });

    it('answers headers over the limit with 431 problem+json', async () => {
      const res = await expectRefused(() => t.http().get('/health').set('X-Padding', 'x'.repeat(20_000)), 431);
      expect(res.body.code).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
    });
  });

  describe('item 5: over-long lists are refused before their elements are validated', () => {
    it.each([
      ['/v1/operations/batch', 'items', { items: Array.from({ length: 100_000 }, () => ({})) }],
      ['/v1/operations', 'handlers', registration({ handlers: Array.from({ length: 100_000 }, () => ({})) })],
      [
        '/v1/powers',
        'legalBasis',
        penaltyPowerBody('YC-CF-0004', 'YC', { legalBasis: Array.from({ length: 100_000 }, () => ({})) }),
      ],
    ])('POST %s with 100,000 %s: 400 from the input check, not from element validation', async (path, field, body) => {
      const res = await expectRefused(() => send(writeTo(path), body), 400);
      expect(res.body.errors).toEqual({ [field]: [`${field} must hold at most ${INPUT_LIMITS.arrayItems} elements`] });
    });

    it('caps the lists the input check lets through at their own sizes', async () => {
      const legalBasis = Array.from({ length: 101 }, (_, i) => ({ title: '条例', article: `第${i + 1}条` }));
      const res = await expectRefused(
        () => send(writeTo('/v1/powers'), penaltyPowerBody('YC-CF-0005', 'YC', { legalBasis })),
        400,
      );
      expect(Object.keys(res.body.errors)).toEqual(['legalBasis']);
      const batch = { items: Array.from({ length: 1001 }, () => registration()) };
      const tooMany = await expectRefused(() => send(writeTo('/v1/operations/batch'), batch), 400);
      expect(tooMany.body.errors).toEqual({ items: [`items must hold at most ${INPUT_LIMITS.arrayItems} elements`] });
    });
  });

  describe('item 7: abuse limits and small gaps', () => {
    it.each(WRITES.map((w) => [w.path, w] as const))('POST %s refuses a null body with 400', async (_path, call) => {
      const res = await expectRefused(() => send(call, 'null'), 400);
      expect(res.body.errors).toEqual({ body: ['the request body must be a JSON object'] });
    });

    it('sends security headers, with a CSP under which the Swagger UI at /docs loads', async () => {
      const health = await t.http().get('/health');
      expect(health.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringMatching(/^max-age=/),
      });
      const docs = await t.http().get('/docs');
      expect(docs.status).toBe(200);
      const csp = docs.headers['content-security-policy'];
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toMatch(/upgrade-insecure-requests/);
      // Every script the page runs is a file of this origin, which script-src 'self' allows; inline ones would not run.
      const scripts = [...docs.text.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const attributes of scripts) expect(attributes).toMatch(/src="\.\/docs\/[\w.-]+\.js"/);
      for (const [, src] of docs.text.matchAll(/<script src="\.\/([^"]+)"/g))
        expect((await t.http().get(`/${src}`)).status).toBe(200);
      const spec = await t.http().get('/docs-json');
      expect(spec.status).toBe(200);
    });

    describe('Idempotency-Key on POST /v1/admin/keys', () => {
      const issue = (body: object, idempotencyKey?: string) => {
        const req = send(writeTo('/v1/admin/keys'), body);
        return idempotencyKey === undefined ? req : req.set('Idempotency-Key', idempotencyKey);
      };
      const issuedEvents = async (id: string): Promise<number> => {
        const [{ count }] = await t.db.dataSource.query<{ count: number }[]>(
          'SELECT count(*)::int AS count FROM events WHERE stream_id = $1',
          [`apikey-${id}`],
        );
        return count;
      };

      it('answers a retry with the key the first attempt issued, issuing nothing more; the key works', async () => {
        const body = { name: '监察室系统', role: 'supervisor' };
        const first = await issue(body, 'issue-supervisor-1');
        expect(first.status).toBe(201);
        const retry = await issue(body, 'issue-supervisor-1');
        expect(retry.status).toBe(201);
        expect(retry.headers['idempotent-replayed']).toBe('true');
        expect(first.headers['idempotent-replayed']).toBeUndefined();
        expect(retry.body).toEqual(first.body);
        expect(await issuedEvents(first.body.id)).toBe(1);
        const stored = await t.db.dataSource.query('SELECT body::text FROM idempotency_keys');
        expect(JSON.stringify(stored)).not.toContain(parseApiKey(first.body.key)!.secret);
        const works = await t.http().get('/v1/alerts').set('Authorization', `Bearer ${first.body.key}`);
        expect(works.status).toBe(200);
      });

      it('refuses the same Idempotency-Key with another body (422), and issues separately without one', async () => {
        await issue({ name: '甲', role: 'reviewer' }, 'issue-reviewer-1');
        const reused = await expectRefused(() => issue({ name: '乙', role: 'reviewer' }, 'issue-reviewer-1'), 422);
        expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
        const a = await issue({ name: '丙', role: 'reviewer' });
        const b = await issue({ name: '丙', role: 'reviewer' });
        expect(a.body.id).not.toBe(b.body.id);
      });

      it('refuses a malformed Idempotency-Key with 400', async () => {
        const res = await expectRefused(() => issue({ name: '丁', role: 'reviewer' }, 'has spaces in it'), 400);
        expect(res.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
      });
    });
  });
});

describe('rate limits (issue 11, item 7)', () => {
  let t: TestApp;
  let supervisor: string;
  let reviewer: string;

  beforeAll(async () => {
    t = await createTestApp({
      // An hour's window: the counts of one test never straddle two windows.
      RATE_LIMIT_WINDOW_SECONDS: '3600',
      RATE_LIMIT_PUBLIC_REQUESTS: '3',
      RATE_LIMIT_FAILED_AUTH: '2',
      RATE_LIMIT_KEY_READS: '2',
      RATE_LIMIT_KEY_WRITES: '1',
    });
    supervisor = await t.keyFor('supervisor');
    reviewer = await t.keyFor('reviewer');
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t.close());

  const expectTooMany = (res: request.Response): void => {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(3000);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(3600);
  };

  it('limits each key’s reads and writes, key by key', async () => {
    const read = (key: string) => t.http().get('/v1/alerts').set('Authorization', `Bearer ${key}`);
    expect((await read(supervisor)).status).toBe(200);
    expect((await read(supervisor)).status).toBe(200);
    expectTooMany(await read(supervisor));
    const write = () =>
      t
        .http()
        .post('/v1/powers/YC-CF-0001/publications')
        .set('Authorization', `Bearer ${reviewer}`)
        .send({ channel: '网站', publishedOn: '2025-01-02' });
    expect((await write()).status).toBe(404);
    expectTooMany(await write());
    expect((await t.http().get('/v1/powers').set('Authorization', `Bearer ${reviewer}`)).status).toBe(200);
  });

  it('limits requests without a key by address', async () => {
    for (let i = 0; i < 3; i++) expect((await t.http().get('/v1/meta/enums')).status).toBe(200);
    expectTooMany(await t.http().get('/v1/powers'));
  });

  it('after too many failed authentications refuses every key from the address, a valid one included', async () => {
    const wrong = formatApiKey('0199a0c4-6a1e-7b3c-9d2f-1e5a7c9b0d42', 'A'.repeat(43));
    expect((await t.http().get('/v1/alerts').set('Authorization', `Bearer ${wrong}`)).status).toBe(401);
    expect((await t.http().get('/v1/admin/keys')).status).toBe(401);
    expectTooMany(await t.http().get('/v1/alerts').set('Authorization', `Bearer ${wrong}`));
    const admin = await t.keyFor('admin');
    expectTooMany(await t.http().get('/v1/admin/keys').set('Authorization', `Bearer ${admin}`));
  });
});

describe('revoking the bootstrap admin key (issue 11, item 7)', () => {
  let t: TestApp;
  const bootstrap = formatApiKey('ops-admin', 'S'.repeat(43));

  beforeAll(async () => {
    t = await createTestApp({ ADMIN_API_KEY: bootstrap });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => t.close());

  it('does not stop the next start-up, and the CLI issues the admin key that gets the operator back in', async () => {
    expect(await t.keys.ensureAdminKey(t.config.ADMIN_API_KEY)).toEqual({ id: 'ops-admin', created: true });
    const revoke = await t.http().delete('/v1/admin/keys/ops-admin').set('Authorization', `Bearer ${bootstrap}`);
    expect(revoke.status).toBe(204);
    expect((await t.http().get('/v1/admin/keys').set('Authorization', `Bearer ${bootstrap}`)).status).toBe(401);

    // The restart: main.ts makes sure of the admin key before it listens.
    expect(await t.keys.ensureAdminKey(t.config.ADMIN_API_KEY)).toEqual({
      id: 'ops-admin',
      created: false,
      revoked: true,
    });

    // npm run cli -- keys create --role admin
    const { apiKeys } = cliServices({
      dataSource: t.db.dataSource,
      origin: 'external',
      close: () => Promise.resolve(),
    });
    const recovered = await apiKeys.issue(
      { name: 'admin (CLI)', role: 'admin' },
      { actor: { id: 'cli:operator', role: 'admin' }, correlationId: 'recovery' },
    );
    expect((await t.http().get('/v1/admin/keys').set('Authorization', `Bearer ${recovered.key}`)).status).toBe(200);
  });
});
