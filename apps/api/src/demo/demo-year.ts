import { createHash } from 'node:crypto';
import { counterpartyName, DEMO_DEPARTMENTS, DEMO_POWERS, DemoPower, handlerName } from './demo-catalogue';

/**
 * A year of work of the demo's departments, as the requests their systems would have sent, each at the time it
 * would have been recorded. Deterministic: the same seed gives the same year, so a second run finds what the first
 * wrote. Proportions follow the seed's reports: most matters completed well within the committed limit, about one
 * in ten late, a few registered late, some paused for a hearing; complaints nearly all replied and closed.
 */

export interface DemoRequest {
  /** When it is recorded (ms since the epoch): the demo's clock stands there when it is sent. */
  at: number;
  /** Whose key sends it: a role, or a department code for that department's key. */
  who: string;
  path: string;
  body: Record<string, unknown>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI = 8 * HOUR;

/** A pseudo-random stream (a linear congruential generator): reproducible, which Math.random is not. */
export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

/** `instant` as the API's claimed times are written: ISO 8601 with the +08:00 offset. */
export function shanghaiTime(instant: number): string {
  return `${new Date(instant + SHANGHAI).toISOString().slice(0, 19)}+08:00`;
}

export function shanghaiDay(instant: number): string {
  return new Date(instant + SHANGHAI).toISOString().slice(0, 10);
}

/** Midnight (Asia/Shanghai) of the day `instant` falls on. */
export function startOfShanghaiDay(instant: number): number {
  return Math.floor((instant + SHANGHAI) / DAY) * DAY - SHANGHAI;
}

/** The same moment of the working day: a day's 24 hours mapped onto 09:00–17:00 (order within the day kept). */
const officeHours = (instant: number): number => {
  const midnight = startOfShanghaiDay(instant);
  return midnight + 9 * HOUR + ((instant - midnight) / DAY) * 8 * HOUR;
};

const isWeekday = (midnight: number): boolean => {
  const day = new Date(midnight + SHANGHAI).getUTCDay();
  return day !== 0 && day !== 6;
};

export interface DemoYear {
  requests: DemoRequest[];
  operations: number;
  complaints: number;
}

/**
 * The year from `start` (a Shanghai midnight) to `end`: operations accepted on weekdays, each registered, worked
 * through its steps and completed (or still open at the end), and complaints received by the supervision office,
 * assigned, replied and closed.
 */
export function demoYear(start: number, end: number, random = seededRandom(20101011)): DemoYear {
  const requests: DemoRequest[] = [];
  let operations = 0;
  let complaints = 0;
  const powersOf = new Map(DEMO_DEPARTMENTS.map((d) => [d.code, DEMO_POWERS.filter((p) => p.department === d.code)]));
  for (let day = start; day < end; day += DAY) {
    if (!isWeekday(day)) continue;
    for (const department of DEMO_DEPARTMENTS) {
      const count = Math.floor(department.workload * 1.2 * random() + department.workload * 0.4 + random() * 0.5);
      for (let i = 0; i < count; i += 1) {
        operations += 1;
        const powers = powersOf.get(department.code)!;
        const power = powers[Math.floor(random() * powers.length)];
        requests.push(
          ...operation(`${department.code}-${shanghaiDay(day).replaceAll('-', '')}-${i + 1}`, power, day, end, random),
        );
      }
    }
    if (random() < 0.16) {
      complaints += 1;
      requests.push(...complaint(`TS-${shanghaiDay(day).replaceAll('-', '')}`, day, end, random));
    }
  }
  return { requests: requests.sort((a, b) => a.at - b.at), operations, complaints };
}

/** One operation: registration, steps, perhaps a pause, the decision and the completion, as far as `end` allows. */
function operation(id: string, power: DemoPower, day: number, end: number, random: () => number): DemoRequest[] {
  const who = power.department;
  const accepted = day + 9 * HOUR + Math.floor(random() * 7 * HOUR);
  const lateRegistration = random() < 0.04;
  const registered =
    accepted + (lateRegistration ? (8 + Math.floor(random() * 5)) * DAY : HOUR / 2 + random() * 2 * HOUR);
  const kind = random() < 0.6 ? 'organization' : 'person';
  const handler = handlerName(random);
  const penalty = power.category === 'penalty';
  // Registered after the year's end: not on record yet, nor anything done about it.
  if (registered + HOUR >= end) return [];
  const requests: DemoRequest[] = [
    {
      at: registered,
      who,
      path: '/v1/operations',
      body: {
        id,
        powerCode: power.code,
        caseNumber: `${power.code.split('-')[0]}${penalty ? '罚' : '许'}〔${shanghaiDay(day).slice(0, 4)}〕${id.split('-').pop()}${shanghaiDay(day).slice(5).replace('-', '')}号`,
        counterparty: { kind, name: counterpartyName(random, kind) },
        handlers: [
          { name: handler, post: penalty ? '执法队员' : '窗口受理人员' },
          { name: handlerName(random), post: '科长' },
        ],
        acceptedAt: shanghaiTime(accepted),
      },
    },
  ];
  // How long it takes, in calendar days: most well within the committed limit, one in ten past it.
  const roll = random();
  const committedCalendarDays = penalty ? 60 : 14;
  const days =
    roll < 0.02
      ? committedCalendarDays * 2 + 3 + random() * 10
      : roll < 0.1
        ? committedCalendarDays + 3 + random() * (penalty ? 20 : 8)
        : 2 + random() * (committedCalendarDays - 4);
  const done = Math.max(registered + HOUR, officeHours(accepted + days * DAY));
  let at = Math.max(accepted, registered) + HOUR;
  // The claimed time of the last step: steps happen in office hours, one after another.
  let last = at;
  const step = (kind: string, planned: number, extra: Record<string, unknown> = {}) => {
    const claimed = Math.max(last + HOUR / 2, officeHours(planned));
    last = claimed;
    if (claimed + 2 * HOUR >= end) return;
    requests.push({
      at: claimed + HOUR + random() * HOUR,
      who,
      path: `/v1/operations/${id}/steps`,
      body: { kind, at: shanghaiTime(claimed), by: handler, ...extra },
    });
  };
  const span = done - at;
  if (penalty) {
    step('investigation', (at += span * 0.2));
    step('notice-of-rights', (at += span * 0.2));
    if (random() < 0.12) {
      const paused = (at += span * 0.05);
      step('pause', paused, {
        pauseKind: 'hearing',
        note: '当事人申请听证',
        documents: [{ name: '听证通知书.pdf', sha256: documentDigest(id, '听证通知书') }],
      });
      step('resume', (at += 5 * DAY + random() * 8 * DAY), { note: '听证结束' });
    }
    step('legal-review', (at += span * 0.15));
  } else {
    step('investigation', (at += span * 0.4), { note: '现场核查' });
  }
  // A hearing can push the decision and the completion past the planned day, never before the last step.
  const completed = Math.max(done, officeHours(Math.max(at, last) + DAY));
  const decided = Math.max(last + HOUR / 2, completed - HOUR / 2);
  if (decided + 2 * HOUR < end) {
    const amount = 500 * (2 + Math.floor(random() * 8));
    requests.push({
      at: decided + HOUR,
      who,
      path: `/v1/operations/${id}/decision`,
      body: penalty
        ? {
            at: shanghaiTime(decided),
            outcome: 'penalty',
            penalty: { amount, band: 'general' },
            legalBasisCited: power.legalBasis,
            reasoning: '当事人违法事实清楚，证据确凿，依法予以处罚',
          }
        : {
            at: shanghaiTime(decided),
            outcome: random() < 0.93 ? 'approved' : 'denied',
            legalBasisCited: power.legalBasis,
            reasoning: '经审查，申请材料齐全，符合法定条件',
          },
    });
  }
  if (completed + 2 * HOUR < end) {
    requests.push({
      at: completed + HOUR + random() * HOUR,
      who,
      path: `/v1/operations/${id}/completion`,
      body: { at: shanghaiTime(completed) },
    });
  }
  return requests;
}

const CHANNELS = ['hotline-12345', 'hotline-12345', 'phone', 'web', 'letter', 'visit'];
const COMPLAINT_SUBJECTS: Record<string, string[]> = {
  YC: ['申请烟草零售许可证，材料齐全但迟迟未办', '执法人员检查时态度生硬'],
  'YC-LH': ['零售许可证延续办理时间过长'],
  CG: ['户外广告审批超过承诺时限', '占道经营处罚自由裁量不一致'],
  'CG-ZS': ['执法队员暂扣物品未出具清单', '渣土车遗撒举报后无人处理'],
  NH: ['占道经营整治后反弹，投诉未见答复'],
};

/** A complaint to the supervision office: received, assigned to the department, replied, closed. */
function complaint(id: string, day: number, end: number, random: () => number): DemoRequest[] {
  const department = DEMO_DEPARTMENTS[Math.floor(random() * DEMO_DEPARTMENTS.length)].code;
  const subjects = COMPLAINT_SUBJECTS[department];
  const received = day + 10 * HOUR + random() * 5 * HOUR;
  const named = random() < 0.5;
  const requests: DemoRequest[] = [
    {
      at: received + HOUR,
      who: 'supervisor',
      path: '/v1/complaints',
      body: {
        id,
        channel: CHANNELS[Math.floor(random() * CHANNELS.length)],
        receivedAt: shanghaiTime(received),
        about: { department },
        complainant: named
          ? { disclosure: 'named', name: counterpartyName(random, 'person'), contact: '139****0000' }
          : { disclosure: 'anonymous' },
        summary: subjects[Math.floor(random() * subjects.length)],
      },
    },
    { at: received + 2 * HOUR, who: 'supervisor', path: `/v1/complaints/${id}/assignment`, body: {} },
  ];
  // Replied within the 15 working days but for about one in twelve, which run past them (a yellow card).
  const replied = officeHours(received + (random() < 0.08 ? 24 + random() * 10 : 2 + random() * 12) * DAY);
  if (replied + 2 * HOUR >= end) return requests;
  requests.push({
    at: replied + HOUR,
    who: department,
    path: `/v1/complaints/${id}/replies`,
    body: { reply: '经核查，已督促承办人员整改并向投诉人反馈', repliedAt: shanghaiTime(replied) },
  });
  const closed = replied + 3 * DAY;
  if (closed >= end) return requests;
  const result = random();
  requests.push({
    at: closed,
    who: 'supervisor',
    path: `/v1/complaints/${id}/closure`,
    body: {
      result: result < 0.35 ? 'substantiated' : result < 0.55 ? 'partly-substantiated' : 'not-substantiated',
      satisfaction: random() < 0.85 ? 'satisfied' : random() < 0.7 ? 'basically-satisfied' : 'dissatisfied',
    },
  });
  return requests;
}

/** The SHA-256 of a document the demo names: the text that stands for it (the demo holds no scanned files). */
export function documentDigest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}
