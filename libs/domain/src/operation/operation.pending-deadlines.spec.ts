import { deciderSpec } from '@app/testing/decider-spec';
import { officialCalendar } from '../calendar/official-calendar';
import { fold } from '../shared/decider';
import { Actor } from '../power/power.types';
import { CompleteOperation, ComputeOperationDeadlines, RecordStep, RegisterOperation } from './operation.commands';
import { computeOperationDeadlines, extendOperationDeadlines } from './operation.deadlines';
import { operationDecider } from './operation.decide';
import {
  OperationCompleted,
  OperationDeadlinesComputed,
  OperationEvent,
  OperationRegistered,
  OperationStepRecorded,
} from './operation.events';
import { OperationPowerInput, OperationStepKind } from './operation.types';

/**
 * Deadlines that reach a calendar year nobody has published are recorded pending, never refused; once the year is
 * published they are computed exactly once (OperationDeadlinesComputed), pauses ended meanwhile included.
 */

const given = deciderSpec(operationDecider);
/** The shipped calendar: 2010–2026. */
const shipped = officialCalendar();
/** 2027 as an admin publishes it (here: New Year's Day off, otherwise plain weeks). */
const with2027 = shipped.withYear({ year: 2027, holidays: ['2027-01-01'], workdays: [] });
const end = (date: string) => `${date}T23:59:59.999+08:00`;

const ID = 'OP-2026-1202';
const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
/** Wednesday 2026-12-02; 21 working days remain in 2026, so 20 committed fit and 60 legal reach 2027. */
const ACCEPTED_AT = '2026-12-02T09:00:00+08:00';
const RECORDED_AT = '2026-12-03T10:00:00+08:00';
const LIMIT = { legalDays: 60, committedDays: 20, unit: 'working' } as const;

const POWER: OperationPowerInput = {
  code: 'CG-CF-0060',
  exists: true,
  inForce: true,
  name: '对违法建设的处罚',
  ownerDepartment: 'CG',
  category: 'penalty',
  important: true,
  timeLimit: { legalDays: 60, committedDays: 20 },
  version: 1,
};

function register(overrides: Partial<RegisterOperation> = {}): RegisterOperation {
  return {
    type: 'RegisterOperation',
    actor: CG,
    recordedAt: RECORDED_AT,
    id: ID,
    powerCode: POWER.code,
    department: 'CG',
    caseNumber: '宁城罚〔2026〕88号',
    counterparty: { kind: 'person', name: '王五' },
    handlers: [{ name: '张三', post: '执法队员' }],
    acceptedAt: ACCEPTED_AT,
    power: POWER,
    calendar: shipped,
    calendarVersion: 0,
    plausibleFrom: '2000-01-01',
    ...overrides,
  };
}

const decided = (history: OperationEvent[], command: Parameters<typeof operationDecider.decide>[0]) =>
  operationDecider.decide(command, fold(operationDecider, history));

const pendingRegistration = (): OperationRegistered => decided([], register())[0] as OperationRegistered;

function step(kind: OperationStepKind, at: string, calendar = shipped): RecordStep {
  return {
    type: 'RecordStep',
    actor: CG,
    recordedAt: at,
    id: ID,
    kind,
    at,
    by: '张三',
    calendar,
    ...(kind === 'pause'
      ? { pauseKind: 'hearing' as const, documents: [{ name: '听证通知书.pdf', sha256: 'b'.repeat(64) }] }
      : {}),
  };
}

function compute(calendar = with2027, calendarVersion = 1): ComputeOperationDeadlines {
  return { type: 'ComputeOperationDeadlines', id: ID, calendar, calendarVersion, recordedAt: '2026-12-20T08:00:00Z' };
}

function completion(at: string): CompleteOperation {
  return { type: 'CompleteOperation', actor: CG, recordedAt: at, id: ID, at };
}

