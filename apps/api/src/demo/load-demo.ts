import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ApiKeyService, Principal, PrincipalRole } from '@app/access';
import { departmentStreamId, officialCalendar, WorkingCalendar } from '@app/domain';
import { SettableClock } from '@app/platform';
import { ProjectionRunner } from '@app/projector';
import { ALERT_DETECTORS_REACTOR, PENDING_DEADLINES_REACTOR } from '@app/supervision';
import { DEMO_APPROVAL, DEMO_DEPARTMENTS, DEMO_POWERS } from './demo-catalogue';
import { demoYear, DemoRequest, documentDigest, shanghaiDay, shanghaiTime, startOfShanghaiDay } from './demo-year';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEMO_ACTOR: Principal = { id: 'demo', role: 'admin' };

/** The time every record is stamped with: the demo moves it through the year (see demo.main.ts). */
export interface DemoTime {
  set(instant: number): void;
}

export interface DemoKeys {
  [who: string]: string;
}

export interface DemoSummary {
  loaded: boolean;
  from: string;
  to: string;
  requests: number;
  operations: number;
  complaints: number;
  keys: DemoKeys;
}

export interface DemoWindow {
  /** The first day of the demo year (a Shanghai midnight). */
  start: number;
  /** The day after its last. */
  end: number;
  /** When the departments and catalogues are set up: a month before the year begins. */
  setUpAt: number;
}

/**
 * The year the demo fills: 365 days ending five weeks before `now`, so that its matters have run their course
 * (or not) by today, and the deadlines of the last ones fall on calendar years already published. When today is
 * past the last year the calendar knows (a copy run years after its release), the year ends five weeks before that
 * year's end instead: a demo of matters whose deadlines cannot be counted would show no deadline kept or missed.
 */
export function demoWindow(now: number, calendar: WorkingCalendar = officialCalendar()): DemoWindow {
  const lastKnownYear = Math.max(...calendar.knownYears());
  const afterCalendar = Date.parse(`${lastKnownYear + 1}-01-01T00:00:00+08:00`);
  const end = Math.min(startOfShanghaiDay(now), afterCalendar) - 35 * DAY;
  return { start: end - 365 * DAY, end, setUpAt: end - 395 * DAY };
}

/** The projections that append events (alerts, computed deadlines): the demo's clock waits for them. */
const REACTORS = [ALERT_DETECTORS_REACTOR, PENDING_DEADLINES_REACTOR];

interface Task {
  at: number;
  run: () => Promise<void>;
}

type Body = Record<string, unknown>;

/**
 * Loads the demo through the public API of `app` (in-process requests, no port): the departments and their
 * catalogues, then the year of demoYear with, every month, the supervision office's review of the open alerts,
 * two inspections with their findings and rectification orders, and an accountability case in each tier. Each
 * request is sent with the demo's clock standing at the time it would have been recorded, so records, deadlines
 * and alerts are what a year of real use would have left. Nothing is written when the demo's first department
 * exists already: the keys are issued anew and the summary says so.
 */
