import { deciderSpec } from '@app/testing/decider-spec';
import { officialCalendar } from '../calendar/official-calendar';
import { fold } from '../shared/decider';
import { Actor } from '../power/power.types';
import { CompleteOperation, RecordDecision, RecordStep, RegisterOperation } from './operation.commands';
import { operationDecider } from './operation.decide';
import {
  OperationCompleted,
  OperationDeadlinesExtended,
  OperationDecisionRecorded,
  OperationEvent,
  OperationRegistered,
  OperationRegisteredData,
  OperationStepRecorded,
  operationStreamId,
} from './operation.events';
import { OPERATION_ENUM_LABELS, OperationPowerInput, OperationStepKind } from './operation.types';

const given = deciderSpec(operationDecider);
const calendar = officialCalendar();
const end = (date: string) => `${date}T23:59:59.999+08:00`;

const ID = 'OP-2025-0001';
const CODE = 'CG-CF-0001';
const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
const ZF: Actor = { id: 'u-zf', role: 'department', department: 'ZF' };
const REVIEWER: Actor = { id: 'u-fzb', role: 'reviewer' };
const SUPERVISOR: Actor = { id: 'u-jw', role: 'supervisor' };

/** Monday 2025-03-03: committed 5 working days → Monday 03-10, legal 20 → Monday 03-31 (no holiday in March). */
const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';
const REGISTERED_AT = '2025-03-03T10:00:00+08:00';
const DEADLINES = { committed: end('2025-03-10'), legal: end('2025-03-31') };
const BASIS = [{ title: '城市市容和环境卫生管理条例', article: '第三十六条' }];

const POWER: OperationPowerInput = {
  code: CODE,
  exists: true,
  inForce: true,
  name: '对未经批准擅自设置大型户外广告的处罚',
  ownerDepartment: 'CG',
  category: 'penalty',
  important: true,
  timeLimit: { legalDays: 20, committedDays: 5 },
  discretion: [{ level: 'general', conditions: '首次违法', min: 1000, max: 5000 }],
  version: 3,
};

function register(overrides: Partial<RegisterOperation> = {}): RegisterOperation {
  return {
    type: 'RegisterOperation',
    actor: CG,
    recordedAt: REGISTERED_AT,
    id: ID,
    powerCode: CODE,
    department: 'CG',
    caseNumber: '宁城罚〔2025〕12号',
    counterparty: { kind: 'organization', name: '某某广告有限公司', idNumber: '91341881MA2N000000' },
    handlers: [{ name: '张三', post: '执法队员' }],
    acceptedAt: ACCEPTED_AT,
    power: POWER,
    calendar,
    ...overrides,
  };
}

function registered(data: Partial<OperationRegisteredData> = {}): OperationRegistered {
  return {
    type: 'OperationRegistered',
    data: {
      id: ID,
      powerCode: CODE,
      department: 'CG',
      caseNumber: '宁城罚〔2025〕12号',
      counterparty: { kind: 'organization', name: '某某广告有限公司', idNumber: '91341881MA2N000000' },
      handlers: [{ name: '张三', post: '执法队员' }],
      acceptedAt: ACCEPTED_AT,
      acceptedOn: '2025-03-03',
      power: {
        code: CODE,
        inForce: true,
        name: '对未经批准擅自设置大型户外广告的处罚',
        ownerDepartment: 'CG',
        category: 'penalty',
        important: true,
        timeLimit: { legalDays: 20, committedDays: 5, unit: 'working' },
        discretion: [{ level: 'general', conditions: '首次违法', min: 1000, max: 5000 }],
        version: 3,
      },
      timeLimit: { legalDays: 20, committedDays: 5, unit: 'working' },
      deadlines: DEADLINES,
      calendarYears: [2025],
      recordedAt: REGISTERED_AT,
      ...data,
    },
  };
}

const HEARING_NOTICE = { name: '听证通知书.pdf', sha256: 'b'.repeat(64) };
/** What a pause names: its kind and the document that started the procedure. */
const PAUSE_FIELDS = { pauseKind: 'hearing' as const, documents: [HEARING_NOTICE] };

