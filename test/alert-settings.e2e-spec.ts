import { Clock, SettableClock } from '@app/platform';
import { CalendarProvider } from '@app/read-models';
import { publishMissingCalendarYears, shanghaiYear } from './support/calendar-years';
import { createTestApp, TestApp } from './support/create-test-app';
import { grantPublishedPower, PENALTY_BASIS as BASIS } from './support/powers';

const POWER = 'YCJ-CF-0001';

interface Alert {
  id: string;
  ground: number;
  level: string;
  cause: string;
  message: string;
  raisedAt: string;
}

/**
 * The detectors' thresholds come from the configuration (README, "Configuration"): here a late registration is one
 * after 5 working days instead of 3, a penalty of 4,000 yuan is major instead of 50,000, and the yellow card comes
 * with 60% of the committed working days left instead of 20%, a step recorded 5 working days after the date it claims
 * is in time instead of 3, and a pause of 4 working days is long instead of 60. Each spec fails under the defaults.
 */
describe('alert thresholds from the configuration', () => {
  let t: TestApp;
  let clock: SettableClock;
  const key: Record<string, string> = {};
  let sequence = 0;

  beforeAll(async () => {
    t = await createTestApp({
      CLOCK: 'settable',
      LATE_REGISTRATION_WORKING_DAYS: '5',
      LATE_RECORD_WORKING_DAYS: '5',
      LONG_PAUSE_WORKING_DAYS: '3',
      MAJOR_PENALTY_AMOUNT: '4000',
      YELLOW_CARD_FRACTION: '0.6',
    });
    const provided = t.app.get(Clock);
    if (!(provided instanceof SettableClock)) throw new Error('CLOCK=settable must provide a SettableClock');
    clock = provided;
    for (const role of ['reviewer', 'supervisor', 'admin'] as const) key[role] = await t.keyFor(role);
    key.YCJ = await t.keyFor('department', 'YCJ');
    const thisYear = shanghaiYear(Date.now());
    await publishMissingCalendarYears(t, key.admin, [thisYear - 1, thisYear, thisYear + 1]);
    await grantPublishedPower(t, key.reviewer, POWER);
  });
  afterAll(() => t.close());

  function post(path: string, body: object, who: string) {
    return t
      .http()
      .post(path)
      .set({ Authorization: `Bearer ${key[who]}` })
      .send(body);
  }

  const register = async (acceptedAt: string): Promise<{ id: string; position: number }> => {
    const id = `e2e-settings-${(sequence += 1)}`;
    const res = await post(
      '/v1/operations',
      {
        id,
        powerCode: POWER,
        caseNumber: `宁烟专罚〔2026〕${sequence}号`,
        counterparty: { kind: 'person', name: '张三丰' },
        handlers: [{ name: '李四', post: '执法队员' }],
        acceptedAt,
      },
      'YCJ',
    );
    expect(res.status).toBe(201);
    return { id, position: res.body.position };
  };

  const alertsOf = async (id: string, position?: number): Promise<Alert[]> => {
    const query = position === undefined ? '' : `&minPosition=${position}`;
    const res = await t
      .http()
      .get(`/v1/alerts?limit=500${query}`)
      .set({ Authorization: `Bearer ${key.supervisor}` });
    expect(res.status).toBe(200);
    return (res.body.items as (Alert & { subject: { id: string } })[]).filter((a) => a.subject.id === id);
  };

  /** The Asia/Shanghai date `n` working days before today on the calendar in force, at 09:00 that day. */
  const acceptedWorkingDaysAgo = async (n: number): Promise<string> => {
    const calendar = await t.app.get(CalendarProvider).calendar();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    let day = today;
    while (calendar.workingDaysBetween(day, today) < n) {
      day = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    }
    return `${day}T09:00:00+08:00`;
  };

  it('LATE_REGISTRATION_WORKING_DAYS: registered 5 working days after acceptance is in time, 6 is late', async () => {
    clock.set(new Date().toISOString());
    const inTime = await register(await acceptedWorkingDaysAgo(5));
    const late = await register(await acceptedWorkingDaysAgo(6));

    const causes = async ({ id, position }: { id: string; position: number }) =>
      (await alertsOf(id, position)).map((a) => a.cause);
    expect(await causes(inTime)).not.toContain('late-registration');
    const lateAlert = (await alertsOf(late.id, late.position)).find((a) => a.cause === 'late-registration');
    expect(lateAlert).toMatchObject({ ground: 1, level: 'yellow', message: expect.stringMatching(/应在5个工作日内/) });
  });

  it('LATE_RECORD_WORKING_DAYS: a step recorded 5 working days after the date it claims is in time, 6 is late', async () => {
    clock.set(new Date().toISOString());
    const { id } = await register(await acceptedWorkingDaysAgo(7));
    const recordStep = async (at: string) => {
      const res = await post(`/v1/operations/${id}/steps`, { kind: 'investigation', at, by: '李四' }, 'YCJ');
      expect(res.status).toBe(201);
      return res.body as { version: number; position: number };
    };
    const late = await recordStep(await acceptedWorkingDaysAgo(6));
    const inTime = await recordStep(await acceptedWorkingDaysAgo(5));
    const causes = (await alertsOf(id, inTime.position)).map((a) => a.cause);
    expect(causes).toContain(`late-record:v${late.version}`);
    expect(causes).not.toContain(`late-record:v${inTime.version}`);
  });

  it('LONG_PAUSE_WORKING_DAYS: a pause of 4 working days is long', async () => {
    clock.set('2025-03-03T10:00:00+08:00');
    const { id } = await register('2025-03-03T09:00:00+08:00');
    const pause = await post(
      `/v1/operations/${id}/steps`,
      {
        kind: 'pause',
        pauseKind: 'testing',
        at: '2025-03-04T10:00:00+08:00',
        by: '李四',
        documents: [{ name: '检验检测委托书.pdf', sha256: '2'.repeat(64) }],
      },
      'YCJ',
    );
    expect(pause.status).toBe(201);
    // 03-05, 03-06, 03-07 and 03-10: 4 working days.
    const resume = await post(
      `/v1/operations/${id}/steps`,
      { kind: 'resume', at: '2025-03-10T10:00:00+08:00', by: '李四' },
      'YCJ',
    );
    expect(resume.status).toBe(201);
    const long = (await alertsOf(id, resume.body.position as number)).find((a) => a.cause === 'long-pause:v2');
    expect(long).toMatchObject({ ground: 10, level: 'yellow', message: expect.stringContaining('超过3个工作日') });
  });

  it('MAJOR_PENALTY_AMOUNT: 4,500 yuan is major and needs a collective discussion, 3,000 is not', async () => {
    clock.set(new Date().toISOString());
    const decided = async (amount: number) => {
      const { id } = await register(new Date(Date.now() - 60_000).toISOString());
      const step = await post(
        `/v1/operations/${id}/steps`,
        { kind: 'notice-of-rights', at: new Date(Date.now() - 30_000).toISOString(), by: '李四' },
        'YCJ',
      );
      expect(step.status).toBe(201);
      const decision = await post(
        `/v1/operations/${id}/decision`,
        {
          at: new Date(Date.now() - 10_000).toISOString(),
          outcome: 'penalty',
          penalty: { amount, band: 'general' },
          legalBasisCited: BASIS,
          reasoning: '当事人无准运证运输卷烟',
        },
        'YCJ',
      );
      expect(decision.status).toBe(201);
      return (await alertsOf(id, decision.body.position as number)).map((a) => a.cause);
    };
    expect(await decided(4500)).toEqual(['major-penalty-without-collective-discussion']);
    expect(await decided(3000)).toEqual([]);
  });

  it('YELLOW_CARD_FRACTION: with 5 committed days the yellow card comes with 3 working days left', async () => {
    // Accepted Monday 2025-03-03: committed deadline the end of Monday 03-10. On Tuesday 4 working days remain after
    // the day, on Wednesday 3 (Thursday, Friday, Monday); the default fraction would wait until Friday.
    clock.set('2025-03-04T18:00:00+08:00');
    const { id, position } = await register('2025-03-03T09:00:00+08:00');
    // A penalty matter: its committed-deadline cards are ground 10 (ground 7 is for licensing matters).
    expect((await alertsOf(id, position)).filter((a) => a.ground === 10)).toEqual([]);

    clock.set('2025-03-05T09:00:00+08:00');
    const deadline = Date.now() + 5000;
    let yellow: Alert | undefined;
    while (yellow === undefined && Date.now() < deadline) {
      yellow = (await alertsOf(id)).find((a) => a.cause === 'committed-deadline-near');
      if (yellow === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(yellow).toMatchObject({
      ground: 10,
      level: 'yellow',
      raisedAt: new Date('2025-03-05T09:00:00+08:00').toISOString(),
    });
  });
});
