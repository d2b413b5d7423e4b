import { get as httpGet, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { Clock, SettableClock } from '@app/platform';
import { ProjectionRunner } from '@app/projector';
import { publishMissingCalendarYears, shanghaiYear } from './support/calendar-years';
import { createTestApp, TestApp } from './support/create-test-app';
import { APPROVAL, grantPublishedPower, PENALTY_BASIS as BASIS, publishToday } from './support/powers';
import { until } from './support/until';

const PROBLEM_JSON = /^application\/problem\+json/;

/** YCJ's penalty power: 5 committed working days, one declared band. */
const PENALTY = 'YCJ-CF-0001';
/** YCJ's licensing power with two published conditions. */
const LICENSING = 'YCJ-XK-0001';
/** Granted to YCJ, cancelled from 2025-01-01. */
const CANCELLED = 'YCJ-CF-0002';

/**
 * Accepted Monday 2025-03-03 with 5 committed working days: committed deadline the end of Monday 03-10, yellow from
 * Friday 03-07, red from Tuesday 03-11. The detectors' clock (CLOCK=settable) is set by the specs; the recording
 * time of every write is the real one, so every operation accepted in 2025 is also a late registration.
 */
const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';
const DETECTED_AT = '2025-03-03T10:00:00+08:00';

interface Alert {
  id: string;
  ground: number;
  level: string;
  department: string;
  subject: { kind: string; id: string };
  cause: string;
  evidence: string[];
  message: string;
  raisedAt: string;
  status: string;
  notes: { kind: string; note?: string; by: string; at: string }[];
  version: number;
}

interface SseClient {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  events: { id?: string; data: Alert }[];
  comments: string[];
  close(): void;
}

/** GET /v1/alerts/stream with a plain HTTP client, parsing the `id:`, `data:` and comment lines of each event. */
function openStream(
  baseUrl: string,
  key: string,
  query = '',
  headers: Record<string, string> = {},
): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = httpGet(
      `${baseUrl}/v1/alerts/stream${query}`,
      { headers: { Authorization: `Bearer ${key}`, Accept: 'text/event-stream', ...headers } },
      (response) => {
        const client: SseClient = {
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: '',
          events: [],
          comments: [],
          close: () => request.destroy(),
        };
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          client.body += chunk;
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const lines = buffer.slice(0, end).split('\n');
            buffer = buffer.slice(end + 2);
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
            for (const line of lines) if (line.startsWith(': ')) client.comments.push(line.slice(2));
            if (data.length > 0) client.events.push({ ...(id ? { id } : {}), data: JSON.parse(data.join('\n')) });
          }
        });
        response.on('error', () => undefined);
        resolve(client);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') reject(error);
    });
  });
}