function step(kind: OperationStepKind, at: string, overrides: Partial<RecordStep> = {}): RecordStep {
  return {
    type: 'RecordStep',
    actor: CG,
    recordedAt: at,
    id: ID,
    kind,
    at,
    by: '张三',
    calendar,
    ...(kind === 'pause' ? PAUSE_FIELDS : {}),
    ...overrides,
  };
}

function stepRecorded(
  kind: OperationStepKind,
  at: string,
  data: Partial<OperationStepRecorded['data']> = {},
): OperationStepRecorded {
  return {
    type: 'OperationStepRecorded',
    data: { id: ID, kind, at, by: '张三', ...(kind === 'pause' ? PAUSE_FIELDS : {}), recordedAt: at, ...data },
  };
}

function decide(overrides: Partial<RecordDecision> = {}): RecordDecision {
  return {
    type: 'RecordDecision',
    actor: CG,
    recordedAt: '2025-03-07T16:00:00+08:00',
    id: ID,
    at: '2025-03-07T15:00:00+08:00',
    outcome: 'penalty',
    penalty: { amount: 3000, band: 'general' },
    legalBasisCited: BASIS,
    reasoning: '未经批准擅自设置大型户外广告，首次违法',
    ...overrides,
  };
}

function decided(data: Partial<OperationDecisionRecorded['data']> = {}): OperationDecisionRecorded {
  return {
    type: 'OperationDecisionRecorded',
    data: {
      id: ID,
      at: '2025-03-07T15:00:00+08:00',
      outcome: 'penalty',
      penalty: { amount: 3000, band: 'general' },
      legalBasisCited: BASIS,
      reasoning: '未经批准擅自设置大型户外广告，首次违法',
      recordedAt: '2025-03-07T16:00:00+08:00',
      ...data,
    },
  };
}

function complete(at: string, overrides: Partial<CompleteOperation> = {}): CompleteOperation {
  return { type: 'CompleteOperation', actor: CG, recordedAt: at, id: ID, at, ...overrides };
}