export async function loadDemo(
  app: NestFastifyApplication,
  { start, end }: DemoWindow,
  time: DemoTime,
  clock: SettableClock,
  progress: (done: number, total: number) => void,
): Promise<DemoSummary> {
  const keys: DemoKeys = {};
  const issuer = app.get(ApiKeyService);
  const issue = async (who: string, role: PrincipalRole, department?: string) => {
    const issued = await issuer.issue(
      { name: `demo ${who}`, role, department },
      { actor: DEMO_ACTOR, correlationId: 'demo' },
    );
    keys[who] = issued.key;
  };
  // Loaded before: its first department is on the log (the log, not a read model that may still be catching up).
  const dataSource = app.get(DataSource);
  const [registered] = await dataSource.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM events WHERE stream_id = $1',
    [departmentStreamId(DEMO_DEPARTMENTS[0].code)],
  );
  const alreadyLoaded = registered.n > 0;
  if (!alreadyLoaded) await refuseBesideRunningServer(dataSource);
  for (const role of ['admin', 'reviewer', 'supervisor', 'investigator'] as const) await issue(role, role);

  let lastPosition = 0;
  const fastify = app.getHttpAdapter().getInstance();
  const send = async (who: string, path: string, body: Body, method: 'POST' | 'GET' = 'POST'): Promise<Body> => {
    const response = await fastify.inject({
      method,
      url:
        method === 'GET' && lastPosition > 0
          ? `${path}${path.includes('?') ? '&' : '?'}minPosition=${lastPosition}`
          : path,
      headers: {
        authorization: `Bearer ${keys[who]}`,
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      ...(method === 'POST' ? { payload: JSON.stringify(body) } : {}),
    });
    if (response.statusCode >= 300) {
      throw new Error(`${method} ${path} as ${who} answered ${response.statusCode}: ${response.body}`);
    }
    const answer = response.json<Body>();
    if (typeof answer.position === 'number') lastPosition = Math.max(lastPosition, answer.position);
    return answer;
  };

  const summary = { from: shanghaiDay(start), to: shanghaiDay(end - DAY), keys };
  if (alreadyLoaded) {
    for (const d of DEMO_DEPARTMENTS) await issue(d.code, 'department', d.code);
    return { loaded: false, requests: 0, operations: 0, complaints: 0, ...summary };
  }

  const runner = app.get(ProjectionRunner);
  let projectionsKeepUp = true;
  const at = async (instant: number) => {
    // Before the clock moves on, every reactor has applied what was written so far, as it would have
    // within milliseconds in real use: an alert the detectors raise for a request is then recorded at that request's
    // time, never after a later request's (on a busy machine a detector's append could straddle a jump of hours).
    // A reactor that cannot keep up (five seconds) is not waited for again.
    if (lastPosition > 0 && projectionsKeepUp) projectionsKeepUp = await runner.waitFor(lastPosition, 5_000, REACTORS);
    // Forwards only (the process's time has run on while the last request was handled), in whole milliseconds, as a
    // clock goes (UUIDv7 event ids take the time in ms).
    const next = Math.max(Date.now(), Math.round(instant));
    time.set(next);
    clock.set(new Date(next));
  };
  await at(start - 30 * DAY);
  for (const d of DEMO_DEPARTMENTS) {
    await send('admin', '/v1/admin/departments', {
      code: d.code,
      name: d.name,
      ...(d.parent ? { parent: d.parent } : {}),
    });
    await issue(d.code, 'department', d.code);
  }
  for (const power of DEMO_POWERS) {
    await send('reviewer', '/v1/powers', {
      ...power,
      ...(power.category === 'penalty'
        ? {
            discretion: [
              { level: 'mitigated', conditions: '初次违法且及时改正', min: 200, max: 1000 },
              { level: 'general', conditions: '一般违法情节', min: 1000, max: 5000 },
              { level: 'severe', conditions: '多次违法或拒不改正', min: 5000, max: 10000 },
            ],
          }
        : { licensingConditions: ['申请材料齐全、符合法定形式'] }),
      approval: DEMO_APPROVAL,
      effectiveFrom: '2010-10-11',
    });
    await send('reviewer', `/v1/powers/${power.code}/publications`, {
      channel: '政务网站',
      publishedOn: shanghaiDay(start - 30 * DAY),
    });
  }

  const year = demoYear(start, end);
  const tasks: Task[] = year.requests.map((request: DemoRequest) => ({
    at: request.at,
    run: async () => {
      await send(request.who, request.path, request.body);
    },
  }));
  const schedule = (task: Task) => {
    let index = tasks.findIndex((t) => t.at > task.at);
    if (index < 0) index = tasks.length;
    tasks.splice(index, 0, task);
  };
  const office = officeWork(send, schedule);
  for (let month = 0; month < 12; month += 1) {
    const reviewDay = start + month * 30 * DAY + 28 * DAY + 15 * HOUR;
    schedule({ at: reviewDay, run: () => office.reviewAlerts(month) });
  }
  schedule({
    at: start + 95 * DAY + 10 * HOUR,
    run: () => office.inspect(1, start + 95 * DAY + 10 * HOUR, 'YC', true),
  });
  schedule({
    at: start + 250 * DAY + 10 * HOUR,
    run: () => office.inspect(2, start + 250 * DAY + 10 * HOUR, 'CG', false),
  });
  const tiers = [
    { tier: 'minor', measures: ['admonition'], close: true },
    { tier: 'serious', measures: ['circulated-criticism', 'performance-deduction'], close: true },
    { tier: 'severe', measures: ['discipline'], close: true },
    { tier: 'serious', measures: ['written-self-criticism'], close: false },
  ] as const;
  // Each a few weeks after a monthly review (day 28 + 30 n), so that red cards raised since are still open.
  [80, 170, 260, 320].forEach((offset, n) => {
    const opened = start + offset * DAY + 9 * HOUR;
    schedule({ at: opened, run: () => office.openCase(n + 1, opened, tiers[n]) });
  });

  let done = 0;
  const total = tasks.length;
  while (tasks.length > 0) {
    const task = tasks.shift()!;
    await at(task.at);
    await task.run();
    done += 1;
    if (done % 50 === 0 || tasks.length === 0) progress(done, done + tasks.length);
  }
  await at(end);
  await send('supervisor', '/v1/evaluations', { period: previousQuarter(end) });
  return {
    loaded: true,
    requests: total,
    operations: year.operations,
    complaints: year.complaints,
    ...summary,
  };
}

/** The demo cannot load here now; its message says why and what to do. */
export class DemoRefusedError extends Error {}