describe('registering when the deadlines reach an unpublished year', () => {
  it('records the operation with its deadlines pending for 2027 and the limits they will be computed with', () => {
    given([])
      .when(register())
      .thenMatches([
        {
          type: 'OperationRegistered',
          data: {
            id: ID,
            acceptedOn: '2026-12-02',
            power: { inForce: true },
            timeLimit: LIMIT,
            deadlines: null,
            deadlinesPending: { years: [2027] },
            calendarYears: [],
            calendarVersion: 0,
          },
        },
      ]);
  });

  it('computes the deadlines at once when the calendar knows every year they need', () => {
    const [event] = given([])
      .when(register({ calendar: with2027, calendarVersion: 1 }))
      .thenMatches([
        {
          type: 'OperationRegistered',
          data: { deadlines: { committed: end('2026-12-30') }, calendarYears: [2026, 2027] },
        },
      ]) as [OperationRegistered];
    expect(event.data.deadlinesPending).toBeUndefined();
  });

  it('marks pending an acceptance in a year the calendar never knew (2009), after the plausible floor', () => {
    given([])
      .when(register({ acceptedAt: '2009-12-31T09:00:00+08:00' }))
      .thenMatches([{ data: { deadlines: null, deadlinesPending: { years: [2009] } } }]);
  });

  it('needs no calendar for calendar-day limits', () => {
    const power = { ...POWER, timeLimit: { legalDays: 60, committedDays: 20, unit: 'calendar' as const } };
    given([])
      .when(register({ power }))
      .thenMatches([
        { data: { deadlines: { committed: end('2026-12-22'), legal: end('2027-01-31') }, calendarYears: [] } },
      ]);
  });

  it('refuses an acceptance before the plausible floor as IMPLAUSIBLE_DATE (400), and accepts the floor itself', () => {
    const error = given([])
      .when(register({ acceptedAt: '1999-12-31T23:00:00+08:00' }))
      .thenThrows('IMPLAUSIBLE_DATE');
    expect(error.category).toBe('validation');
    expect(error.fieldErrors).toEqual({ acceptedAt: ['must not be before 2000-01-01 (an implausible date)'] });
    // 2000-01-01 in Asia/Shanghai, although 1999-12-31 in UTC.
    given([])
      .when(register({ acceptedAt: '1999-12-31T16:00:00Z' }))
      .thenMatches([{ data: { acceptedOn: '2000-01-01', deadlinesPending: { years: [2000] } } }]);
  });
});

describe('computing pending deadlines', () => {
  it('records them on the published calendar with its version, as the registration would have', () => {
    const expected = computeOperationDeadlines(ACCEPTED_AT, LIMIT, with2027);
    const [event] = given([pendingRegistration()])
      .when(compute())
      .then([
        {
          type: 'OperationDeadlinesComputed',
          data: {
            id: ID,
            registered: expected.deadlines,
            extensions: [],
            deadlines: expected.deadlines,
            calendarYears: [2026, 2027],
            calendarVersion: 1,
            recordedAt: '2026-12-20T08:00:00Z',
          },
        },
      ]) as [OperationDeadlinesComputed];
    // 21 working days left in 2026; in 2027 (01-01 off) the 39th working day is Thursday 02-25.
    expect(event.data.deadlines).toEqual({ committed: end('2026-12-30'), legal: end('2027-02-25') });
    const state = fold(operationDecider, [pendingRegistration(), event]);
    expect(state).toMatchObject({ status: 'open', deadlines: expected.deadlines, version: 2 });
    expect(state.status !== 'absent' && state.deadlinesPending).toBeUndefined();
  });

  it('refuses a second computation: DEADLINES_NOT_PENDING', () => {
    const computed = decided([pendingRegistration()], compute())[0];
    given([pendingRegistration(), computed]).when(compute(with2027, 2)).thenThrows('DEADLINES_NOT_PENDING');
  });

  it('refuses to compute deadlines that were never pending', () => {
    const registered = decided([], register({ calendar: with2027, calendarVersion: 1 }))[0];
    given([registered]).when(compute()).thenThrows('DEADLINES_NOT_PENDING');
    given([]).when(compute()).thenThrows('OPERATION_NOT_FOUND');
  });

  it('throws CALENDAR_YEAR_UNKNOWN while a year they need is still unknown, and records nothing', () => {
    const error = given([pendingRegistration()]).when(compute(shipped, 0)).thenThrows('CALENDAR_YEAR_UNKNOWN');
    expect(error.details).toEqual({ year: 2027 });
  });
});