describe('registering an operation', () => {
  it('records the power as in force on the acceptance date and the deadlines it gives', () => {
    given([]).when(register()).then([registered()]);
  });

  it('computes the acceptance example: 2025-09-30 + 5 working days is the end of 2025-10-14', () => {
    given([])
      .when(register({ acceptedAt: '2025-09-30T10:00:00+08:00', recordedAt: '2025-09-30T11:00:00+08:00' }))
      .thenMatches([
        {
          data: {
            acceptedOn: '2025-09-30',
            deadlines: { committed: '2025-10-14T23:59:59.999+08:00', legal: '2025-11-04T23:59:59.999+08:00' },
          },
        },
      ]);
  });

  it('reads the acceptance date in Asia/Shanghai: 20:00 UTC on 09-30 was accepted on 10-01', () => {
    given([])
      .when(register({ acceptedAt: '2025-09-30T20:00:00Z', recordedAt: '2025-10-09T09:00:00+08:00' }))
      .thenMatches([{ data: { acceptedAt: '2025-09-30T20:00:00Z', acceptedOn: '2025-10-01' } }]);
    given([])
      .when(register({ acceptedAt: '2025-09-29T17:00:00Z', recordedAt: '2025-10-09T09:00:00+08:00' }))
      .thenMatches([{ data: { acceptedOn: '2025-09-30', deadlines: { committed: end('2025-10-14') } } }]);
  });

  it('records the calendar version it was given, and calendar years across a new year', () => {
    given([])
      .when(
        register({
          acceptedAt: '2025-12-22T09:00:00+08:00',
          recordedAt: '2025-12-22T10:00:00+08:00',
          calendarVersion: 2,
        }),
      )
      .thenMatches([
        {
          data: {
            // New Year 2026-01-01…03 off, Sunday 2026-01-04 a 调休 working day.
            deadlines: { committed: end('2025-12-29'), legal: end('2026-01-20') },
            calendarYears: [2025, 2026],
            calendarVersion: 2,
          },
        },
      ]);
  });

  it('counts calendar days for a calendar-day limit and records no calendar years', () => {
    const power = { ...POWER, timeLimit: { legalDays: 30, committedDays: 10, unit: 'calendar' as const } };
    given([])
      .when(register({ power }))
      .thenMatches([
        {
          data: {
            timeLimit: { legalDays: 30, committedDays: 10, unit: 'calendar' },
            deadlines: { committed: end('2025-03-13'), legal: end('2025-04-02') },
            calendarYears: [],
          },
        },
      ]);
  });

  it('records an operation on a cancelled power, without deadlines: the act must not be hidden', () => {
    const power: OperationPowerInput = { ...POWER, inForce: false, notInForceReason: 'cancelled' };
    given([])
      .when(register({ power }))
      .then([
        registered({
          power: { ...registered().data.power, inForce: false, notInForceReason: 'cancelled' },
          timeLimit: null,
          deadlines: null,
          calendarYears: [],
        }),
      ]);
  });

  it("records a power held by another department on that date as not in force, reason 'other-department'", () => {
    given([])
      .when(register({ power: { ...POWER, ownerDepartment: 'ZF' } }))
      .thenMatches([{ data: { power: { inForce: false, notInForceReason: 'other-department' }, deadlines: null } }]);
  });

  it("gives 'other-department' for another department's power that is cancelled too, telling nothing more of it", () => {
    const power = { ...POWER, ownerDepartment: 'ZF', inForce: false, notInForceReason: 'cancelled' as const };
    given([])
      .when(register({ power }))
      .thenMatches([{ data: { power: { inForce: false, notInForceReason: 'other-department' } } }]);
  });

  it('records no deadlines for a power without time limits', () => {
    const { timeLimit: _timeLimit, ...power } = POWER;
    given([])
      .when(register({ power }))
      .thenMatches([{ data: { power: { inForce: true }, timeLimit: null, deadlines: null, calendarYears: [] } }]);
  });

  it('records an operation on a code the catalogue does not hold, not in force, without deadlines', () => {
    given([])
      .when(register({ power: { code: CODE, exists: false, inForce: false } }))
      .thenMatches([
        {
          type: 'OperationRegistered',
          data: { power: { code: CODE, inForce: false, notInForceReason: 'not-in-catalogue' }, deadlines: null },
        },
      ]);
  });

  it('lets a department register only for itself', () => {
    const error = given([])
      .when(register({ actor: ZF }))
      .thenThrows('FORBIDDEN_DEPARTMENT');
    expect(error.category).toBe('forbidden');
    given([])
      .when(register({ actor: { id: 'u', role: 'department' } }))
      .thenThrows('FORBIDDEN_DEPARTMENT');
  });

  it.each([['reviewer'], ['supervisor'], ['investigator'], ['admin']] as const)('forbids the %s role', (role) => {
    const error = given([])
      .when(register({ actor: { id: 'u', role, department: 'CG' } }))
      .thenThrows('FORBIDDEN_ROLE');
    expect(error.category).toBe('forbidden');
  });

  it('registers an operation once: OPERATION_EXISTS is a conflict', () => {
    const error = given([registered()]).when(register()).thenThrows('OPERATION_EXISTS');
    expect(error.category).toBe('conflict');
  });

  it('accepts a matter accepted up to the instant of recording, not after it', () => {
    given([])
      .when(register({ acceptedAt: REGISTERED_AT }))
      .thenMatches([{ data: { acceptedAt: REGISTERED_AT } }]);
    const error = given([])
      .when(register({ acceptedAt: '2025-03-03T02:00:00.001Z' }))
      .thenThrows('AT_IN_FUTURE');
    expect(error.fieldErrors).toEqual({ acceptedAt: ['must not be after the time of recording'] });
  });

  it('records the deadlines pending when they fall in a year not yet published', () => {
    given([])
      .when(register({ acceptedAt: '2026-12-20T09:00:00+08:00', recordedAt: '2026-12-20T10:00:00+08:00' }))
      .thenMatches([{ type: 'OperationRegistered', data: { deadlines: null, deadlinesPending: { years: [2027] } } }]);
  });
});