/**
 * The demo's year is judged by its own clock; a server running on the same database would judge it by today's (its
 * detectors would raise, at today's time, every card of the year at once). So the year is loaded only when no API,
 * worker or projector process is connected (they name themselves power-supervision…; the CLI does not count).
 */
async function refuseBesideRunningServer(dataSource: DataSource): Promise<void> {
  const [running] = await dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND (application_name = 'power-supervision'
             OR (application_name LIKE 'power-supervision %' AND application_name <> 'power-supervision cli'))`,
  );
  if (running.n > 0) {
    throw new DemoRefusedError(
      'A power-supervision server is connected to this database: stop it (Ctrl-C on npm start), run npm run demo, ' +
        'then start it again. The demo replays a year on its own clock, which a running server would not share.',
    );
  }
}

/**
 * Back to the present once the year is loaded: the real time again, the detectors' clock with it (so that what is
 * overdue by now is raised now, as a running server would), then until every projection and reactor has applied the
 * whole log (GET /health), at most a minute. Answers the projections still behind, if any.
 */
export async function returnToPresent(
  app: NestFastifyApplication,
  time: { uninstall(): void },
  clock: SettableClock,
): Promise<{ name: string; lag: number }[]> {
  time.uninstall();
  clock.set(new Date());
  const fastify = app.getHttpAdapter().getInstance();
  const deadline = Date.now() + 60_000;
  let lagging: { name: string; lag: number }[] = [];
  // The watcher wakes on the jump; give its look a moment to append before the lag is read.
  await new Promise((resolve) => setTimeout(resolve, 500));
  while (Date.now() < deadline) {
    const health = (
      await fastify.inject({ method: 'GET', url: '/health', headers: { 'cache-control': 'no-cache' } })
    ).json<{
      projections: { name: string; lag: number }[];
    }>();
    lagging = health.projections.filter((p) => p.lag > 0);
    if (lagging.length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return lagging;
}

/** The last quarter that ended before `end`, as the evaluations take it (YYYY-Qn). */
function previousQuarter(end: number): string {
  const day = shanghaiDay(end);
  const year = Number(day.slice(0, 4));
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  return quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`;
}

interface AlertItem {
  id: string;
  ground: number;
  level: string;
  department: string;
  subject: { kind: string; id: string };
  status: string;
}

