import { handleCommand, EVENT_STORE, EventStore, newEventId } from '@app/event-store';
import { powerDecider, powerStreamId } from '@app/domain';
import { Clock, SettableClock } from '@app/platform';
import { publishMissingCalendarYears, shanghaiYear } from './support/calendar-years';
import { createTestApp, TestApp } from './support/create-test-app';
import { APPROVAL, grantPublishedPower, PENALTY_BASIS as BASIS, penaltyPowerBody } from './support/powers';

/** YCJ's penalty power: 5 committed and 20 legal working days, one declared band. */
const PENALTY = 'YCJ-CF-0101';
/**
 * Accepted Monday 2025-03-03: committed deadline the end of 03-10, legal deadline the end of 03-31. Every write is
 * recorded at the real time, so anything claimed in 2025 is also recorded late; the detectors' clock is settable.
 */
const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';
const DETECTED_AT = '2025-03-03T10:00:00+08:00';
const DAY_MS = 86_400_000;
const HEARING_NOTICE = { name: '听证通知书.pdf', sha256: 'f'.repeat(64) };

interface Alert {
  id: string;
  ground: number;
  level: string;
  subject: { kind: string; id: string };
  cause: string;
  evidence: string[];
  message: string;
}

/**
 * Issue 12 (truthful records): the detectors judge by what was on record when, not only by the dates a department
 * claims; pauses are procedures of a fixed list; alerts name the right ground, once.
 */