describe('recording steps', () => {
  const documents = [{ name: '立案审批表.pdf', sha256: 'AB'.repeat(32) }];

  it('records a step with its documents by name and SHA-256 (lowercase)', () => {
    given([registered()])
      .when(step('filing', '2025-03-03T11:00:00+08:00', { note: '立案', documents }))
      .then([
        stepRecorded('filing', '2025-03-03T11:00:00+08:00', {
          note: '立案',
          documents: [{ name: '立案审批表.pdf', sha256: 'ab'.repeat(32) }],
        }),
      ]);
  });

  it('accepts a step recorded after the fact, from the acceptance instant on', () => {
    given([registered()])
      .when(step('filing', ACCEPTED_AT, { recordedAt: '2025-03-05T09:00:00+08:00' }))
      .then([stepRecorded('filing', ACCEPTED_AT, { recordedAt: '2025-03-05T09:00:00+08:00' })]);
  });

  it('rejects a step before the acceptance (AT_BEFORE_ACCEPTANCE) or after the recording (AT_IN_FUTURE)', () => {
    expect(
      given([registered()]).when(step('filing', '2025-03-03T08:59:59+08:00')).thenThrows('AT_BEFORE_ACCEPTANCE')
        .category,
    ).toBe('rule');
    expect(
      given([registered()])
        .when(step('filing', '2025-03-04T09:00:00+08:00', { recordedAt: '2025-03-04T08:59:00+08:00' }))
        .thenThrows('AT_IN_FUTURE').category,
    ).toBe('rule');
  });

  it('lets the registering department or a reviewer act, nobody else', () => {
    const at = '2025-03-04T09:00:00+08:00';
    given([registered()])
      .when(step('investigation', at, { actor: REVIEWER }))
      .then([stepRecorded('investigation', at)]);
    given([registered()])
      .when(step('investigation', at, { actor: ZF }))
      .thenThrows('FORBIDDEN_DEPARTMENT');
    given([registered()])
      .when(step('investigation', at, { actor: SUPERVISOR }))
      .thenThrows('FORBIDDEN_ROLE');
  });

  it('answers OPERATION_NOT_FOUND for an operation never registered', () => {
    const error = given([]).when(step('filing', '2025-03-04T09:00:00+08:00')).thenThrows('OPERATION_NOT_FOUND');
    expect(error.category).toBe('not-found');
  });

  it('takes nothing once completed', () => {
    given([registered(), completed('2025-03-07T09:00:00+08:00')])
      .when(step('other', '2025-03-07T10:00:00+08:00'))
      .thenThrows('OPERATION_COMPLETED');
  });
});

function completed(at: string, data: Partial<OperationCompleted['data']> = {}): OperationCompleted {
  return {
    type: 'OperationCompleted',
    data: {
      id: ID,
      at,
      deadlines: DEADLINES,
      overdue: { committed: false, legal: false },
      recordedAt: at,
      ...data,
    },
  };
}