/** What the supervision office and the investigators do during the year, from what the records show then. */
function officeWork(
  send: (who: string, path: string, body: Body, method?: 'POST' | 'GET') => Promise<Body>,
  schedule: (task: Task) => void,
) {
  const inCase = new Set<string>();
  const openAlerts = async (filter = ''): Promise<AlertItem[]> =>
    ((await send('supervisor', `/v1/alerts?status=open&limit=200${filter}`, {}, 'GET')) as { items: AlertItem[] })
      .items;

  return {
    /** Month end: departments explain most open alerts; the office accepts most explanations and sends back the rest. */
    async reviewAlerts(month: number): Promise<void> {
      const alerts = (await openAlerts()).filter((a) => !inCase.has(a.id));
      for (const [i, alert] of alerts.entries()) {
        if ((i + month) % 10 >= 7) continue;
        const path = `/v1/alerts/${encodeURIComponent(alert.id)}`;
        await send(alert.department, `${path}/answers`, {
          explanation:
            alert.ground === 7
              ? '申请人补正材料耗时较长，承办人未及时办理暂停手续，已责令改正'
              : '已核实情况并整改，相关材料已归档',
        });
        if ((i + month) % 7 === 3) {
          await send('supervisor', `${path}/answer-rejection`, { reason: '解释理由不充分，请补充证明材料' });
        } else {
          await send('supervisor', `${path}/answer-acceptance`, {});
        }
      }
    },

    /** An inspection of a department's operations: plan, sample, a follow-up visit, report, a finding, an order. */
    async inspect(n: number, now: number, department: string, rectified: boolean): Promise<void> {
      const year = shanghaiDay(now).slice(0, 4);
      const id = `JC-${year}-0${n}`;
      await send('supervisor', '/v1/inspections', {
        id,
        title: `${year}年${department === 'YC' ? '烟草专卖许可' : '城市管理执法'}办理情况专项查访`,
        kind: 'random',
        manner: 'open',
        scope: { departments: [department], from: shanghaiDay(now - 120 * DAY), to: shanghaiDay(now - DAY) },
      });
      await send('supervisor', `/v1/inspections/${id}/sample`, { size: 5 });
      const inspection = (await send('supervisor', `/v1/inspections/${id}`, {}, 'GET')) as {
        sample: { operationIds: string[] };
      };
      const [first] = inspection.sample.operationIds;
      await send('supervisor', `/v1/inspections/${id}/activities`, {
        kind: 'follow-up-visit',
        at: shanghaiTime(now - HOUR),
        who: '申请人',
        form: 'phone',
        operationId: first,
        opinions: '办理较慢，多次催问',
      });
      await send('supervisor', `/v1/inspections/${id}/report`, { summary: '抽查5件，1件办理拖延' });
      const findingId = `F-${year}-0${n}`;
      await send('supervisor', '/v1/findings', {
        id: findingId,
        kind: 'slow-action',
        department,
        source: { kind: 'inspection', id },
        operations: [first],
        facts: '受理后未及时办理，拖延办结',
        ground: 1,
        foundOn: shanghaiDay(now),
      });
      const orderId = `ZG-${year}-0${n}`;
      await send('supervisor', '/v1/rectifications', {
        id: orderId,
        department,
        source: { kind: 'finding', id: findingId },
        requirements: '十个工作日内完成整改并报送整改报告',
        withinWorkingDays: 10,
      });
      if (!rectified) return;
      const reported = now + 7 * DAY;
      schedule({
        at: reported,
        run: async () => {
          await send(department, `/v1/rectifications/${orderId}/reports`, {
            actions: '已对承办人员批评教育，完善限时办结提醒',
            documents: [{ name: '整改报告.pdf', sha256: documentDigest(orderId, '整改报告') }],
            reportedAt: shanghaiTime(reported - HOUR),
          });
        },
      });
      schedule({
        at: reported + 2 * DAY,
        run: async () => {
          await send('supervisor', `/v1/rectifications/${orderId}/acceptance`, {});
        },
      });
    },

    /** An accountability case opened from an open red card for a late completion, taken to a decision in `tier`. */
    async openCase(
      n: number,
      now: number,
      terms: { tier: string; measures: readonly string[]; close: boolean },
    ): Promise<void> {
      const alert = (await openAlerts('&ground=7&level=red')).find((a) => !inCase.has(a.id));
      if (alert === undefined) return;
      inCase.add(alert.id);
      const operation = (await send('investigator', `/v1/operations/${alert.subject.id}`, {}, 'GET')) as {
        handlers: { name: string; post: string }[];
      };
      const year = shanghaiDay(now).slice(0, 4);
      const id = `AC-${year}-000${n}`;
      const path = `/v1/cases/${id}`;
      await send('investigator', '/v1/cases', {
        id,
        origins: [{ kind: 'alert', id: alert.id }],
        grounds: [7],
        departments: [alert.department],
        summary: '行政权力运行超过承诺时限办结',
        openedAt: shanghaiTime(now - HOUR),
      });
      await send('investigator', `${path}/evidence`, {
        description: '办件记录及电子监察红牌',
        documents: [{ name: '办件材料.pdf', sha256: documentDigest(id, '办件材料') }],
      });
      await send('investigator', `${path}/persons`, {
        name: operation.handlers[0].name,
        post: operation.handlers[0].post,
        department: alert.department,
        responsibility: 'direct',
      });
      const concluded = now + 5 * DAY;
      const decide = (decided: number) => async () => {
        await send('investigator', `${path}/persons/P1/decision`, {
          outcome: 'responsible',
          tier: terms.tier,
          measures: terms.measures,
          reasoning:
            terms.tier === 'minor' ? '情节较轻' : terms.tier === 'serious' ? '情节较重' : '情节严重，造成不良影响',
          decidedAt: shanghaiTime(decided - HOUR),
        });
      };
      const close = (closed: number) => async () => {
        await send('investigator', `${path}/closure`, {
          summary: '已作出处理决定',
          closedAt: shanghaiTime(closed - HOUR),
        });
        await send('investigator', `${path}/publication`, {
          channel: '局门户网站',
          publishedOn: shanghaiDay(closed),
        });
      };
      schedule({
        at: concluded,
        run: async () => {
          await send('investigator', `${path}/investigation-conclusion`, {
            facts: '承办人未在承诺时限内办结，亦未依法办理暂停手续，无正当理由',
            concludedAt: shanghaiTime(concluded - HOUR),
          });
          const notice = (await send('investigator', `${path}/persons/P1/rights-notice`, {
            servedAt: shanghaiTime(concluded),
          })) as { answerBy?: string | null };
          if (!terms.close) return;
          // No decision while the person may still answer: not before the day after answerBy, which holidays may
          // put well beyond the usual twelve days (the rights period counts working days).
          const periodOver =
            typeof notice.answerBy === 'string'
              ? Date.parse(`${notice.answerBy}T10:00:00+08:00`) + DAY
              : concluded + 20 * DAY;
          const decided = Math.max(concluded + 12 * DAY, periodOver);
          schedule({ at: decided, run: decide(decided) });
          schedule({ at: decided + 25 * DAY, run: close(decided + 25 * DAY) });
        },
      });
    },
  };
}