describe('follow-ups while the deadlines are pending', () => {
  const pauseAt = '2026-12-07T09:00:00+08:00';
  const resumeAt = '2026-12-10T09:00:00+08:00';

  it('records a resumption pending, and counts its pause into the deadlines once computed', () => {
    const registered = pendingRegistration();
    const paused = decided([registered], step('pause', pauseAt))[0];
    const [resumed] = given([registered, paused])
      .when(step('resume', resumeAt))
      .thenMatches([{ type: 'OperationStepRecorded', data: { kind: 'resume', deadlinesPending: { years: [2027] } } }]);
    const history = [registered, paused, resumed];
    const base = computeOperationDeadlines(ACCEPTED_AT, LIMIT, with2027).deadlines;
    const moved = extendOperationDeadlines(base, 'working', pauseAt, resumeAt, with2027);
    expect(moved.pausedDays).toBe(3);
    given(history)
      .when(compute())
      .thenMatches([
        {
          type: 'OperationDeadlinesComputed',
          data: {
            registered: base,
            extensions: [
              {
                unit: 'working',
                pausedDays: 3,
                pausedAt: pauseAt,
                resumedAt: resumeAt,
                pauseEvidence: { pauseVersion: 2, resumeVersion: 3, procedure: '听证' },
                previous: base,
                deadlines: moved.deadlines,
              },
            ],
            deadlines: moved.deadlines,
          },
        },
      ]);
  });

  it('makes known deadlines pending when a resumption cannot be counted, and moves them from there later', () => {
    // 5 committed and 20 legal days from 2026-12-02: both in 2026. Paused on 12-07, resumed on 2027-01-05.
    const power = { ...POWER, timeLimit: { legalDays: 20, committedDays: 5 } };
    const registered = decided([], register({ power }))[0] as OperationRegistered;
    const known = registered.data.deadlines!;
    expect(known).toEqual({ committed: end('2026-12-09'), legal: end('2026-12-30') });
    const paused = decided([registered], step('pause', pauseAt))[0];
    const resumedAt = '2027-01-05T09:00:00+08:00';
    const [resumed] = given([registered, paused])
      .when(step('resume', resumedAt))
      .thenMatches([{ type: 'OperationStepRecorded', data: { deadlinesPending: { years: [2027] } } }]) as [
      OperationStepRecorded,
    ];
    const state = fold(operationDecider, [registered, paused, resumed]);
    expect(state).toMatchObject({ status: 'open', deadlines: null, deadlinesPending: { years: [2027], from: known } });
    const moved = extendOperationDeadlines(known, 'working', pauseAt, resumedAt, with2027);
    const [computed] = given([registered, paused, resumed])
      .when(compute())
      .thenMatches([
        { data: { extensions: [{ previous: known, deadlines: moved.deadlines }], deadlines: moved.deadlines } },
      ]);
    expect((computed as OperationDeadlinesComputed).data.registered).toBeUndefined();
  });

  it('completes with overdue pending, and judges it when the deadlines are computed', () => {
    const registered = pendingRegistration();
    const completedAt = '2026-12-04T09:00:00+08:00';
    const [completed] = given([registered])
      .when(completion(completedAt))
      .then([
        {
          type: 'OperationCompleted',
          data: {
            id: ID,
            at: completedAt,
            deadlines: null,
            overdue: null,
            deadlinesPending: { years: [2027] },
            recordedAt: completedAt,
          },
        },
      ]) as [OperationCompleted];
    given([registered, completed])
      .when(compute())
      .thenMatches([{ data: { overdue: { committed: false, legal: false } } }]);
  });
});