describe('alerts', () => {
  let t: TestApp;
  let clock: SettableClock;
  let baseUrl: string;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({ CLOCK: 'settable', ALERT_STREAM_HEARTBEAT_MS: '100' });
    const provided = t.app.get(Clock);
    if (!(provided instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
    clock = provided;
    clock.set(DETECTED_AT);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    for (const role of ['reviewer', 'supervisor', 'investigator', 'admin'] as const) key[role] = await t.keyFor(role);
    key.YCJ = await t.keyFor('department', 'YCJ');
    key.ZFJ = await t.keyFor('department', 'ZFJ');
    const thisYear = shanghaiYear(Date.now());
    await publishMissingCalendarYears(t, key.admin, [thisYear, thisYear + 1]);
    await grantPublishedPower(t, key.reviewer, PENALTY);
    await grantPublishedPower(t, key.reviewer, LICENSING, {
      name: '烟草专卖零售许可',
      category: 'licensing',
      discretion: undefined,
      licensingConditions: ['有与经营规模相适应的资金', '有固定的经营场所'],
    });
    await grantPublishedPower(t, key.reviewer, CANCELLED);
    const cancel = await post(
      `/v1/powers/${CANCELLED}/cancellation`,
      { reason: '国务院决定取消', approval: { ...APPROVAL, date: '2024-12-01' }, effectiveFrom: '2025-01-01' },
      'reviewer',
    );
    expect(cancel.status).toBe(201);
    await publishToday(t, key.reviewer, CANCELLED);
  });
  afterAll(() => t.close());

  const auth = (who?: string): Record<string, string> => (who ? { Authorization: `Bearer ${key[who]}` } : {});
  function post(path: string, body: object, who?: string, headers: Record<string, string> = {}) {
    return t
      .http()
      .post(path)
      .set({ ...auth(who), ...headers })
      .send(body);
  }
  const get = (path: string, who = 'supervisor') => t.http().get(path).set(auth(who));
  const nextId = () => `e2e-al-${String((sequence += 1)).padStart(4, '0')}`;

  const register = async (fields: Record<string, unknown> = {}): Promise<{ id: string; position: number }> => {
    const id = nextId();
    const res = await post(
      '/v1/operations',
      {
        id,
        powerCode: PENALTY,
        caseNumber: `宁烟专罚〔2025〕${sequence}号`,
        counterparty: { kind: 'person', name: '张三丰' },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt: ACCEPTED_AT,
        ...fields,
      },
      'YCJ',
    );
    expect(res.status).toBe(201);
    return { id, position: res.body.position };
  };
  const step = async (id: string, kind: string, at: string) => {
    const res = await post(`/v1/operations/${id}/steps`, { kind, at, by: '李四' }, 'YCJ');
    expect(res.status).toBe(201);
    return res.body.position as number;
  };
  const decide = async (id: string, fields: Record<string, unknown>) => {
    const res = await post(
      `/v1/operations/${id}/decision`,
      {
        at: '2025-03-06T15:00:00+08:00',
        outcome: 'penalty',
        penalty: { amount: 3000, band: 'general' },
        legalBasisCited: BASIS,
        reasoning: '当事人无准运证运输卷烟，情节一般',
        ...fields,
      },
      'YCJ',
    );
    expect(res.status).toBe(201);
    return res.body.position as number;
  };
  const complete = async (id: string, at: string) => {
    const res = await post(`/v1/operations/${id}/completion`, { at }, 'YCJ');
    expect(res.status).toBe(201);
    return res.body.position as number;
  };

  /** Every alert about a subject, read back once the detectors have processed the write at `position`. */
  const alertsOf = async (subjectId: string, position?: number, who = 'supervisor'): Promise<Alert[]> => {
    const query = position === undefined ? '' : `&minPosition=${position}`;
    const res = await get(`/v1/alerts?limit=500${query}`, who);
    expect(res.status).toBe(200);
    return (res.body.items as Alert[]).filter((a) => a.subject.id === subjectId);
  };
  /**
   * The causes, late records aside: every step, decision and completion here claims a time in 2025 and is recorded
   * now, so each is also a late record (test/alerts-truthful-records.e2e-spec.ts tests those).
   */
  const causesOf = async (subjectId: string, position?: number): Promise<string[]> =>
    (await alertsOf(subjectId, position))
      .map((a) => a.id)
      .filter((id) => !id.includes(':late-record:'))
      .sort();
  /** For time-driven alerts, which no write of the caller's produces: polls until `alertId` is listed. */
  const eventually = (subjectId: string, alertId: string) =>
    until(
      () => alertsOf(subjectId),
      (alerts) => alerts.some((a) => a.id === alertId),
    );

  describe('detectors through the API', () => {
    it('ground 1: an operation on a power not in force for the department is red, citing its registration', async () => {
      const { id, position } = await register({ powerCode: CANCELLED });
      const alerts = await alertsOf(id, position);
      const registered = (await get(`/v1/operations/${id}/timeline`)).body.items[0];
      expect(alerts.find((a) => a.cause === 'power-not-in-force')).toEqual({
        id: `op:${id}:g1:power-not-in-force`,
        ground: 1,
        level: 'red',
        department: 'YCJ',
        subject: { kind: 'operation', id },
        cause: 'power-not-in-force',
        evidence: [registered.eventId],
        message: expect.stringMatching(/已取消.*cancelled/),
        raisedAt: new Date(DETECTED_AT).toISOString(),
        status: 'open',
        notes: [],
        version: 1,
      });
    });

    it('ground 1: a registration more than 3 working days after acceptance is yellow; one in time raises nothing', async () => {
      clock.set(DETECTED_AT);
      const late = await register();
      expect(await causesOf(late.id, late.position)).toEqual([`op:${late.id}:g1:late-registration`]);
      const late1 = (await alertsOf(late.id))[0];
      expect(late1).toMatchObject({ ground: 1, level: 'yellow', message: expect.stringMatching(/个工作日才登记/) });

      const inTime = await register({ acceptedAt: new Date(Date.now() - 60_000).toISOString() });
      expect(await causesOf(inTime.id, inTime.position)).toEqual([]);
    });

    it('ground 1: a penalty without a notice of rights, and a major one without a collective discussion', async () => {
      const { id } = await register();
      const position = await decide(id, { penalty: { amount: 3000, band: 'general', major: true } });
      expect(await causesOf(id, position)).toEqual([
        `op:${id}:g1:late-registration`,
        `op:${id}:g1:major-penalty-without-collective-discussion`,
        `op:${id}:g1:penalty-without-notice-of-rights`,
      ]);
    });

    it('ground 1: nothing once the notice of rights and the collective discussion came first', async () => {
      const { id } = await register();
      await step(id, 'notice-of-rights', '2025-03-04T10:00:00+08:00');
      await step(id, 'collective-discussion', '2025-03-05T10:00:00+08:00');
      const position = await decide(id, { penalty: { amount: 3000, band: 'general', major: true } });
      expect(await causesOf(id, position)).toEqual([`op:${id}:g1:late-registration`]);
    });

    it('ground 5: a penalty outside its band, and one in a band the power does not declare', async () => {
      const outside = await register();
      await step(outside.id, 'notice-of-rights', '2025-03-04T10:00:00+08:00');
      const outsideAt = await decide(outside.id, { penalty: { amount: 8000, band: 'general' } });
      const undeclared = await register();
      await step(undeclared.id, 'notice-of-rights', '2025-03-04T10:00:00+08:00');
      const undeclaredAt = await decide(undeclared.id, { penalty: { amount: 8000, band: 'severe' } });

      const [band] = (await alertsOf(outside.id, outsideAt)).filter((a) => a.ground === 5);
      expect(band).toMatchObject({
        id: `op:${outside.id}:g5:penalty-outside-band`,
        level: 'red',
        message: expect.stringMatching(/8000元超出/),
      });
      expect(band.evidence).toHaveLength(2);
      expect((await alertsOf(undeclared.id, undeclaredAt)).filter((a) => a.ground === 5).map((a) => a.id)).toEqual([
        `op:${undeclared.id}:g5:penalty-band-not-declared`,
      ]);
    });

    it('ground 6: licensing conditions beyond the published ones', async () => {
      const { id } = await register({ powerCode: LICENSING });
      const position = await decide(id, {
        outcome: 'approved',
        penalty: undefined,
        conditionsApplied: ['有固定的经营场所', '须与最近的零售户相距200米以上'],
      });
      const [added] = (await alertsOf(id, position)).filter((a) => a.ground === 6);
      expect(added).toMatchObject({
        id: `op:${id}:g6:conditions-not-published`,
        level: 'red',
        message: expect.stringContaining('须与最近的零售户相距200米以上'),
      });
    });

    it('ground 7: a licensing matter yellow near the committed deadline and red past it, as the clock moves', async () => {
      clock.set(DETECTED_AT);
      const { id, position } = await register({ powerCode: LICENSING });
      expect(await causesOf(id, position)).toEqual([`op:${id}:g1:late-registration`]);

      clock.set('2025-03-06T18:00:00+08:00');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await causesOf(id)).toEqual([`op:${id}:g1:late-registration`]);

      clock.set('2025-03-07T09:00:00+08:00');
      const yellow = (await eventually(id, `op:${id}:g7:committed-deadline-near`)).find((a) => a.ground === 7);
      expect(yellow).toMatchObject({ level: 'yellow', raisedAt: new Date('2025-03-07T09:00:00+08:00').toISOString() });

      clock.set('2025-03-11T00:00:00+08:00');
      const red = (await eventually(id, `op:${id}:g7:committed-deadline-passed`)).find((a) => a.level === 'red');
      expect(red).toMatchObject({ ground: 7, message: expect.stringMatching(/超过承诺办结期限2025-03-10仍未办结/) });
      expect((await causesOf(id)).filter((cause) => cause.includes(':g7:'))).toHaveLength(2);
    });

    it('ground 7: red for a licensing matter completed after the committed deadline, visible with minPosition', async () => {
      clock.set(DETECTED_AT);
      const { id } = await register({ powerCode: LICENSING });
      const position = await complete(id, '2025-03-12T10:00:00+08:00');
      const [red] = (await alertsOf(id, position)).filter((a) => a.ground === 7);
      expect(red).toMatchObject({
        id: `op:${id}:g7:committed-deadline-passed`,
        level: 'red',
        message: expect.stringMatching(/办结时间晚于承诺办结期限2025-03-10/),
      });
    });
  });

  describe('GET /v1/alerts', () => {
    it('is for supervisors, investigators and departments: reviewer and admin keys get 403, no key 401', async () => {
      expect((await get('/v1/alerts', 'investigator')).status).toBe(200);
      for (const who of ['reviewer', 'admin']) {
        const res = await get('/v1/alerts', who);
        expect(res.status).toBe(403);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
      expect((await t.http().get('/v1/alerts')).status).toBe(401);
    });

    it("shows a department its own alerts only, and refuses another department's", async () => {
      const { id, position } = await register({ powerCode: CANCELLED });
      expect((await alertsOf(id, position, 'YCJ')).length).toBeGreaterThan(0);
      expect(await alertsOf(id, position, 'ZFJ')).toEqual([]);
      const res = await get('/v1/alerts?department=YCJ', 'ZFJ');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN_DEPARTMENT');
      expect((await get(`/v1/alerts/${encodeURIComponent(`op:${id}:g1:power-not-in-force`)}`, 'ZFJ')).status).toBe(404);
    });

    it('filters by department, ground, level, status and the day raised, and pages newest first', async () => {
      clock.set('2025-03-20T10:00:00+08:00');
      const { id, position } = await register({ powerCode: CANCELLED });
      await alertsOf(id, position);
      const query = async (params: string): Promise<Alert[]> => {
        const res = await get(`/v1/alerts?limit=500&${params}`);
        expect(res.status).toBe(200);
        return res.body.items as Alert[];
      };
      const reds = await query(
        'ground=1&level=red&department=YCJ&status=open&raisedFrom=2025-03-20&raisedTo=2025-03-20',
      );
      expect(reds.map((a) => a.id)).toEqual([`op:${id}:g1:power-not-in-force`]);
      expect((await query('raisedTo=2025-03-19')).some((a) => a.subject.id === id)).toBe(false);
      expect((await query('department=ZFJ')).length).toBe(0);
      expect((await query('level=yellow')).every((a) => a.level === 'yellow')).toBe(true);

      const all = await query('');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await get(`/v1/alerts?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...(res.body.items as Alert[]).map((a) => a.id));
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen).toEqual(all.map((a) => a.id));
      expect(all[0].subject.id).toBe(id);
    });

    it('rejects what is not a filter: 400 with the field', async () => {
      for (const [params, field] of [
        ['ground=11', 'ground'],
        ['level=orange', 'level'],
        ['status=closed', 'status'],
        ['raisedFrom=2025-02-30', 'raisedFrom'],
        ['cursor=nonsense', 'cursor'],
        ['colour=red', 'colour'],
      ]) {
        const res = await get(`/v1/alerts?${params}`);
        expect(res.status).toBe(400);
        expect(Object.keys(res.body.errors)).toContain(field);
      }
    });
  });

  describe('acknowledgement and resolution', () => {
    let alertId: string;
    let path: string;

    beforeAll(async () => {
      const { id, position } = await register({ powerCode: CANCELLED });
      await alertsOf(id, position);
      alertId = `op:${id}:g1:power-not-in-force`;
      path = `/v1/alerts/${encodeURIComponent(alertId)}`;
    });

    it('is for supervisors only', async () => {
      for (const who of ['YCJ', 'investigator']) {
        expect((await post(`${path}/acknowledgement`, { note: '收到' }, who)).status).toBe(403);
      }
    });

    it('records an acknowledgement with its note; a second one is 422 ALERT_ACKNOWLEDGED', async () => {
      const res = await post(`${path}/acknowledgement`, { note: '已转效能办核查' }, 'supervisor');
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual({
        streamId: `alert-${alertId}`,
        version: 2,
        position: expect.any(Number),
        id: alertId,
        status: 'acknowledged',
      });
      const read = await get(`/v1/alerts?minPosition=${res.body.position}&status=acknowledged`);
      expect(read.body.items.find((a: Alert) => a.id === alertId)).toMatchObject({
        status: 'acknowledged',
        version: 2,
        notes: [{ kind: 'acknowledgement', note: '已转效能办核查', by: expect.any(String), at: expect.any(String) }],
      });
      const again = await post(`${path}/acknowledgement`, {}, 'supervisor');
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('ALERT_ACKNOWLEDGED');
    });

    it('needs a note to resolve, honours If-Match and Idempotency-Key, and then takes nothing more', async () => {
      expect((await post(`${path}/resolution`, {}, 'supervisor')).status).toBe(400);
      const stale = await post(`${path}/resolution`, { note: '已整改' }, 'supervisor', { 'If-Match': '"1"' });
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');

      const headers = { 'If-Match': '"2"', 'Idempotency-Key': 'resolve-once' };
      const resolved = await post(`${path}/resolution`, { note: '经核查已责令整改' }, 'supervisor', headers);
      expect(resolved.status).toBe(201);
      expect(resolved.body).toMatchObject({ version: 3, status: 'resolved' });
      const replay = await post(`${path}/resolution`, { note: '经核查已责令整改' }, 'supervisor', headers);
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(resolved.body);

      const one = await get(`${path}?minPosition=${resolved.body.position}`, 'investigator');
      expect(one.status).toBe(200);
      expect(one.headers.etag).toBe('"3"');
      expect(one.body).toMatchObject({
        status: 'resolved',
        notes: [{ kind: 'acknowledgement' }, { kind: 'resolution' }],
      });
      const again = await post(`${path}/resolution`, { note: '再次办结' }, 'supervisor');
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('ALERT_RESOLVED');
    });

    it('answers 404 ALERT_NOT_FOUND for an alert never raised', async () => {
      const res = await post('/v1/alerts/op:nothing:g1:none/acknowledgement', {}, 'supervisor');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ALERT_NOT_FOUND');
      expect((await post('/v1/alerts/%20bad%20id/resolution', { note: 'x' }, 'supervisor')).status).toBe(404);
    });
  });

  describe('GET /v1/alerts/stream', () => {
    it('sends each new alert as it is raised, only to those who may see it, with heartbeats', async () => {
      const ycj = await openStream(baseUrl, key.YCJ);
      const zfj = await openStream(baseUrl, key.ZFJ);
      const reds = await openStream(baseUrl, key.supervisor, '?level=red&ground=7');
      try {
        expect(ycj.status).toBe(200);
        expect(ycj.headers['content-type']).toMatch(/^text\/event-stream/);
        await until(
          () => [ycj, zfj, reds].every((s) => s.comments.includes('connected')),
          (ready) => ready,
        );
        clock.set(DETECTED_AT);
        const { id } = await register({ powerCode: LICENSING });
        const position = await complete(id, '2025-03-12T10:00:00+08:00');
        const red = `op:${id}:g7:committed-deadline-passed`;

        await until(
          () => ycj.events.map((e) => e.data.id),
          (ids) => ids.includes(red) && ids.includes(`op:${id}:g1:late-registration`),
        );
        const event = ycj.events.find((e) => e.data.id === red)!;
        expect(event.data).toMatchObject({ ground: 7, level: 'red', department: 'YCJ', status: 'open' });
        expect(Number(event.id)).toBeGreaterThan(position);
        await until(
          () => reds.events.map((e) => e.data.id),
          (ids) => ids.includes(red),
        );
        expect(reds.events.map((e) => e.data.id)).toEqual([red]);
        await until(
          () => zfj.comments.filter((c) => c === 'heartbeat').length,
          (n) => n >= 2,
        );
        expect(zfj.events).toEqual([]);
      } finally {
        for (const stream of [ycj, zfj, reds]) stream.close();
      }
    });

    it('reads the log only while someone follows, and starts a new follower at the head of the log', async () => {
      const readLog = jest.spyOn(t.app.get(ProjectionRunner), 'readLog');
      try {
        // Nobody follows: an alert raised now is read by no one for the feed.
        clock.set(DETECTED_AT);
        const before = await register({ powerCode: LICENSING });
        const completed = await complete(before.id, '2025-03-12T10:00:00+08:00');
        expect(await causesOf(before.id, completed)).toContain(`op:${before.id}:g7:committed-deadline-passed`);
        expect(readLog).not.toHaveBeenCalled();

        const stream = await openStream(baseUrl, key.YCJ);
        try {
          await until(
            () => stream.comments.includes('connected'),
            (ready) => ready,
          );
          const after = await register({ powerCode: LICENSING });
          await complete(after.id, '2025-03-12T10:00:00+08:00');
          const red = `op:${after.id}:g7:committed-deadline-passed`;
          await until(
            () => stream.events.map((e) => e.data.id),
            (ids) => ids.includes(red),
          );
          expect(readLog).toHaveBeenCalled();
          // What was raised before the stream opened is not replayed.
          expect(stream.events.filter((e) => e.data.subject.id === before.id)).toEqual([]);
        } finally {
          stream.close();
        }
      } finally {
        readLog.mockRestore();
      }
    });

    it('resumes after Last-Event-ID: what was raised while away first, then what comes, nothing twice', async () => {
      clock.set(DETECTED_AT);
      const first = await openStream(baseUrl, key.supervisor, '?department=YCJ&ground=1');
      await until(
        () => first.comments.includes('connected'),
        (ready) => ready,
      );
      const before = await register({ powerCode: CANCELLED });
      await until(
        () => first.events.filter((e) => e.data.subject.id === before.id).length,
        (n) => n === 2,
      );
      const lastSeen = first.events[first.events.length - 1].id!;
      first.close();

      const away = await register({ powerCode: CANCELLED });
      const raisedAway = (await alertsOf(away.id, away.position)).map((a) => a.id).sort();
      expect(raisedAway).toHaveLength(2);

      const resumed = await openStream(baseUrl, key.supervisor, '?department=YCJ&ground=1', {
        'Last-Event-ID': lastSeen,
      });
      try {
        expect(resumed.status).toBe(200);
        // Raised while the stream replays what it missed: they wait behind the replay, each sent once.
        const meanwhile = await Promise.all([1, 2, 3].map(() => register({ powerCode: CANCELLED })));
        await until(
          () => resumed.events.map((e) => e.data.subject.id),
          (subjects) =>
            [away, ...meanwhile].every(({ id }) => subjects.filter((subject) => subject === id).length === 2),
        );
        const ids = resumed.events.map((e) => e.data.id);
        expect(ids.filter((id) => id.includes(before.id))).toEqual([]);
        expect(ids.filter((id) => id.includes(away.id)).sort()).toEqual(raisedAway);
        expect(new Set(ids).size).toBe(ids.length);
        const positions = resumed.events.map((e) => Number(e.id));
        expect(positions.every((p) => p > Number(lastSeen))).toBe(true);
        expect(resumed.events.slice(0, 2).map((e) => e.data.subject.id)).toEqual([away.id, away.id]);
      } finally {
        resumed.close();
      }
    });

    it('refuses a Last-Event-ID that names no event of the log: 400 problem+json', async () => {
      for (const lastEventId of ['abc', '0', '-1', '999999999']) {
        const refused = await openStream(baseUrl, key.supervisor, '', { 'Last-Event-ID': lastEventId });
        await until(
          () => refused.body,
          (body) => body.endsWith('}'),
        );
        refused.close();
        expect(refused.status).toBe(400);
        expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(JSON.parse(refused.body)).toMatchObject({ code: 'VALIDATION_FAILED' });
      }
    });

    it("refuses a department asking for another's stream, and reviewers", async () => {
      const other = await openStream(baseUrl, key.ZFJ, '?department=YCJ');
      other.close();
      expect(other.status).toBe(403);
      expect(other.headers['content-type']).toMatch(PROBLEM_JSON);
      const reviewer = await openStream(baseUrl, key.reviewer);
      reviewer.close();
      expect(reviewer.status).toBe(403);
    });
  });

  describe('grounds 2 and 4: the publication duty of the catalogue', () => {
    it('raises red for a grant and for a change not published within 20 working days, once the clock is past', async () => {
      const code = 'YCJ-QT-0001';
      const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
      const granted = await post(
        '/v1/powers',
        {
          code,
          name: '烟草专卖品准运证核发',
          category: 'other',
          department: 'YCJ',
          legalBasis: BASIS,
          timeLimit: { legalDays: 20, committedDays: 10 },
          approval: APPROVAL,
          effectiveFrom: '2024-01-01',
        },
        'reviewer',
      );
      expect(granted.status).toBe(201);
      // Dated the day before: a publication covers only what was recorded by the day it was published.
      const yesterday = shanghaiDay(Date.now() - 86_400_000);
      const published = await post(
        `/v1/powers/${code}/publications`,
        { channel: '政府网站', publishedOn: yesterday },
        'reviewer',
      );
      expect(published.status).toBe(201);
      const changed = await post(
        `/v1/powers/${code}/changes`,
        {
          kind: 'amendment',
          changes: { name: '烟草专卖品准运证核发（跨省）' },
          reason: '规范名称',
          approval: APPROVAL,
          effectiveFrom: shanghaiDay(Date.now()),
        },
        'reviewer',
      );
      expect(changed.status).toBe(201);
      expect(await causesOf(code, changed.body.position)).toEqual([]);

      clock.set(new Date(Date.now() + 60 * 86_400_000));
      await eventually(code, `power:${code}:g4:change-not-published:v3`);
      const alerts = await alertsOf(code);
      expect(alerts.map((a) => a.id).sort()).toEqual([
        `power:${code}:g2:grant-not-published:v1`,
        `power:${code}:g4:change-not-published:v3`,
      ]);
      expect(alerts.every((a) => a.level === 'red' && a.department === 'YCJ' && a.subject.kind === 'power')).toBe(true);
    });
  });

  it('documents the alert endpoints in the OpenAPI document', async () => {
    const { paths } = (await t.http().get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(paths['/v1/alerts'])).toEqual(['get']);
    expect(Object.keys(paths['/v1/alerts/stream'])).toEqual(['get']);
    expect(Object.keys(paths['/v1/alerts/{id}/acknowledgement'])).toEqual(['post']);
    expect(Object.keys(paths['/v1/alerts/{id}/resolution'])).toEqual(['post']);
  });
});