describe('pausing and resuming the clock (special procedures)', () => {
  const PAUSED_AT = '2025-03-03T14:00:00+08:00';
  const RESUMED_AT = '2025-03-06T09:00:00+08:00';
  const paused = stepRecorded('pause', PAUSED_AT);

  it('requires the pause to name its kind of special procedure and the document that started it', () => {
    const error = given([registered()])
      .when(step('pause', PAUSED_AT, { pauseKind: undefined, documents: undefined, note: '听证' }))
      .thenThrows('FIELD_REQUIRED');
    expect(Object.keys(error.fieldErrors).sort()).toEqual(['documents', 'pauseKind']);
    given([registered()])
      .when(step('pause', PAUSED_AT, { documents: [] }))
      .thenThrows('FIELD_REQUIRED');
  });

  it('requires the legal basis in the note for a pause of kind other', () => {
    const other = given([registered()])
      .when(step('pause', PAUSED_AT, { pauseKind: 'other' }))
      .thenThrows('FIELD_REQUIRED');
    expect(Object.keys(other.fieldErrors)).toEqual(['note']);
    given([registered()])
      .when(step('pause', PAUSED_AT, { pauseKind: 'other', note: '《行政许可法》第四十五条' }))
      .then([stepRecorded('pause', PAUSED_AT, { pauseKind: 'other', note: '《行政许可法》第四十五条' })]);
  });

  it('refuses a pause kind on any other step', () => {
    const error = given([registered()])
      .when(step('hearing', PAUSED_AT, { pauseKind: 'hearing' }))
      .thenThrows('INVALID_FIELD');
    expect(Object.keys(error.fieldErrors)).toEqual(['pauseKind']);
  });

  it('still reads pauses recorded before kinds existed, naming the procedure by their note', () => {
    const legacy = stepRecorded('pause', PAUSED_AT, { pauseKind: undefined, documents: undefined, note: '检测' });
    const state = fold(operationDecider, [registered(), legacy]);
    expect(state).toMatchObject({ status: 'paused', pause: { at: PAUSED_AT, procedure: '检测', version: 2 } });
    expect(state).not.toHaveProperty('pause.kind');
    given([registered(), legacy])
      .when(step('resume', RESUMED_AT))
      .thenMatches([
        { type: 'OperationStepRecorded' },
        {
          type: 'OperationDeadlinesExtended',
          data: { pauseEvidence: { pauseVersion: 2, resumeVersion: 3, procedure: '检测' } },
        },
      ]);
  });

  it('moves both deadlines by exactly 3 working days for a pause from Monday to Thursday', () => {
    const extended: OperationDeadlinesExtended = {
      type: 'OperationDeadlinesExtended',
      data: {
        id: ID,
        unit: 'working',
        pausedDays: 3,
        pausedAt: PAUSED_AT,
        resumedAt: RESUMED_AT,
        pauseEvidence: { pauseVersion: 2, resumeVersion: 3, procedure: '听证', pauseKind: 'hearing' },
        previous: DEADLINES,
        deadlines: { committed: end('2025-03-13'), legal: end('2025-04-03') },
        calendarYears: [2025],
        calendarVersion: 0,
        recordedAt: RESUMED_AT,
      },
    };
    given([registered(), paused])
      .when(step('resume', RESUMED_AT, { calendarVersion: 0 }))
      .then([stepRecorded('resume', RESUMED_AT), extended]);
  });

  it('moves nothing when the clock restarts the day it stopped', () => {
    given([registered(), paused])
      .when(step('resume', '2025-03-03T17:00:00+08:00'))
      .then([stepRecorded('resume', '2025-03-03T17:00:00+08:00')]);
  });

  it('extends from the deadlines already extended on a second pause', () => {
    const history: OperationEvent[] = [
      registered(),
      paused,
      ...operationDecider.decide(step('resume', RESUMED_AT), fold(operationDecider, [registered(), paused])),
      stepRecorded('pause', '2025-03-07T09:00:00+08:00', { pauseKind: 'testing', note: '烟草制品真伪鉴别检测' }),
    ];
    given(history)
      .when(step('resume', '2025-03-10T09:00:00+08:00'))
      .thenMatches([
        { type: 'OperationStepRecorded' },
        {
          type: 'OperationDeadlinesExtended',
          data: {
            pausedDays: 1,
            pauseEvidence: {
              pauseVersion: 5,
              resumeVersion: 6,
              procedure: '检验检测检疫：烟草制品真伪鉴别检测',
              pauseKind: 'testing',
            },
            previous: { committed: end('2025-03-13'), legal: end('2025-04-03') },
            deadlines: { committed: end('2025-03-14'), legal: end('2025-04-07') },
          },
        },
      ]);
  });

  it('extends nothing for an operation without deadlines', () => {
    const noDeadlines = registered({ deadlines: null, timeLimit: null, calendarYears: [] });
    given([noDeadlines, paused])
      .when(step('resume', RESUMED_AT))
      .then([stepRecorded('resume', RESUMED_AT)]);
  });

  it('rejects a pause while paused and a resumption while running', () => {
    given([registered(), paused]).when(step('pause', '2025-03-04T09:00:00+08:00')).thenThrows('OPERATION_PAUSED');
    given([registered()]).when(step('resume', RESUMED_AT)).thenThrows('OPERATION_NOT_PAUSED');
  });

  it('keeps pauses apart: no resumption before its pause, no pause before the last resumption', () => {
    const error = given([registered(), stepRecorded('pause', RESUMED_AT)])
      .when(step('resume', PAUSED_AT, { recordedAt: '2025-03-07T09:00:00+08:00' }))
      .thenThrows('PAUSE_OUT_OF_ORDER');
    expect(error.category).toBe('rule');
    given([registered(), paused, stepRecorded('resume', RESUMED_AT)])
      .when(step('pause', '2025-03-05T09:00:00+08:00', { recordedAt: '2025-03-07T09:00:00+08:00' }))
      .thenThrows('PAUSE_OUT_OF_ORDER');
  });

  it('records other steps while paused (the hearing itself)', () => {
    given([registered(), paused])
      .when(step('hearing', '2025-03-05T09:00:00+08:00'))
      .then([stepRecorded('hearing', '2025-03-05T09:00:00+08:00')]);
  });
});

