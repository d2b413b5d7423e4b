import { Clock, SettableClock } from '@app/platform';
import { IdempotencyService } from '../apps/api/src/idempotency/idempotency.service';
import { publishMissingCalendarYears, shanghaiYear } from './support/calendar-years';
import { createTestApp, TestApp } from './support/create-test-app';
import { APPROVAL, penaltyPowerBody } from './support/powers';

const PROBLEM_JSON = /^application\/problem\+json/;
const end = (date: string) => `${date}T23:59:59.999+08:00`;

/** A penalty power of CG: 5 committed and 20 legal working days. */
const PENALTY = 'CG-CF-0001';
/** Granted for CG, cancelled from 2025-01-01. */
const CANCELLED = 'CG-CF-0002';
/** ZFJ's power. */
const ELSEWHERE = 'ZFJ-CF-0001';
/** Granted for CG from 2026-01-01. */
const LATER = 'CG-CF-0003';

const COUNTERPARTY = { kind: 'person', name: '张三丰', idNumber: '110101199003071234' };
const registration = (fields: Record<string, unknown> = {}) => ({
  powerCode: PENALTY,
  caseNumber: '宁烟专罚〔2025〕12号',
  counterparty: COUNTERPARTY,
  handlers: [{ name: '李四', post: '执法队员' }],
  acceptedAt: '2025-09-30T10:00:00+08:00',
  ...fields,
});

/** What a pause names besides its time: its kind of special procedure and the document that started it. */
const HEARING = { pauseKind: 'hearing', documents: [{ name: '听证通知书.pdf', sha256: 'e'.repeat(64) }] };

interface Registered {
  id: string;
  version: number;
  position: number;
  deadlines: { committed: string; legal: string } | null;
}