describe('alerts that judge by the record', () => {
  let t: TestApp;
  let clock: SettableClock;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({ CLOCK: 'settable' });
    clock = t.app.get<Clock, SettableClock>(Clock);
    clock.set(DETECTED_AT);
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) key[role] = await t.keyFor(role);
    key.YCJ = await t.keyFor('department', 'YCJ');
    const thisYear = shanghaiYear(Date.now());
    await publishMissingCalendarYears(t, key.admin, [thisYear, thisYear + 1]);
    await grantPublishedPower(t, key.reviewer, PENALTY);
  });
  afterAll(() => t.close());

  const auth = (who: string) => ({ Authorization: `Bearer ${key[who]}` });
  const post = (path: string, body: object, who = 'YCJ') => t.http().post(path).set(auth(who)).send(body);
  const get = (path: string, who = 'supervisor') => t.http().get(path).set(auth(who));

  const register = async (fields: Record<string, unknown> = {}): Promise<string> => {
    const id = `e2e-truth-${(sequence += 1)}`;
    const res = await post('/v1/operations', {
      id,
      powerCode: PENALTY,
      caseNumber: `宁烟专罚〔2025〕${100 + sequence}号`,
      counterparty: { kind: 'person', name: '张三丰' },
      handlers: [{ name: '李四', post: '执法队员' }],
      acceptedAt: ACCEPTED_AT,
      ...fields,
    });
    expect(res.status).toBe(201);
    return id;
  };
  const step = async (id: string, body: Record<string, unknown>): Promise<number> => {
    const res = await post(`/v1/operations/${id}/steps`, { by: '李四', ...body });
    expect(res.status).toBe(201);
    return res.body.position as number;
  };
  const penalty = async (id: string, at = '2025-03-06T15:00:00+08:00'): Promise<number> => {
    const res = await post(`/v1/operations/${id}/decision`, {
      at,
      outcome: 'penalty',
      penalty: { amount: 3000, band: 'general' },
      legalBasisCited: BASIS,
      reasoning: '当事人无准运证运输卷烟，情节一般',
    });
    expect(res.status).toBe(201);
    return res.body.position as number;
  };
  const alertsOf = async (subjectId: string, position?: number): Promise<Alert[]> => {
    const query = position === undefined ? '' : `&minPosition=${position}`;
    const res = await get(`/v1/alerts?limit=500${query}`);
    expect(res.status).toBe(200);
    return (res.body.items as Alert[]).filter((a) => a.subject.id === subjectId);
  };
  /** For time-driven alerts, which no write of the caller's produces: polls until `alertId` is listed. */
  const eventually = async (subjectId: string, alertId: string): Promise<Alert[]> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const alerts = await alertsOf(subjectId);
      if (alerts.some((a) => a.id === alertId) || Date.now() > deadline) return alerts;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const timeline = async (id: string) =>
    (await get(`/v1/operations/${id}/timeline`)).body.items as {
      type: string;
      eventId: string;
      version: number;
      recordedAt: string;
      claimedAt?: string;
    }[];

  describe('recorded time beside claimed time', () => {
    it('a notice of rights posted after the penalty decision, claiming an earlier time, does not count: ground 1', async () => {
      clock.set(DETECTED_AT);
      const id = await register();
      await penalty(id);
      const noticed = await step(id, { kind: 'notice-of-rights', at: '2025-03-04T10:00:00+08:00' });
      const alerts = await alertsOf(id, noticed);
      const events = await timeline(id);
      const missing = alerts.find((a) => a.cause === 'penalty-without-notice-of-rights');
      expect(missing).toMatchObject({ ground: 1, level: 'red' });
      expect(missing?.evidence[0]).toBe(events[1].eventId);
      // The notice claims 2025 and was recorded now: a late record besides.
      expect(alerts.find((a) => a.id === `op:${id}:g1:late-record:v3`)).toMatchObject({ ground: 1, level: 'yellow' });
    });

    it('a step recorded within 3 working days of the time it claims raises no late-record alert', async () => {
      const id = await register({ acceptedAt: new Date(Date.now() - 120_000).toISOString() });
      const position = await step(id, { kind: 'investigation', at: new Date(Date.now() - 60_000).toISOString() });
      expect((await alertsOf(id, position)).map((a) => a.cause)).toEqual([]);
    });

    it('the timeline shows each claimed time beside the time it was recorded', async () => {
      const id = await register();
      const position = await step(id, { kind: 'investigation', at: '2025-03-04T10:00:00+08:00' });
      const events = await timeline(id);
      expect(events.map((e) => e.claimedAt)).toEqual([ACCEPTED_AT, '2025-03-04T10:00:00+08:00']);
      for (const event of events) expect(Date.parse(event.recordedAt)).toBeGreaterThan(Date.parse('2026-01-01'));
      const detail = await get(`/v1/operations/${id}?minPosition=${position}`);
      expect(detail.body.steps).toEqual([
        expect.objectContaining({ at: '2025-03-04T10:00:00+08:00', recordedAt: expect.any(String), version: 2 }),
      ]);
      expect((await alertsOf(id, position)).map((a) => a.cause)).toContain('late-record:v2');
    });

    it('a publication recorded long after the due date, claiming a date in time, is ground 2 and a late record', async () => {
      const code = 'YCJ-XK-0101';
      // A grant on record since 2025-03-03 (as an earlier system recorded it): its publication was due by 03-31.
      await handleCommand(
        t.app.get<symbol, EventStore>(EVENT_STORE),
        powerDecider,
        powerStreamId(code),
        {
          type: 'GrantPower',
          actor: { id: 'u-reviewer', role: 'reviewer' },
          recordedAt: '2025-03-03T10:00:00+08:00',
          today: '2025-03-03',
          code,
          name: '烟草专卖零售许可',
          category: 'licensing',
          department: 'YCJ',
          legalBasis: BASIS,
          timeLimit: { legalDays: 20, committedDays: 5 },
          approval: APPROVAL,
          effectiveFrom: '2025-03-01',
        },
        { metadata: {}, eventIds: (count) => Array.from({ length: count }, newEventId) },
      );
      clock.set(new Date().toISOString());
      const published = await post(
        `/v1/powers/${code}/publications`,
        { channel: '政府网站', publishedOn: '2025-03-20' },
        'reviewer',
      );
      expect(published.status).toBe(201);
      const alerts = await alertsOf(code, published.body.position as number);
      expect(alerts.map((a) => a.id).sort()).toEqual([
        `power:${code}:g1:late-record:v2`,
        `power:${code}:g2:grant-not-published:v1`,
      ]);
      expect(alerts.find((a) => a.ground === 1)).toMatchObject({
        level: 'yellow',
        message: expect.stringContaining('称于2025-03-20发布'),
      });
    });
  });

  describe('pauses are procedures', () => {
    it('refuses a pause without its kind and document (400), and shows paused working days per kind', async () => {
      clock.set(DETECTED_AT);
      const id = await register();
      const bare = await post(`/v1/operations/${id}/steps`, {
        kind: 'pause',
        at: '2025-03-04T10:00:00+08:00',
        by: '李四',
        note: '听证',
      });
      expect(bare.status).toBe(400);
      expect(bare.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Object.keys(bare.body.errors).sort()).toEqual(['documents', 'pauseKind']);
      const unknown = await post(`/v1/operations/${id}/steps`, {
        kind: 'pause',
        pauseKind: 'lunch',
        at: '2025-03-04T10:00:00+08:00',
        by: '李四',
        documents: [HEARING_NOTICE],
      });
      expect(unknown.status).toBe(400);
      expect(Object.keys(unknown.body.errors)).toEqual(['pauseKind']);

      await step(id, {
        kind: 'pause',
        pauseKind: 'hearing',
        at: '2025-03-04T10:00:00+08:00',
        documents: [HEARING_NOTICE],
      });
      // Paused Tuesday 03-04, resumed Friday 03-07: 03-05, 03-06 and 03-07 count.
      const resumed = await step(id, { kind: 'resume', at: '2025-03-07T10:00:00+08:00' });
      const detail = await get(`/v1/operations/${id}?minPosition=${resumed}`);
      expect(detail.status).toBe(200);
      expect(detail.body.pausedWorkingDays).toEqual({ hearing: 3 });
      expect(detail.body.steps[0]).toMatchObject({ kind: 'pause', pauseKind: 'hearing', documents: [HEARING_NOTICE] });
      expect(detail.body.extensions[0]).toMatchObject({ pausedDays: 3, procedure: '听证' });
    });

    it('raises a yellow ground-10 alert for a pause of more than 60 working days', async () => {
      clock.set(DETECTED_AT);
      const id = await register();
      await step(id, {
        kind: 'pause',
        pauseKind: 'expert-review',
        at: '2025-03-04T10:00:00+08:00',
        documents: [{ name: '专家评审委托书.pdf', sha256: '1'.repeat(64) }],
      });
      // 60 working days after 03-04 is 06-02 (Dragon Boat Festival 05-31…06-02 off): resumed 06-03 is 61.
      const resumed = await step(id, { kind: 'resume', at: '2025-06-03T10:00:00+08:00' });
      const [long] = (await alertsOf(id, resumed)).filter((a) => a.ground === 10 && a.cause.startsWith('long-pause'));
      expect(long).toMatchObject({
        id: `op:${id}:g10:long-pause:v2`,
        level: 'yellow',
        message: expect.stringContaining('"专家评审"中止计时达61个工作日'),
      });
      // The alerts having caught up says nothing of the register: read it at the resumption too.
      const detail = await get(`/v1/operations/${id}?minPosition=${resumed}`);
      expect(detail.body.pausedWorkingDays).toEqual({ 'expert-review': 61 });
    });

    it('serves the pause kinds with their Chinese labels in /v1/meta/enums', async () => {
      const res = await t.http().get('/v1/meta/enums');
      expect(res.body.pauseKind).toEqual([
        { value: 'hearing', label: '听证' },
        { value: 'testing', label: '检验检测检疫' },
        { value: 'appraisal', label: '鉴定' },
        { value: 'expert-review', label: '专家评审' },
        { value: 'public-notice', label: '公告' },
        { value: 'correction', label: '补正材料' },
        { value: 'on-site-verification', label: '现场核查' },
        { value: 'other', label: '其他（有法定依据）' },
      ]);
    });
  });

  describe('alerts that are true', () => {
    it('a penalty completed after its legal deadline is red ground 1, its committed overrun ground 10, not 7', async () => {
      clock.set(DETECTED_AT);
      const id = await register();
      const completed = await post(`/v1/operations/${id}/completion`, { at: '2025-04-01T10:00:00+08:00' });
      expect(completed.status).toBe(201);
      const deadlines = (await alertsOf(id, completed.body.position as number))
        .filter((a) => a.cause.endsWith('deadline-passed'))
        .map((a) => [a.id, a.ground, a.level]);
      expect(deadlines.sort()).toEqual([
        [`op:${id}:g10:committed-deadline-passed`, 10, 'red'],
        [`op:${id}:g1:legal-deadline-passed`, 1, 'red'],
      ]);
    });

    it('a penalty still open past its legal deadline turns red ground 1 as the clock passes it', async () => {
      clock.set(DETECTED_AT);
      const id = await register();
      clock.set('2025-04-01T00:00:00+08:00');
      const alerts = await eventually(id, `op:${id}:g1:legal-deadline-passed`);
      expect(alerts.find((a) => a.cause === 'legal-deadline-passed')).toMatchObject({
        ground: 1,
        level: 'red',
        message: expect.stringContaining('超过法定期限2025-03-31仍未办结'),
      });
      expect(alerts.filter((a) => a.ground === 7)).toEqual([]);
    });

    it('an unpublished classified power raises no publication alert; an unclassified one does', async () => {
      const grant = (code: string, fields: Record<string, unknown>) =>
        post('/v1/powers', penaltyPowerBody(code, 'YCJ', fields), 'reviewer');
      const secret = await grant('YCJ-CF-0102', { classification: { classified: true, reason: '涉及国家秘密' } });
      expect(secret.status).toBe(201);
      const open = await grant('YCJ-CF-0103', {});
      expect(open.status).toBe(201);
      // 45 calendar days later every 20-working-day publication limit has passed, whatever the day today.
      clock.set(new Date(Date.now() + 45 * DAY_MS).toISOString());
      const control = await eventually('YCJ-CF-0103', 'power:YCJ-CF-0103:g2:grant-not-published:v1');
      expect(control.map((a) => a.id)).toContain('power:YCJ-CF-0103:g2:grant-not-published:v1');
      expect(await alertsOf('YCJ-CF-0102')).toEqual([]);
    });

    it('a penalty power without discretion bands raises one alert on the power, none per penalty', async () => {
      const code = 'YCJ-CF-0104';
      clock.set(DETECTED_AT);
      await grantPublishedPower(t, key.reviewer, code, { discretion: undefined });
      const positions: number[] = [];
      for (let i = 0; i < 2; i += 1) {
        const id = await register({ powerCode: code });
        await step(id, { kind: 'notice-of-rights', at: '2025-03-04T10:00:00+08:00' });
        positions.push(await penalty(id));
        expect((await alertsOf(id, positions[i])).filter((a) => a.ground === 5)).toEqual([]);
      }
      clock.set(new Date(Date.now() + 45 * DAY_MS).toISOString());
      const alerts = await eventually(code, `power:${code}:g2:discretion-standard-not-published`);
      expect(alerts).toEqual([
        expect.objectContaining({
          id: `power:${code}:g2:discretion-standard-not-published`,
          ground: 2,
          level: 'red',
          subject: { kind: 'power', id: code },
        }),
      ]);
    });
  });
});