describe('recording the decision', () => {
  it('records the decision as taken', () => {
    given([registered()]).when(decide()).then([decided()]);
  });

  it('records a penalty outside the band too: detectors raise it, the fact is not hidden', () => {
    given([registered()])
      .when(decide({ penalty: { amount: 90000, band: 'severe', major: true } }))
      .then([decided({ penalty: { amount: 90000, band: 'severe', major: true } })]);
  });

  it('records licensing decisions with the conditions applied', () => {
    const decision = decide({ outcome: 'approved', penalty: undefined, conditionsApplied: ['具有固定经营场所'] });
    given([registered()])
      .when(decision)
      .thenMatches([{ data: { outcome: 'approved', conditionsApplied: ['具有固定经营场所'] } }]);
  });

  it('requires a penalty exactly when the outcome is penalty', () => {
    given([registered()])
      .when(decide({ penalty: undefined }))
      .thenThrows('PENALTY_REQUIRED');
    given([registered()])
      .when(decide({ outcome: 'no-penalty' }))
      .thenThrows('PENALTY_NOT_ALLOWED');
  });

  it('takes one decision per operation: DECISION_EXISTS is a conflict', () => {
    const error = given([registered(), decided()]).when(decide()).thenThrows('DECISION_EXISTS');
    expect(error.category).toBe('conflict');
  });

  it('takes no decision once completed, nor one before the acceptance', () => {
    given([registered(), completed('2025-03-07T09:00:00+08:00')])
      .when(decide())
      .thenThrows('OPERATION_COMPLETED');
    given([registered()])
      .when(decide({ at: '2025-03-01T09:00:00+08:00' }))
      .thenThrows('AT_BEFORE_ACCEPTANCE');
  });
});

describe('completing an operation', () => {
  it('records the completion with the deadlines in force and whether it was late', () => {
    given([registered()])
      .when(complete('2025-03-10T23:59:59.999+08:00'))
      .then([completed('2025-03-10T23:59:59.999+08:00')]);
    given([registered()])
      .when(complete('2025-03-11T00:00:00+08:00'))
      .then([completed('2025-03-11T00:00:00+08:00', { overdue: { committed: true, legal: false } })]);
  });

  it('records no overdue flags without deadlines', () => {
    given([registered({ deadlines: null, timeLimit: null, calendarYears: [] })])
      .when(complete('2025-03-05T09:00:00+08:00'))
      .then([completed('2025-03-05T09:00:00+08:00', { deadlines: null, overdue: null })]);
  });

  it('refuses completion while paused, and a second completion', () => {
    given([registered(), stepRecorded('pause', '2025-03-04T09:00:00+08:00')])
      .when(complete('2025-03-05T09:00:00+08:00'))
      .thenThrows('OPERATION_PAUSED');
    given([registered(), completed('2025-03-05T09:00:00+08:00')])
      .when(complete('2025-03-06T09:00:00+08:00'))
      .thenThrows('OPERATION_COMPLETED');
  });

  it('refuses a completion before a step or the decision already recorded', () => {
    const error = given([registered(), decided()])
      .when(complete('2025-03-07T14:00:00+08:00'))
      .thenThrows('COMPLETION_BEFORE_LAST_STEP');
    expect(error.details).toEqual({ at: '2025-03-07T14:00:00+08:00', lastAt: '2025-03-07T15:00:00+08:00' });
    given([registered(), stepRecorded('service', '2025-03-08T09:00:00+08:00')])
      .when(complete('2025-03-08T08:00:00+08:00'))
      .thenThrows('COMPLETION_BEFORE_LAST_STEP');
  });

  it('refuses a completion before the acceptance (AT_BEFORE_ACCEPTANCE), the acceptance itself included', () => {
    const error = given([registered()])
      .when(complete('2025-03-03T08:59:59.999+08:00'))
      .thenThrows('AT_BEFORE_ACCEPTANCE');
    expect(error.fieldErrors).toEqual({ at: ['must not be before acceptedAt'] });
    given([registered()])
      .when(complete(ACCEPTED_AT))
      .then([completed(ACCEPTED_AT)]);
  });

  it('refuses a completion claimed after its recording (AT_IN_FUTURE): it would stop the clock of ground 7 ahead', () => {
    const recordedAt = '2025-03-07T09:00:00+08:00';
    const error = given([registered()])
      .when(complete('2025-03-07T09:00:00.001+08:00', { recordedAt }))
      .thenThrows('AT_IN_FUTURE');
    expect(error.fieldErrors).toEqual({ at: ['must not be after the time of recording'] });
    given([registered()])
      .when(complete(recordedAt, { recordedAt }))
      .then([completed(recordedAt)]);
  });

  it('forbids other departments and supervisors', () => {
    given([registered()])
      .when(complete('2025-03-05T09:00:00+08:00', { actor: ZF }))
      .thenThrows('FORBIDDEN_DEPARTMENT');
    given([registered()])
      .when(complete('2025-03-05T09:00:00+08:00', { actor: SUPERVISOR }))
      .thenThrows('FORBIDDEN_ROLE');
  });
});