describe('operations', () => {
  let t: TestApp;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({ CLOCK: 'settable' });
    for (const role of ['reviewer', 'supervisor', 'investigator', 'admin'] as const) key[role] = await t.keyFor(role);
    key.CG = await t.keyFor('department', 'CG');
    key.ZFJ = await t.keyFor('department', 'ZFJ');
    // The detectors count from the 2025 acceptances up to the real recording time.
    await publishMissingCalendarYears(t, key.admin, [shanghaiYear(Date.now())]);
    const grant = async (body: object) => {
      const res = await post('/v1/powers', body, 'reviewer');
      expect(res.status).toBe(201);
    };
    await grant(penaltyPowerBody(PENALTY, 'CG'));
    await grant(penaltyPowerBody(CANCELLED, 'CG'));
    const cancel = await post(
      `/v1/powers/${CANCELLED}/cancellation`,
      { reason: '国务院决定取消', approval: { ...APPROVAL, date: '2024-12-01' }, effectiveFrom: '2025-01-01' },
      'reviewer',
    );
    expect(cancel.status).toBe(201);
    await grant(penaltyPowerBody(ELSEWHERE, 'ZFJ'));
    await grant(penaltyPowerBody(LATER, 'CG', { effectiveFrom: '2026-01-01' }));
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
  const nextId = () => `e2e-op-${String((sequence += 1)).padStart(4, '0')}`;
  const streamLength = async (id: string): Promise<number> =>
    Number(
      (await t.db.dataSource.query(`SELECT count(*) AS n FROM events WHERE stream_id = $1`, [`operation-${id}`]))[0].n,
    );
  const register = async (fields: Record<string, unknown> = {}, who = 'CG'): Promise<Registered> => {
    const res = await post('/v1/operations', registration({ id: nextId(), ...fields }), who);
    expect(res.status).toBe(201);
    return res.body as Registered;
  };
  const read = (id: string, position: number, who = 'supervisor') =>
    get(`/v1/operations/${id}?minPosition=${position}`, who);
  const step = (id: string, body: Record<string, unknown>, who = 'CG', headers: Record<string, string> = {}) =>
    post(`/v1/operations/${id}/steps`, { by: '李四', ...body }, who, headers);
  const list = (params: Record<string, string | number | boolean>, who = 'supervisor') =>
    get(
      `/v1/operations?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`,
      who,
    );
  const idsOf = (res: { body: unknown }): string[] => (res.body as { items: { id: string }[] }).items.map((o) => o.id);

  describe('POST /v1/operations (register)', () => {
    it('computes the deadlines on the official calendar: accepted 2025-09-30, 5 committed working days → 10-14', async () => {
      const id = nextId();
      const res = await post('/v1/operations', registration({ id }), 'CG');
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        streamId: `operation-${id}`,
        id,
        version: 1,
        position: expect.any(Number),
        acceptedOn: '2025-09-30',
        power: expect.objectContaining({ code: PENALTY, inForce: true, ownerDepartment: 'CG', version: 1 }),
        timeLimit: { legalDays: 20, committedDays: 5, unit: 'working' },
        deadlines: { committed: '2025-10-14T23:59:59.999+08:00', legal: '2025-11-04T23:59:59.999+08:00' },
        deadlinesPending: null,
      });
      const [event] = await t.db.dataSource.query(`SELECT type, data, metadata FROM events WHERE stream_id = $1`, [
        `operation-${id}`,
      ]);
      expect(event).toMatchObject({
        type: 'OperationRegistered',
        data: { id, department: 'CG', counterparty: COUNTERPARTY, calendarYears: [2025] },
        metadata: { actor: { role: 'department', department: 'CG' }, correlationId: expect.any(String) },
      });
    });

    it('generates a UUIDv7 id when none is given', async () => {
      const res = await post('/v1/operations', registration(), 'CG');
      expect(res.status).toBe(201);
      expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(res.body.streamId).toBe(`operation-${res.body.id}`);
    });

    it('records an operation on a power not in force for the department, without deadlines', async () => {
      const cancelled = await post('/v1/operations', registration({ id: nextId(), powerCode: CANCELLED }), 'CG');
      expect(cancelled.status).toBe(201);
      expect(cancelled.body).toMatchObject({
        power: { inForce: false, notInForceReason: 'cancelled' },
        deadlines: null,
        timeLimit: null,
      });
      const elsewhere = await post('/v1/operations', registration({ id: nextId(), powerCode: ELSEWHERE }), 'CG');
      expect(elsewhere.body).toMatchObject({ power: { inForce: false, notInForceReason: 'other-department' } });
      const early = await post('/v1/operations', registration({ id: nextId(), powerCode: LATER }), 'CG');
      expect(early.body).toMatchObject({ power: { inForce: false, notInForceReason: 'not-yet-in-force' } });
      const inForce = await post(
        '/v1/operations',
        registration({ id: nextId(), powerCode: LATER, acceptedAt: '2026-03-02T09:00:00+08:00' }),
        'CG',
      );
      expect(inForce.body).toMatchObject({
        power: { inForce: true },
        deadlines: { committed: end('2026-03-09'), legal: end('2026-03-30') },
      });
    });

    it('records an operation on a code the catalogue does not hold, not in force and without deadlines', async () => {
      const id = nextId();
      const res = await post('/v1/operations', registration({ id, powerCode: 'CG-CF-9999' }), 'CG');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        power: { code: 'CG-CF-9999', inForce: false, notInForceReason: 'not-in-catalogue' },
        deadlines: null,
      });
      expect(await streamLength(id)).toBe(1);
    });

    it('answers an acceptance after the time of recording with 422 AT_IN_FUTURE', async () => {
      const res = await post(
        '/v1/operations',
        registration({ id: nextId(), acceptedAt: '2099-01-01T09:00:00Z' }),
        'CG',
      );
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'AT_IN_FUTURE' });
    });

    it('lets only a department register (401 without a key, 403 FORBIDDEN_ROLE otherwise)', async () => {
      const id = nextId();
      expect((await post('/v1/operations', registration({ id }))).status).toBe(401);
      for (const who of ['reviewer', 'supervisor', 'investigator', 'admin']) {
        const res = await post('/v1/operations', registration({ id }), who);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
      }
      expect(await streamLength(id)).toBe(0);
    });

    it('answers 400 with every field at fault, nested ones by path, unknown fields included', async () => {
      const res = await post(
        '/v1/operations',
        {
          id: 'has space',
          powerCode: 'cg-cf-1',
          caseNumber: '',
          counterparty: { kind: 'alien', name: '', idNumber: '11 01', extra: 1 },
          handlers: [{ name: '李四' }],
          acceptedAt: '2025-09-30',
          color: 'red',
        },
        'CG',
      );
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', correlationId: expect.any(String) });
      expect(Object.keys(res.body.errors).sort()).toEqual(
        [
          'acceptedAt',
          'caseNumber',
          'color',
          'counterparty.extra',
          'counterparty.idNumber',
          'counterparty.kind',
          'counterparty.name',
          'handlers.0.post',
          'id',
          'powerCode',
        ].sort(),
      );
      expect(res.body.errors.acceptedAt).toEqual([
        'acceptedAt must be a timestamp with time and offset, e.g. 2025-09-30T09:00:00+08:00',
      ]);
      expect(res.body.errors['counterparty.kind']).toEqual(['kind must be one of person, organization']);
      const empty = await post('/v1/operations', registration({ handlers: [], counterparty: undefined }), 'CG');
      expect(empty.body.errors).toEqual({
        handlers: ['handlers must name at least one handler'],
        counterparty: ['counterparty is required'],
      });
    });

    it('makes retries with a client id idempotent: the same registration answers the first, another one 409', async () => {
      const id = nextId();
      const first = await post('/v1/operations', registration({ id }), 'CG');
      const retry = await post('/v1/operations', registration({ id }), 'CG');
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await streamLength(id)).toBe(1);
      const other = await post('/v1/operations', registration({ id, caseNumber: '宁烟专罚〔2025〕13号' }), 'CG');
      expect(other.status).toBe(409);
      expect(other.body).toMatchObject({ code: 'OPERATION_EXISTS' });
      const racing = await Promise.all(
        Array.from({ length: 5 }, () => post('/v1/operations', registration({ id: `${id}-race` }), 'CG')),
      );
      expect(racing.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(racing.map((r) => (r.body as Registered).position)).size).toBe(1);
      expect(await streamLength(`${id}-race`)).toBe(1);
    });

    it('honours Idempotency-Key: a retry replays, another body under the key is 422', async () => {
      const headers = { 'Idempotency-Key': `register-${nextId()}` };
      const first = await post('/v1/operations', registration(), 'CG', headers);
      const retry = await post('/v1/operations', registration(), 'CG', headers);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.headers.etag).toBe('"1"');
      expect(retry.body).toEqual(first.body);
      expect(await streamLength(first.body.id)).toBe(1);
      const reused = await post('/v1/operations', registration({ caseNumber: '另一案' }), 'CG', headers);
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('writes nothing twice for a key whose response has expired (IDEMPOTENCY_KEY_TTL_HOURS)', async () => {
      const key = `expired-${nextId()}`;
      const headers = { 'Idempotency-Key': key };
      const first = await post('/v1/operations', registration(), 'CG', headers);
      expect(first.status).toBe(201);
      await t.db.dataSource.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
        [key],
      );
      expect(await t.app.get(IdempotencyService).purgeOlderThan(t.config.IDEMPOTENCY_KEY_TTL_HOURS)).toBe(1);

      const retry = await post('/v1/operations', registration(), 'CG', headers);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.body).toMatchObject({ id: first.body.id, version: 1, position: first.body.position });
      expect(await streamLength(first.body.id)).toBe(1);
    });

    it('registers once when retries with one Idempotency-Key and no id race before any response is kept', async () => {
      const headers = { 'Idempotency-Key': `racing-${nextId()}` };
      const racing = await Promise.all(
        Array.from({ length: 5 }, () => post('/v1/operations', registration(), 'CG', headers)),
      );
      expect(racing.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(racing.map((r) => (r.body as Registered).id)).size).toBe(1);
      expect(await streamLength((racing[0].body as Registered).id)).toBe(1);
    });

    it('honours If-Match: "0" creates, a stale version is 409 VERSION_CONFLICT', async () => {
      const id = nextId();
      const created = await post('/v1/operations', registration({ id }), 'CG', { 'If-Match': '"0"' });
      expect(created.status).toBe(201);
      const stale = await post('/v1/operations', registration({ id: nextId() }), 'CG', { 'If-Match': '"3"' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT' });
    });
  });

  describe('POST /v1/operations/batch', () => {
    const items = (n: number, fields: (i: number) => Record<string, unknown> = () => ({})) =>
      Array.from({ length: n }, (_, i): Record<string, unknown> & { id: string } => ({
        ...registration({ caseNumber: `批量〔2025〕${i}号`, ...fields(i) }),
        id: (fields(i).id as string | undefined) ?? nextId(),
      }));

    it('registers every item in order, each its own stream, with its deadlines', async () => {
      const body = { items: items(5, (i) => (i === 2 ? { powerCode: CANCELLED } : {})) };
      const res = await post('/v1/operations/batch', body, 'CG');
      expect(res.status).toBe(201);
      expect(res.body.items).toHaveLength(5);
      res.body.items.forEach((item: Registered & { inForce: boolean }, i: number) => {
        expect(item).toEqual({
          id: body.items[i].id,
          streamId: `operation-${body.items[i].id}`,
          version: 1,
          position: expect.any(Number),
          inForce: i !== 2,
          deadlines: i === 2 ? null : { committed: end('2025-10-14'), legal: end('2025-11-04') },
          deadlinesPending: null,
        });
      });
      const positions = res.body.items.map((item: Registered) => item.position);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });

    it('fails the whole batch for an invalid item at index 3 with items.3.… and writes nothing', async () => {
      const body = {
        items: items(6, (i) => (i === 3 ? { powerCode: 'bad code', counterparty: { kind: 'person' } } : {})),
      };
      const res = await post('/v1/operations/batch', body, 'CG');
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['items.3.counterparty.name', 'items.3.powerCode']);
      for (const item of body.items) expect(await streamLength(item.id)).toBe(0);
    });

    it('records a batch item on a code the catalogue does not hold like the others, not in force', async () => {
      const body = { items: items(5, (i) => (i === 3 ? { powerCode: 'CG-CF-9999' } : {})) };
      const res = await post('/v1/operations/batch', body, 'CG');
      expect(res.status).toBe(201);
      expect(res.body.items[3]).toMatchObject({ inForce: false, deadlines: null });
      for (const item of body.items) expect(await streamLength(item.id)).toBe(1);
    });

    it('fails the whole batch when an id is taken (409 at its index) or repeated (400)', async () => {
      const taken = await register();
      const body = { items: items(4, (i) => (i === 3 ? { id: taken.id } : {})) };
      const conflict = await post('/v1/operations/batch', body, 'CG');
      expect(conflict.status).toBe(409);
      expect(conflict.body).toMatchObject({ code: 'OPERATION_EXISTS', errors: { 'items.3.id': expect.any(Array) } });
      for (const item of body.items.slice(0, 3)) expect(await streamLength(item.id)).toBe(0);
      const repeated = items(3);
      repeated[2].id = repeated[0].id;
      const res = await post('/v1/operations/batch', { items: repeated }, 'CG');
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual({ 'items.2.id': ['id repeats items.0.id; each registration needs its own id'] });
    });

    it('refuses a batch that repeats registrations of an earlier batch beside new ones (409), writing nothing', async () => {
      const earlier = items(100);
      expect((await post('/v1/operations/batch', { items: earlier }, 'CG')).status).toBe(201);
      const fresh = items(1);
      const res = await post('/v1/operations/batch', { items: [...earlier, ...fresh] }, 'CG');
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'OPERATION_EXISTS', errors: { 'items.0.id': expect.any(Array) } });
      expect(await streamLength(fresh[0].id)).toBe(0);
    });

    it('limits a batch to 1 to 1,000 items and to departments', async () => {
      const none = await post('/v1/operations/batch', { items: [] }, 'CG');
      expect(none.body.errors).toEqual({ items: ['items must hold at least one registration'] });
      const many = await post('/v1/operations/batch', { items: Array.from({ length: 1001 }, () => ({})) }, 'CG');
      expect(many.status).toBe(400);
      expect(many.body.errors.items).toEqual(['items must hold at most 1000 elements']);
      const supervisor = await post('/v1/operations/batch', { items: items(2) }, 'supervisor');
      expect(supervisor.status).toBe(403);
      expect(supervisor.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    });

    it('answers a retried batch with the first registrations, with or without Idempotency-Key', async () => {
      const body = { items: items(3) };
      const first = await post('/v1/operations/batch', body, 'CG');
      const retry = await post('/v1/operations/batch', body, 'CG');
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      const keyed = { items: items(2).map(({ id: _id, ...rest }) => rest) };
      const headers = { 'Idempotency-Key': `batch-${nextId()}` };
      const once = await post('/v1/operations/batch', keyed, 'CG', headers);
      const twice = await post('/v1/operations/batch', keyed, 'CG', headers);
      expect(twice.body).toEqual(once.body);
      expect(twice.headers['idempotent-replayed']).toBe('true');
      for (const item of once.body.items) expect(await streamLength(item.id)).toBe(1);

      // Once the kept response has expired, the retry names the same operations and the store answers it.
      await t.db.dataSource.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
        [headers['Idempotency-Key']],
      );
      await t.app.get(IdempotencyService).purgeOlderThan(t.config.IDEMPOTENCY_KEY_TTL_HOURS);
      const afterExpiry = await post('/v1/operations/batch', keyed, 'CG', headers);
      expect(afterExpiry.status).toBe(201);
      expect(afterExpiry.headers['idempotent-replayed']).toBeUndefined();
      expect(afterExpiry.body).toEqual(once.body);
      for (const item of once.body.items) expect(await streamLength(item.id)).toBe(1);
    });
  });

  describe('steps, decision and completion', () => {
    it('moves both deadlines by exactly 3 working days for a 3-working-day pause', async () => {
      const op = await register();
      // Paused Thursday 10-09, resumed Monday 10-13: 10-10 Friday, 10-11 (调休 Saturday) and 10-13 count.
      const paused = await step(op.id, { kind: 'pause', at: '2025-10-09T10:00:00+08:00', ...HEARING });
      expect(paused.status).toBe(201);
      expect(paused.body).toEqual({
        streamId: `operation-${op.id}`,
        id: op.id,
        version: 2,
        position: expect.any(Number),
        types: ['OperationStepRecorded'],
        kind: 'pause',
      });
      const resumed = await step(op.id, { kind: 'resume', at: '2025-10-13T09:00:00+08:00' });
      expect(resumed.status).toBe(201);
      expect(resumed.headers.etag).toBe('"4"');
      expect(resumed.body).toMatchObject({
        version: 4,
        types: ['OperationStepRecorded', 'OperationDeadlinesExtended'],
        pausedDays: 3,
        deadlines: { committed: end('2025-10-17'), legal: end('2025-11-07') },
      });
      const detail = await read(op.id, resumed.body.position);
      expect(detail.body).toMatchObject({
        status: 'open',
        deadlines: { committed: end('2025-10-17'), legal: end('2025-11-07') },
        registeredDeadlines: { committed: end('2025-10-14'), legal: end('2025-11-04') },
        extensions: [{ pausedDays: 3, procedure: '听证', previous: op.deadlines }],
      });
    });

    it('records a decision and a late completion, which is overdue', async () => {
      const op = await register();
      const notice = await step(op.id, { kind: 'notice-of-rights', at: '2025-10-09T10:00:00+08:00' });
      expect(notice.status).toBe(201);
      const decision = await post(
        `/v1/operations/${op.id}/decision`,
        {
          at: '2025-10-10T15:00:00+08:00',
          outcome: 'penalty',
          penalty: { amount: 3000, band: 'general' },
          legalBasisCited: [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十六条' }],
          reasoning: '当事人张三丰无准运证运输卷烟',
        },
        'CG',
      );
      expect(decision.status).toBe(201);
      expect(decision.body).toMatchObject({ version: 3, types: ['OperationDecisionRecorded'], outcome: 'penalty' });
      const completed = await post(`/v1/operations/${op.id}/completion`, { at: '2025-10-20T16:00:00+08:00' }, 'CG');
      expect(completed.status).toBe(201);
      expect(completed.body).toMatchObject({
        version: 4,
        completedAt: '2025-10-20T16:00:00+08:00',
        deadlines: op.deadlines,
        overdue: { committed: true, legal: false },
      });
      const detail = await read(op.id, completed.body.position);
      expect(detail.body).toMatchObject({
        status: 'completed',
        completedAt: '2025-10-20T16:00:00+08:00',
        overdue: true,
        decision: { outcome: 'penalty', penalty: { amount: 3000, band: 'general' }, version: 3 },
        steps: [{ kind: 'notice-of-rights', by: '李四', version: 2 }],
      });
      const again = await post(`/v1/operations/${op.id}/completion`, { at: '2025-10-21T16:00:00+08:00' }, 'CG');
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ code: 'OPERATION_COMPLETED' });
    });

    it('refuses a completion claimed after its recording or before the acceptance, writing nothing', async () => {
      const op = await register();
      // A completion dated ahead would stop the committed-deadline clock (ground 7) before the matter is done.
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      const ahead = await post(`/v1/operations/${op.id}/completion`, { at: tomorrow }, 'CG');
      expect(ahead.status).toBe(422);
      expect(ahead.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(ahead.body).toMatchObject({ code: 'AT_IN_FUTURE', errors: { at: [expect.any(String)] } });
      const early = await post(`/v1/operations/${op.id}/completion`, { at: '2025-09-30T09:59:59+08:00' }, 'CG');
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'AT_BEFORE_ACCEPTANCE', errors: { at: [expect.any(String)] } });
      expect(await streamLength(op.id)).toBe(1);
    });

    it('lets a reviewer follow up, not another department nor a supervisor', async () => {
      const op = await register();
      expect((await step(op.id, { kind: 'investigation', at: '2025-10-09T10:00:00+08:00' }, 'reviewer')).status).toBe(
        201,
      );
      const other = await step(op.id, { kind: 'investigation', at: '2025-10-09T10:00:00+08:00' }, 'ZFJ');
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN_DEPARTMENT' });
      const supervisor = await step(op.id, { kind: 'investigation', at: '2025-10-09T10:00:00+08:00' }, 'supervisor');
      expect(supervisor.body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
      expect(await streamLength(op.id)).toBe(2);
    });

    it('answers 404 for an unknown operation, 400 for an invalid step, 422 for broken rules', async () => {
      const unknown = await step('no-such-operation', { kind: 'filing', at: '2025-10-09T10:00:00+08:00' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'OPERATION_NOT_FOUND' });
      const op = await register();
      const invalid = await step(op.id, { kind: 'nap', at: 'yesterday', documents: [{ name: '告知书', sha256: 'x' }] });
      expect(invalid.status).toBe(400);
      expect(Object.keys(invalid.body.errors).sort()).toEqual(['at', 'documents.0.sha256', 'kind']);
      const noKind = await step(op.id, { kind: 'pause', at: '2025-10-09T10:00:00+08:00', note: '听证' });
      expect(noKind.status).toBe(400);
      expect(Object.keys(noKind.body.errors).sort()).toEqual(['documents', 'pauseKind']);
      const early = await step(op.id, { kind: 'filing', at: '2025-09-29T10:00:00+08:00' });
      expect(early.status).toBe(422);
      expect(early.body).toMatchObject({ code: 'AT_BEFORE_ACCEPTANCE' });
      const resume = await step(op.id, { kind: 'resume', at: '2025-10-09T10:00:00+08:00' });
      expect(resume.body).toMatchObject({ code: 'OPERATION_NOT_PAUSED' });
      const penaltyless = await post(
        `/v1/operations/${op.id}/decision`,
        { at: '2025-10-10T15:00:00+08:00', outcome: 'penalty', legalBasisCited: [], reasoning: '' },
        'CG',
      );
      expect(penaltyless.status).toBe(400);
      expect(Object.keys(penaltyless.body.errors).sort()).toEqual(['legalBasisCited', 'reasoning']);
    });

    it('honours If-Match and Idempotency-Key on follow-ups', async () => {
      const op = await register();
      const stale = await step(op.id, { kind: 'filing', at: '2025-10-09T10:00:00+08:00' }, 'CG', { 'If-Match': '"2"' });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT' });
      const headers = { 'If-Match': '"1"', 'Idempotency-Key': `step-${op.id}` };
      const first = await step(op.id, { kind: 'filing', at: '2025-10-09T10:00:00+08:00' }, 'CG', headers);
      expect(first.status).toBe(201);
      const retry = await step(op.id, { kind: 'filing', at: '2025-10-09T10:00:00+08:00' }, 'CG', headers);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await streamLength(op.id)).toBe(2);
    });
  });

  describe('GET /v1/operations/{id}', () => {
    it('shows the operation in full to the department, supervisor, investigator and reviewer, with its ETag', async () => {
      const op = await register();
      for (const who of ['CG', 'supervisor', 'investigator', 'reviewer']) {
        const res = await read(op.id, op.position, who);
        expect(res.status).toBe(200);
        expect(res.headers.etag).toBe('"1"');
        expect(res.body).toEqual({
          streamId: `operation-${op.id}`,
          id: op.id,
          powerCode: PENALTY,
          department: 'CG',
          caseNumber: '宁烟专罚〔2025〕12号',
          counterparty: COUNTERPARTY,
          handlers: [{ name: '李四', post: '执法队员' }],
          acceptedAt: '2025-09-30T10:00:00+08:00',
          acceptedOn: '2025-09-30',
          status: 'open',
          power: expect.objectContaining({ code: PENALTY, inForce: true }),
          timeLimit: { legalDays: 20, committedDays: 5, unit: 'working' },
          deadlines: op.deadlines,
          deadlinesPending: null,
          registeredDeadlines: op.deadlines,
          overdue: true,
          pausedAt: null,
          steps: [],
          extensions: [],
          pausedWorkingDays: {},
          decision: null,
          completedAt: null,
          alerts: expect.any(Array),
          version: 1,
          position: op.position,
          registeredAt: expect.any(String),
        });
      }
    });

    it('shows the alerts raised about it, read after the write with minPosition', async () => {
      const op = await register({ powerCode: CANCELLED });
      const res = await read(op.id, op.position, 'CG');
      expect(res.status).toBe(200);
      expect(res.body.alerts).toContainEqual({
        id: `op:${op.id}:g1:power-not-in-force`,
        ground: 1,
        level: 'red',
        department: 'CG',
        subject: { kind: 'operation', id: op.id },
        cause: 'power-not-in-force',
        evidence: [expect.any(String)],
        message: expect.stringContaining(CANCELLED),
        raisedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        status: 'open',
        notes: [],
        version: 1,
      });
      const alert = res.body.alerts.find((a: { cause: string }) => a.cause === 'power-not-in-force');
      const listed = await get(`/v1/alerts/${encodeURIComponent(alert.id)}`, 'supervisor');
      expect(listed.body).toEqual(alert);
    });

    it('masks the counterparty for an admin, in the counterparty and in every text', async () => {
      const op = await register();
      const noted = await step(op.id, {
        kind: 'statement-and-defence',
        at: '2025-10-09T10:00:00+08:00',
        note: '张三丰到场陈述',
      });
      const res = await read(op.id, noted.body.position, 'admin');
      expect(res.status).toBe(200);
      expect(res.body.counterparty).toEqual({ kind: 'person', name: '张**', idNumber: '1101**********1234' });
      expect(res.body.steps[0].note).toBe('张**到场陈述');
      expect(JSON.stringify(res.body)).not.toContain('张三丰');
      expect(JSON.stringify(res.body)).not.toContain('110101199003071234');
      const timeline = await get(`/v1/operations/${op.id}/timeline`, 'admin');
      expect(timeline.status).toBe(200);
      expect(timeline.body.items[0].data.counterparty).toEqual(res.body.counterparty);
      expect(JSON.stringify(timeline.body)).not.toContain('张三丰');
      const full = await get(`/v1/operations/${op.id}/timeline`, 'investigator');
      expect(full.body.items[0].data.counterparty).toEqual(COUNTERPARTY);
    });

    it('answers another department 403, an unknown id 404, no key 401', async () => {
      const op = await register();
      const other = await read(op.id, op.position, 'ZFJ');
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN_DEPARTMENT' });
      expect((await get(`/v1/operations/${op.id}/timeline`, 'ZFJ')).status).toBe(403);
      const unknown = await get('/v1/operations/no-such-operation', 'supervisor');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'OPERATION_NOT_FOUND' });
      expect((await get('/v1/operations/no-such-operation/timeline', 'supervisor')).status).toBe(404);
      expect((await get(`/v1/operations/${op.id}`)).status).toBe(401);
      expect((await get(`/v1/operations/${op.id}?minPosition=0`, 'CG')).status).toBe(400);
    });

    it('answers 503 PROJECTION_LAGGING for a position the register has not reached', async () => {
      const res = await get('/v1/operations?minPosition=999999999', 'supervisor');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'PROJECTION_LAGGING' });
    });
  });

  describe('GET /v1/operations/{id}/timeline', () => {
    it('lists every event, oldest first, with actor and positions', async () => {
      const op = await register();
      await step(op.id, { kind: 'pause', at: '2025-10-09T10:00:00+08:00', ...HEARING });
      await step(op.id, { kind: 'resume', at: '2025-10-13T09:00:00+08:00' });
      const res = await get(`/v1/operations/${op.id}/timeline`, 'CG');
      expect(res.status).toBe(200);
      expect(res.body.streamId).toBe(`operation-${op.id}`);
      expect(res.body.items.map((i: { type: string }) => i.type)).toEqual([
        'OperationRegistered',
        'OperationStepRecorded',
        'OperationStepRecorded',
        'OperationDeadlinesExtended',
      ]);
      expect(res.body.items[3]).toMatchObject({
        version: 4,
        eventId: expect.any(String),
        actor: { role: 'department', department: 'CG' },
        data: { pausedDays: 3, deadlines: { committed: end('2025-10-17') } },
      });
    });
  });

  describe('GET /v1/operations (the register)', () => {
    let ids: { open: string; late: string; other: string; paused: string };
    let position = 0;

    beforeAll(async () => {
      const code = 'CG-XK-0100';
      const grant = await post(
        '/v1/powers',
        penaltyPowerBody(code, 'CG', {
          category: 'licensing',
          discretion: undefined,
          timeLimit: { legalDays: 20, committedDays: 20 },
        }),
        'reviewer',
      );
      expect(grant.status).toBe(201);
      const open = await register({ powerCode: code, acceptedAt: '2026-11-20T09:00:00+08:00' });
      const late = await register({ powerCode: code, acceptedAt: '2025-06-02T09:00:00+08:00' });
      await post(`/v1/operations/${late.id}/completion`, { at: '2025-08-01T09:00:00+08:00' }, 'CG');
      const paused = await register({ powerCode: code, acceptedAt: '2025-06-03T09:00:00+08:00' });
      const pause = await step(paused.id, { kind: 'pause', at: '2025-06-05T09:00:00+08:00', ...HEARING });
      const other = await register({ powerCode: ELSEWHERE, acceptedAt: '2025-06-04T09:00:00+08:00' }, 'ZFJ');
      ids = { open: open.id, late: late.id, other: other.id, paused: paused.id };
      position = Math.max(pause.body.position, other.position);
      // Overdue is judged at the detectors' clock: before the open one's committed deadline, whenever the test runs.
      t.app.get<Clock, SettableClock>(Clock).set('2026-11-25T12:00:00+08:00');
    });

    it('filters by power, status, overdue and acceptance dates, newest accepted first', async () => {
      const byPower = await list({ powerCode: 'CG-XK-0100', minPosition: position });
      expect(byPower.status).toBe(200);
      expect(idsOf(byPower)).toEqual([ids.open, ids.paused, ids.late]);
      expect(idsOf(await list({ powerCode: 'CG-XK-0100', status: 'paused' }))).toEqual([ids.paused]);
      expect(idsOf(await list({ powerCode: 'CG-XK-0100', overdue: true }))).toEqual([ids.late]);
      expect(idsOf(await list({ powerCode: 'CG-XK-0100', overdue: false }))).toEqual([ids.open, ids.paused]);
      expect(
        idsOf(await list({ powerCode: 'CG-XK-0100', acceptedFrom: '2025-06-03', acceptedTo: '2026-11-19' })),
      ).toEqual([ids.paused]);
      expect(idsOf(await list({ department: 'ZFJ', acceptedTo: '2025-06-04' }))).toEqual([ids.other]);
    });

    it('judges overdue at the detectors’ clock: the open one is overdue once its committed deadline has passed', async () => {
      const clock = t.app.get<Clock, SettableClock>(Clock);
      clock.set('2026-12-31T12:00:00+08:00');
      try {
        expect(idsOf(await list({ powerCode: 'CG-XK-0100', overdue: true }))).toEqual([ids.open, ids.late]);
        expect((await get(`/v1/operations/${ids.open}`, 'supervisor')).body.overdue).toBe(true);
      } finally {
        clock.set('2026-11-25T12:00:00+08:00');
      }
    });

    it('pages with limit and cursor', async () => {
      const first = await list({ powerCode: 'CG-XK-0100', limit: 2, minPosition: position });
      expect(idsOf(first)).toEqual([ids.open, ids.paused]);
      const second = await list({ powerCode: 'CG-XK-0100', limit: 2, cursor: first.body.nextCursor });
      expect(idsOf(second)).toEqual([ids.late]);
      expect(second.body.nextCursor).toBeNull();
      const bad = await list({ cursor: 'nonsense' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('shows a department its own operations only, and masks for an admin', async () => {
      const own = await list({ minPosition: position, limit: 500 }, 'ZFJ');
      expect(idsOf(own)).toEqual([ids.other]);
      const forbidden = await list({ department: 'CG' }, 'ZFJ');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN_DEPARTMENT' });
      const masked = await list({ department: 'ZFJ' }, 'admin');
      expect(masked.body.items[0].counterparty).toEqual({
        kind: 'person',
        name: '张**',
        idNumber: '1101**********1234',
      });
    });

    it('answers 400 for invalid filters', async () => {
      const res = await list({ status: 'closed', overdue: 'maybe', acceptedFrom: '2025-02-30', limit: 0 });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.errors).sort()).toEqual(['acceptedFrom', 'limit', 'overdue', 'status']);
    });
  });
});