describe('operation state', () => {
  it('is absent, then open, paused, open again with extended deadlines, then completed', () => {
    const initial = operationDecider.initialState;
    expect(initial).toEqual({ status: 'absent' });
    const open = fold(operationDecider, [registered()]);
    expect(open).toMatchObject({ status: 'open', id: ID, department: 'CG', deadlines: DEADLINES, version: 1 });

    const pausedState = operationDecider.evolve(open, stepRecorded('pause', '2025-03-03T14:00:00+08:00'));
    expect(pausedState).toMatchObject({
      status: 'paused',
      pause: { at: '2025-03-03T14:00:00+08:00', procedure: '听证', version: 2 },
    });

    const resumed = operationDecider
      .decide(step('resume', '2025-03-06T09:00:00+08:00'), pausedState)
      .reduce(operationDecider.evolve, pausedState);
    expect(resumed).toMatchObject({
      status: 'open',
      deadlines: { committed: end('2025-03-13'), legal: end('2025-04-03') },
      lastResumedAt: '2025-03-06T09:00:00+08:00',
      version: 4,
    });
    expect(resumed).not.toHaveProperty('pause');
    if (resumed.status === 'absent') throw new Error('unreachable');
    expect(resumed.registration.deadlines).toEqual(DEADLINES);
    expect(resumed.extensions).toHaveLength(1);

    const done = operationDecider.evolve(resumed, completed('2025-03-12T09:00:00+08:00'));
    expect(done).toMatchObject({ status: 'completed', completion: { at: '2025-03-12T09:00:00+08:00', version: 5 } });
  });

  it('keeps the first registration and decision when replayed with stray ones', () => {
    const state = fold(operationDecider, [
      registered(),
      registered({ caseNumber: '另一个' }),
      decided(),
      decided({ outcome: 'other', penalty: undefined }),
    ]);
    expect(state).toMatchObject({
      registration: { caseNumber: '宁城罚〔2025〕12号' },
      decision: { outcome: 'penalty', version: 3 },
      version: 4,
    });
  });

  it('lives on the stream operation-<id>', () => {
    expect(operationStreamId(ID)).toBe('operation-OP-2025-0001');
  });
});

describe('labels for GET /v1/meta/enums', () => {
  it('labels every step kind, outcome and counterparty kind of the API', () => {
    expect(Object.keys(OPERATION_ENUM_LABELS.stepKind)).toHaveLength(14);
    for (const labels of Object.values(OPERATION_ENUM_LABELS)) {
      for (const label of Object.values(labels)) expect(label).toMatch(/\p{Script=Han}/u);
    }
    expect(Object.keys(OPERATION_ENUM_LABELS.decisionOutcome)).toEqual([
      'approved',
      'denied',
      'penalty',
      'no-penalty',
      'other',
    ]);
    expect(Object.keys(OPERATION_ENUM_LABELS.counterpartyKind)).toEqual(['person', 'organization']);
  });
});
