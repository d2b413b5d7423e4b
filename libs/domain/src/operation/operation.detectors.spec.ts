import { officialCalendar } from '../calendar/official-calendar';
import { Actor, DiscretionBand } from '../power/power.types';
import { OperationCommand, RecordStep, RegisterOperation } from './operation.commands';
import { operationDecider } from './operation.decide';
import {
  DEFAULT_OPERATION_ALERT_SETTINGS,
  detectOperationAlerts,
  dueOperationAlerts,
  eventDrivenOperationAlerts,
  nextOperationCheckAt,
  OperationRecord,
  operationRecordOf,
  pausedWorkingDaysByKind,
  pauseSpans,
} from './operation.detectors';
import { RecordedOperationEvent } from './operation.events';
import { OperationPowerInput, OperationStepKind } from './operation.types';

const calendar = officialCalendar();
const context = { calendar };
const ID = 'OP-1';
const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
const BASIS = [{ title: '中华人民共和国烟草专卖法实施条例', article: '第五十七条' }];
const GENERAL: DiscretionBand = { level: 'general', conditions: '首次违法', min: 1000, max: 5000 };
const TESTING_ORDER = { name: '检验检测委托书.pdf', sha256: 'a'.repeat(64) };

/** Monday 2025-03-03: committed 5 working days → Monday 03-10 (yellow from Friday 03-07), legal 20 → 03-31. */
const ACCEPTED_AT = '2025-03-03T09:00:00+08:00';

const POWER: OperationPowerInput = {
  code: 'YC-CF-0001',
  exists: true,
  inForce: true,
  ownerDepartment: 'CG',
  category: 'penalty',
  important: true,
  timeLimit: { legalDays: 20, committedDays: 5 },
  discretion: [GENERAL],
};
/** Same limits as POWER (committed 03-10, legal 03-31 for ACCEPTED_AT), a licensing matter. */
const LICENSED: OperationPowerInput = { ...POWER, code: 'YC-XK-0002', category: 'licensing', discretion: undefined };

function register(overrides: Partial<RegisterOperation> = {}): RegisterOperation {
  return {
    type: 'RegisterOperation',
    actor: CG,
    recordedAt: '2025-03-03T10:00:00+08:00',
    id: ID,
    powerCode: POWER.code,
    department: 'CG',
    caseNumber: '宁烟罚〔2025〕7号',
    counterparty: { kind: 'person', name: '李四' },
    handlers: [{ name: '王五', post: '专卖稽查员' }],
    acceptedAt: ACCEPTED_AT,
    power: POWER,
    calendar,
    ...overrides,
  };
}

function step(kind: OperationStepKind, at: string, overrides: Partial<RecordStep> = {}): RecordStep {
  return {
    type: 'RecordStep',
    actor: CG,
    recordedAt: at,
    id: ID,
    kind,
    at,
    by: '王五',
    calendar,
    ...(kind === 'pause' ? { pauseKind: 'testing', documents: [TESTING_ORDER] } : {}),
    ...overrides,
  };
}

function penalty(amount: number, overrides: Record<string, unknown> = {}): OperationCommand {
  return {
    type: 'RecordDecision',
    actor: CG,
    recordedAt: '2025-03-07T16:00:00+08:00',
    id: ID,
    at: '2025-03-07T15:00:00+08:00',
    outcome: 'penalty',
    penalty: { amount, band: 'general' },
    legalBasisCited: BASIS,
    reasoning: '无准运证运输烟草专卖品',
    ...overrides,
  };
}

function complete(at: string): OperationCommand {
  return { type: 'CompleteOperation', actor: CG, recordedAt: at, id: ID, at };
}

/** Runs commands through the decider and records the events as the store would: versions from 1, ids e1, e2, …. */
function record(commands: OperationCommand[]): RecordedOperationEvent[] {
  let state = operationDecider.initialState;
  const events: RecordedOperationEvent[] = [];
  for (const command of commands) {
    for (const event of operationDecider.decide(command, state)) {
      const version = events.length + 1;
      events.push({ eventId: `e${version}`, event, recordedAt: command.recordedAt, version });
      state = operationDecider.evolve(state, event);
    }
  }
  return events;
}

function recordOf(commands: OperationCommand[]): OperationRecord {
  return operationRecordOf(record(commands))!;
}

const causes = (commands: OperationCommand[], settings = DEFAULT_OPERATION_ALERT_SETTINGS) =>
  eventDrivenOperationAlerts(recordOf(commands), { calendar, settings }).map((a) => a.alertId);

describe('ground 1: exercising power outside the rules', () => {
  it('raises red for an operation on a power not in force for the department, citing the registration', () => {
    const events = record([register({ power: { ...POWER, inForce: false, notInForceReason: 'cancelled' } })]);
    expect(detectOperationAlerts(events, '2025-03-03T10:00:00+08:00', context)).toEqual([
      {
        alertId: 'op:OP-1:g1:power-not-in-force',
        ground: 1,
        level: 'red',
        department: 'CG',
        subject: { kind: 'operation', id: ID },
        cause: 'power-not-in-force',
        evidence: ['e1'],
        message: expect.stringMatching(/已取消.*cancelled/),
      },
    ]);
  });

  it('raises nothing for an operation on a power in force, registered in time', () => {
    expect(detectOperationAlerts(record([register()]), '2025-03-03T10:00:00+08:00', context)).toEqual([]);
  });

  it('raises yellow for a registration more than 3 working days after the acceptance date', () => {
    // Monday → Thursday is 3 working days: in time; Friday is 4: late.
    expect(causes([register({ recordedAt: '2025-03-06T23:00:00+08:00' })])).toEqual([]);
    const late = eventDrivenOperationAlerts(recordOf([register({ recordedAt: '2025-03-07T08:00:00+08:00' })]), context);
    expect(late).toMatchObject([
      { alertId: 'op:OP-1:g1:late-registration', ground: 1, level: 'yellow', evidence: ['e1'] },
    ]);
  });

  it('counts the registration delay in working days in Asia/Shanghai', () => {
    // Accepted 09-30; 10-01…08 off: recorded on 10-10 is 2 working days later.
    const overNationalDay = register({
      acceptedAt: '2025-09-30T09:00:00+08:00',
      recordedAt: '2025-10-10T18:00:00+08:00',
    });
    expect(causes([overNationalDay])).toEqual([]);
    // 2025-03-06T16:00Z is already Friday 03-07 in Shanghai.
    expect(causes([register({ recordedAt: '2025-03-06T16:00:00Z' })])).toEqual(['op:OP-1:g1:late-registration']);
  });

  it('takes the allowed delay from the settings', () => {
    const strict = { ...DEFAULT_OPERATION_ALERT_SETTINGS, lateRegistrationWorkingDays: 1 };
    expect(causes([register({ recordedAt: '2025-03-04T18:00:00+08:00' })], strict)).toEqual([]);
    expect(causes([register({ recordedAt: '2025-03-05T08:00:00+08:00' })], strict)).toEqual([
      'op:OP-1:g1:late-registration',
    ]);
  });

  it('raises red for a penalty without a notice of rights at or before the decision, citing the decision', () => {
    const alerts = eventDrivenOperationAlerts(recordOf([register(), penalty(3000)]), context);
    expect(alerts).toMatchObject([
      { alertId: 'op:OP-1:g1:penalty-without-notice-of-rights', ground: 1, level: 'red', evidence: ['e2'] },
    ]);
  });

  it('accepts a notice of rights recorded before the decision and claimed at or before it', () => {
    const decisionAt = '2025-03-07T15:00:00+08:00';
    expect(causes([register(), step('notice-of-rights', decisionAt), penalty(3000)])).toEqual([]);
    expect(
      causes([
        register(),
        step('notice-of-rights', '2025-03-07T15:00:01+08:00', { recordedAt: '2025-03-07T15:00:01+08:00' }),
        penalty(3000, { recordedAt: '2025-03-07T16:00:00+08:00' }),
      ]),
    ).toEqual(['op:OP-1:g1:penalty-without-notice-of-rights']);
  });

  it('judges by the record: a notice recorded after the decision does not count, whatever time it claims', () => {
    const alerts = eventDrivenOperationAlerts(
      recordOf([
        register(),
        penalty(3000),
        step('notice-of-rights', '2025-03-05T09:00:00+08:00', { recordedAt: '2025-03-08T09:00:00+08:00' }),
      ]),
      context,
    );
    expect(alerts).toMatchObject([
      {
        alertId: 'op:OP-1:g1:penalty-without-notice-of-rights',
        level: 'red',
        evidence: ['e2', 'e3'],
        message: expect.stringContaining('告知在决定之后才登记'),
      },
    ]);
  });

  it('judges a collective discussion recorded after a major penalty as missing, citing it', () => {
    const bands = { ...POWER, discretion: [{ ...GENERAL, max: 100_000 }] };
    const alerts = eventDrivenOperationAlerts(
      recordOf([
        register({ power: bands }),
        step('notice-of-rights', '2025-03-05T09:00:00+08:00'),
        penalty(80_000),
        step('collective-discussion', '2025-03-06T09:00:00+08:00', { recordedAt: '2025-03-07T17:00:00+08:00' }),
      ]),
      context,
    );
    expect(alerts).toMatchObject([
      { alertId: 'op:OP-1:g1:major-penalty-without-collective-discussion', evidence: ['e3', 'e4'] },
    ]);
  });

  it('does not ask a notice of rights of decisions other than penalties', () => {
    expect(causes([register(), penalty(0, { outcome: 'no-penalty', penalty: undefined })])).toEqual([]);
  });

  it('raises red for a major penalty (amount ≥ 50,000 or declared major) without a collective discussion', () => {
    const noticed = step('notice-of-rights', '2025-03-05T09:00:00+08:00');
    const bands = { ...POWER, discretion: [{ ...GENERAL, max: 100_000 }] };
    expect(causes([register({ power: bands }), noticed, penalty(49_999.99)])).toEqual([]);
    expect(causes([register({ power: bands }), noticed, penalty(50_000)])).toEqual([
      'op:OP-1:g1:major-penalty-without-collective-discussion',
    ]);
    expect(
      causes([register(), noticed, penalty(2000, { penalty: { amount: 2000, band: 'general', major: true } })]),
    ).toEqual(['op:OP-1:g1:major-penalty-without-collective-discussion']);
    expect(
      causes([
        register({ power: bands }),
        noticed,
        step('collective-discussion', '2025-03-06T09:00:00+08:00'),
        penalty(80_000),
      ]),
    ).toEqual([]);
  });

  it('takes the major-penalty amount from the settings', () => {
    const noticed = step('notice-of-rights', '2025-03-05T09:00:00+08:00');
    const settings = { ...DEFAULT_OPERATION_ALERT_SETTINGS, majorPenaltyAmount: 3000 };
    expect(causes([register(), noticed, penalty(2999)], settings)).toEqual([]);
    expect(causes([register(), noticed, penalty(3000)], settings)).toEqual([
      'op:OP-1:g1:major-penalty-without-collective-discussion',
    ]);
  });
});

describe('ground 5: the discretion standard', () => {
  const noticed = step('notice-of-rights', '2025-03-05T09:00:00+08:00');

  it('raises nothing for an amount within the band, bounds included', () => {
    expect(causes([register(), noticed, penalty(1000)])).toEqual([]);
    expect(causes([register(), noticed, penalty(5000)])).toEqual([]);
  });

  it('raises red for an amount outside the band, citing the decision and the registration', () => {
    const alerts = eventDrivenOperationAlerts(recordOf([register(), noticed, penalty(5000.01)]), context);
    expect(alerts).toMatchObject([
      { alertId: 'op:OP-1:g5:penalty-outside-band', ground: 5, level: 'red', evidence: ['e3', 'e1'] },
    ]);
    expect(causes([register(), noticed, penalty(999)])).toEqual(['op:OP-1:g5:penalty-outside-band']);
  });

  it('raises red for a band the power does not declare among those it declares', () => {
    const severe = penalty(3000, { penalty: { amount: 3000, band: 'severe' } });
    expect(causes([register(), noticed, severe])).toEqual(['op:OP-1:g5:penalty-band-not-declared']);
  });

  it('raises nothing per penalty on a power that declares no bands: that is one alert on the power', () => {
    const { discretion: _discretion, ...withoutBands } = POWER;
    expect(causes([register({ power: withoutBands }), noticed, penalty(3000)])).toEqual([]);
    expect(causes([register({ power: { ...POWER, discretion: [] } }), noticed, penalty(3000)])).toEqual([]);
  });

  it('judges no band on a power not in force: there was no standard in force, ground 1 says so', () => {
    const notInForce = { ...POWER, inForce: false, notInForceReason: 'not-yet-in-force' as const };
    expect(causes([register({ power: notInForce }), noticed, penalty(9000)])).toEqual([
      'op:OP-1:g1:power-not-in-force',
    ]);
  });
});

describe('ground 6: licensing conditions beyond the published ones', () => {
  const LICENSING: OperationPowerInput = {
    ...POWER,
    code: 'YC-XK-0001',
    category: 'licensing',
    discretion: undefined,
    licensingConditions: ['有与经营烟草制品零售业务相适应的资金', '有固定的经营场所'],
  };
  const approve = (conditionsApplied?: string[]) =>
    penalty(0, { outcome: 'approved', penalty: undefined, conditionsApplied });

  it('raises red for a condition the power does not publish, citing the decision and the registration', () => {
    const alerts = eventDrivenOperationAlerts(
      recordOf([
        register({ powerCode: 'YC-XK-0001', power: LICENSING }),
        approve(['有固定的经营场所', '须有本地户籍']),
      ]),
      context,
    );
    expect(alerts).toMatchObject([
      {
        alertId: 'op:OP-1:g6:conditions-not-published',
        ground: 6,
        level: 'red',
        evidence: ['e2', 'e1'],
        message: expect.stringContaining('须有本地户籍'),
      },
    ]);
  });

  it('raises nothing for published conditions only, or none', () => {
    const registration = register({ powerCode: 'YC-XK-0001', power: LICENSING });
    expect(causes([registration, approve([' 有固定的经营场所 '])])).toEqual([]);
    expect(causes([registration, approve()])).toEqual([]);
  });

  it('judges no conditions on a power not in force: none were published in force, ground 1 says so', () => {
    const notInForce = { ...LICENSING, inForce: false, notInForceReason: 'not-yet-in-force' as const };
    const registration = register({ powerCode: 'YC-XK-0001', power: notInForce });
    expect(causes([registration, approve(['须有本地户籍'])])).toEqual(['op:OP-1:g1:power-not-in-force']);
  });
});

describe('ground 7: a licensing matter not completed within the committed time', () => {
  const licensing = (overrides: Partial<RegisterOperation> = {}) =>
    register({ powerCode: LICENSED.code, power: LICENSED, ...overrides });
  const open = () => recordOf([licensing()]);

  it('is quiet until the yellow period: at most 1 working day left after today (5 committed days)', () => {
    expect(dueOperationAlerts(open(), '2025-03-06T23:59:59.999+08:00', context)).toEqual([]);
  });

  it('raises yellow from the start of the first day with at most the threshold left, weekend included', () => {
    const yellow = [
      {
        alertId: 'op:OP-1:g7:committed-deadline-near',
        ground: 7,
        level: 'yellow',
        department: 'CG',
        subject: { kind: 'operation', id: ID },
        cause: 'committed-deadline-near',
        evidence: ['e1'],
        message: expect.stringContaining('2025-03-10'),
      },
    ];
    expect(dueOperationAlerts(open(), '2025-03-07T00:00:00+08:00', context)).toEqual(yellow);
    expect(dueOperationAlerts(open(), '2025-03-09T12:00:00+08:00', context)).toEqual(yellow);
    expect(dueOperationAlerts(open(), '2025-03-10T23:59:59.999+08:00', context)).toEqual(yellow);
  });

  it('raises red, not yellow, from the first instant after the committed deadline', () => {
    expect(dueOperationAlerts(open(), '2025-03-10T16:00:00Z', context)).toMatchObject([
      { alertId: 'op:OP-1:g7:committed-deadline-passed', ground: 7, level: 'red', evidence: ['e1'] },
    ]);
  });

  it('counts the yellow threshold over 调休 days: 40% of 5 days = 2, from the make-up Saturday 2025-10-11', () => {
    const settings = { ...DEFAULT_OPERATION_ALERT_SETTINGS, yellowFraction: 0.4 };
    const national = recordOf([
      licensing({ acceptedAt: '2025-09-30T10:00:00+08:00', recordedAt: '2025-09-30T11:00:00+08:00' }),
    ]);
    expect(national.state.deadlines?.committed).toBe('2025-10-14T23:59:59.999+08:00');
    expect(dueOperationAlerts(national, '2025-10-10T23:59:00+08:00', { calendar, settings })).toEqual([]);
    expect(dueOperationAlerts(national, '2025-10-11T00:00:00+08:00', { calendar, settings })).toMatchObject([
      { level: 'yellow' },
    ]);
    expect(nextOperationCheckAt(national, '2025-10-01T00:00:00+08:00', { calendar, settings })).toBe(
      '2025-10-11T00:00:00.000+08:00',
    );
  });

  it('tells the scheduler when to look again: the first yellow day, the days after each deadline', () => {
    expect(nextOperationCheckAt(open(), '2025-03-04T09:00:00+08:00', context)).toBe('2025-03-07T00:00:00.000+08:00');
    expect(nextOperationCheckAt(open(), '2025-03-07T00:00:00+08:00', context)).toBe('2025-03-11T00:00:00.000+08:00');
    expect(nextOperationCheckAt(open(), '2025-03-11T00:00:00+08:00', context)).toBe('2025-04-01T00:00:00.000+08:00');
    expect(nextOperationCheckAt(open(), '2025-04-01T00:00:00+08:00', context)).toBeNull();
  });

  it('agrees with dueOperationAlerts just before and at each instant it names', () => {
    const record = open();
    let now = '2025-03-03T10:00:00+08:00';
    const seen: string[] = [];
    for (let next = nextOperationCheckAt(record, now, context); next !== null;) {
      const before = new Date(Date.parse(next) - 1).toISOString();
      expect(dueOperationAlerts(record, before, context)).toEqual(dueOperationAlerts(record, now, context));
      expect(dueOperationAlerts(record, next, context)).not.toEqual(dueOperationAlerts(record, before, context));
      seen.push(
        dueOperationAlerts(record, next, context)
          .map((a) => a.alertId)
          .join(' + '),
      );
      now = next;
      next = nextOperationCheckAt(record, now, context);
    }
    expect(seen).toEqual([
      'op:OP-1:g7:committed-deadline-near',
      'op:OP-1:g7:committed-deadline-passed',
      'op:OP-1:g7:committed-deadline-passed + op:OP-1:g1:legal-deadline-passed',
    ]);
  });

  it('stops the clock while paused: neither yellow nor red comes during a pause that began in time', () => {
    const paused = recordOf([licensing(), step('pause', '2025-03-04T09:00:00+08:00')]);
    expect(dueOperationAlerts(paused, '2025-06-01T00:00:00+08:00', context)).toEqual([]);
    // Only the pause's own length is left to watch (60 working days after 03-04 is 06-02).
    expect(nextOperationCheckAt(paused, '2025-03-05T00:00:00+08:00', context)).toBe('2025-06-03T00:00:00.000+08:00');
  });

  it('keeps what was due when the pause began: yellow in the yellow period, red after the deadline', () => {
    const inYellow = recordOf([licensing(), step('pause', '2025-03-07T09:00:00+08:00')]);
    expect(dueOperationAlerts(inYellow, '2025-06-01T00:00:00+08:00', context)).toMatchObject([{ level: 'yellow' }]);
    const late = recordOf([licensing(), step('pause', '2025-03-11T09:00:00+08:00')]);
    expect(dueOperationAlerts(late, '2025-06-01T00:00:00+08:00', context)).toMatchObject([{ level: 'red' }]);
  });

  it('judges by the extended deadline after a resumption, citing the extension', () => {
    const resumed = recordOf([
      licensing(),
      step('pause', '2025-03-03T14:00:00+08:00'),
      step('resume', '2025-03-06T09:00:00+08:00'),
    ]);
    expect(resumed.state.deadlines?.committed).toBe('2025-03-13T23:59:59.999+08:00');
    expect(dueOperationAlerts(resumed, '2025-03-11T12:00:00+08:00', context)).toEqual([]);
    expect(dueOperationAlerts(resumed, '2025-03-12T00:00:00+08:00', context)).toMatchObject([
      { level: 'yellow', evidence: ['e1', 'e4'] },
    ]);
    expect(dueOperationAlerts(resumed, '2025-03-14T00:00:00+08:00', context)).toMatchObject([
      { level: 'red', evidence: ['e1', 'e4'] },
    ]);
  });

  it('raises red for a completion after the committed deadline, citing the completion', () => {
    const late = recordOf([licensing(), complete('2025-03-11T09:00:00+08:00')]);
    expect(eventDrivenOperationAlerts(late, context)).toMatchObject([
      { alertId: 'op:OP-1:g7:committed-deadline-passed', level: 'red', evidence: ['e1', 'e2'] },
    ]);
    expect(dueOperationAlerts(late, '2025-06-01T00:00:00+08:00', context)).toEqual([]);
    expect(nextOperationCheckAt(late, '2025-03-12T00:00:00+08:00', context)).toBeNull();
  });

  it('raises nothing for a completion by the end of the deadline day', () => {
    const inTime = recordOf([licensing(), complete('2025-03-10T23:59:59.999+08:00')]);
    expect(eventDrivenOperationAlerts(inTime, context)).toEqual([]);
    expect(dueOperationAlerts(inTime, '2025-06-01T00:00:00+08:00', context)).toEqual([]);
  });

  it('raises nothing time-driven for an operation without deadlines (its ground 1 alert says enough)', () => {
    const noDeadlines = recordOf([
      licensing({ power: { ...LICENSED, inForce: false, notInForceReason: 'not-yet-in-force' } }),
    ]);
    expect(dueOperationAlerts(noDeadlines, '2026-01-01T00:00:00+08:00', context)).toEqual([]);
    expect(nextOperationCheckAt(noDeadlines, '2025-03-03T00:00:00+08:00', context)).toBeNull();
  });
});

describe('ground 10 and ground 1: the deadlines of matters other than licensing', () => {
  const open = () => recordOf([register()]);

  it('gives a penalty matter its committed-deadline cards under ground 10, not 7', () => {
    expect(dueOperationAlerts(open(), '2025-03-07T00:00:00+08:00', context)).toMatchObject([
      { alertId: 'op:OP-1:g10:committed-deadline-near', ground: 10, level: 'yellow', evidence: ['e1'] },
    ]);
    expect(dueOperationAlerts(open(), '2025-03-11T00:00:00+08:00', context)).toMatchObject([
      { alertId: 'op:OP-1:g10:committed-deadline-passed', ground: 10, level: 'red' },
    ]);
  });

  it('raises red ground 1 once the legal deadline passes while open, beside the committed card', () => {
    expect(dueOperationAlerts(open(), '2025-03-31T23:59:59.999+08:00', context).map((a) => a.alertId)).toEqual([
      'op:OP-1:g10:committed-deadline-passed',
    ]);
    expect(dueOperationAlerts(open(), '2025-04-01T00:00:00+08:00', context)).toMatchObject([
      { alertId: 'op:OP-1:g10:committed-deadline-passed' },
      {
        alertId: 'op:OP-1:g1:legal-deadline-passed',
        ground: 1,
        level: 'red',
        evidence: ['e1'],
        message: expect.stringContaining('超过法定期限2025-03-31仍未办结'),
      },
    ]);
  });

  it('raises red ground 1 for a completion after the legal deadline, citing the completion', () => {
    const late = recordOf([register(), complete('2025-04-01T09:00:00+08:00')]);
    expect(eventDrivenOperationAlerts(late, context).filter((a) => a.cause !== 'late-record:v2')).toMatchObject([
      { alertId: 'op:OP-1:g10:committed-deadline-passed', level: 'red' },
      { alertId: 'op:OP-1:g1:legal-deadline-passed', ground: 1, level: 'red', evidence: ['e1', 'e2'] },
    ]);
    const beforeLegal = recordOf([register(), complete('2025-03-31T18:00:00+08:00')]);
    expect(causes([register(), complete('2025-03-31T18:00:00+08:00')])).toEqual([
      'op:OP-1:g10:committed-deadline-passed',
    ]);
    expect(dueOperationAlerts(beforeLegal, '2025-06-01T00:00:00+08:00', context)).toEqual([]);
  });

  it('judges a licensing matter past its legal deadline under ground 1 as well', () => {
    const licensing = recordOf([register({ powerCode: LICENSED.code, power: LICENSED })]);
    expect(dueOperationAlerts(licensing, '2025-04-01T00:00:00+08:00', context).map((a) => a.alertId)).toEqual([
      'op:OP-1:g7:committed-deadline-passed',
      'op:OP-1:g1:legal-deadline-passed',
    ]);
  });
});

describe('ground 1: records made long after the date they claim', () => {
  const noticed = step('notice-of-rights', '2025-03-05T09:00:00+08:00');

  it('raises yellow for a step recorded more than 3 working days after the date it claims, one per record', () => {
    // Claimed Wednesday 03-05: by Monday 03-10 (3 working days) in time, Tuesday 03-11 (4) late.
    expect(
      causes([
        register(),
        step('investigation', '2025-03-05T09:00:00+08:00', { recordedAt: '2025-03-10T23:00:00+08:00' }),
      ]),
    ).toEqual([]);
    const alerts = eventDrivenOperationAlerts(
      recordOf([
        register(),
        step('investigation', '2025-03-05T09:00:00+08:00', { recordedAt: '2025-03-11T08:00:00+08:00' }),
        step('hearing', '2025-03-05T10:00:00+08:00', { recordedAt: '2025-03-12T08:00:00+08:00' }),
      ]),
      context,
    );
    expect(alerts).toMatchObject([
      {
        alertId: 'op:OP-1:g1:late-record:v2',
        ground: 1,
        level: 'yellow',
        cause: 'late-record:v2',
        evidence: ['e2'],
        message: expect.stringMatching(/称发生于2025-03-05，第4个工作日后才登记.*recorded 4 working days later/),
      },
      { alertId: 'op:OP-1:g1:late-record:v3', evidence: ['e3'] },
    ]);
  });

  it('judges decisions and completions the same way, counting working days over holidays', () => {
    const decided = penalty(3000, { at: '2025-03-05T15:00:00+08:00', recordedAt: '2025-03-11T09:00:00+08:00' });
    expect(causes([register(), noticed, decided])).toEqual(['op:OP-1:g1:late-record:v3']);
    // Claimed 09-30, recorded 10-10: the National Day holiday leaves 2 working days.
    const national = register({ acceptedAt: '2025-09-29T09:00:00+08:00', recordedAt: '2025-09-29T10:00:00+08:00' });
    const completion: OperationCommand = {
      ...complete('2025-09-30T09:00:00+08:00'),
      recordedAt: '2025-10-10T18:00:00+08:00',
    };
    expect(causes([national, completion])).toEqual([]);
    const lateCompletion = { ...completion, recordedAt: '2025-10-15T08:00:00+08:00' };
    expect(causes([national, lateCompletion])).toEqual(['op:OP-1:g1:late-record:v2']);
  });

  it('takes the allowed delay from the settings', () => {
    const settings = { ...DEFAULT_OPERATION_ALERT_SETTINGS, lateRecordWorkingDays: 0 };
    const nextDay = step('investigation', '2025-03-05T09:00:00+08:00', { recordedAt: '2025-03-06T08:00:00+08:00' });
    expect(causes([register(), nextDay])).toEqual([]);
    expect(causes([register(), nextDay], settings)).toEqual(['op:OP-1:g1:late-record:v2']);
  });
});

describe('ground 10: pauses longer than allowed', () => {
  const paused = (at = '2025-03-04T09:00:00+08:00') => step('pause', at);

  it('raises yellow once a pause under way has lasted more than 60 working days, not before', () => {
    const record = recordOf([register(), paused()]);
    // 03-04 + 60 working days = 06-02 (Dragon Boat Festival 05-31…06-02 off): still within on 06-02.
    expect(dueOperationAlerts(record, '2025-06-02T23:59:59.999+08:00', context)).toEqual([]);
    expect(dueOperationAlerts(record, '2025-06-03T00:00:00+08:00', context)).toEqual([
      {
        alertId: 'op:OP-1:g10:long-pause:v2',
        ground: 10,
        level: 'yellow',
        department: 'CG',
        subject: { kind: 'operation', id: ID },
        cause: 'long-pause:v2',
        evidence: ['e2'],
        message: expect.stringMatching(/"检验检测检疫"中止计时已达61个工作日（超过60个工作日）/),
      },
    ]);
    expect(nextOperationCheckAt(record, '2025-06-03T00:00:00+08:00', context)).toBeNull();
  });

  it('raises yellow for a pause that ended after more than 60 working days, citing pause and resumption', () => {
    const long = recordOf([register(), paused(), step('resume', '2025-06-03T09:00:00+08:00')]);
    expect(eventDrivenOperationAlerts(long, context)).toMatchObject([
      { alertId: 'op:OP-1:g10:long-pause:v2', evidence: ['e2', 'e3'], message: expect.stringContaining('达61个') },
    ]);
    const short = recordOf([register(), paused(), step('resume', '2025-06-02T09:00:00+08:00')]);
    expect(eventDrivenOperationAlerts(short, context)).toEqual([]);
  });

  it('takes the limit from the settings', () => {
    const settings = { ...DEFAULT_OPERATION_ALERT_SETTINGS, longPauseWorkingDays: 2 };
    const record = recordOf([register(), paused()]);
    expect(nextOperationCheckAt(record, '2025-03-04T10:00:00+08:00', { calendar, settings })).toBe(
      '2025-03-07T00:00:00.000+08:00',
    );
    expect(dueOperationAlerts(record, '2025-03-07T00:00:00+08:00', { calendar, settings })).toMatchObject([
      { alertId: 'op:OP-1:g10:long-pause:v2' },
    ]);
  });

  it('watches a pause whose end lies beyond the known calendar from the earliest day it could be too long', () => {
    const record = recordOf([
      register({ acceptedAt: '2026-11-02T09:00:00+08:00', recordedAt: '2026-11-02T10:00:00+08:00' }),
      paused('2026-11-03T09:00:00+08:00'),
    ]);
    expect(nextOperationCheckAt(record, '2026-11-04T00:00:00+08:00', context)).toBe('2027-01-03T00:00:00.000+08:00');
  });

  it('totals the paused working days per kind, a pause under way up to today', () => {
    const record = recordOf([
      register(),
      paused('2025-03-04T09:00:00+08:00'),
      step('resume', '2025-03-06T09:00:00+08:00'),
      step('pause', '2025-03-07T09:00:00+08:00', { pauseKind: 'hearing' }),
      step('resume', '2025-03-11T09:00:00+08:00'),
      paused('2025-03-12T09:00:00+08:00'),
    ]);
    expect(pauseSpans(record.state.steps).map((span) => span.kind)).toEqual(['testing', 'hearing', 'testing']);
    expect(pausedWorkingDaysByKind(record.state.steps, '2025-03-14', calendar)).toEqual({ testing: 2 + 2, hearing: 2 });
  });
});

describe('detectOperationAlerts', () => {
  it('gives the same alerts, same ids, however often it runs and in whatever order the events come', () => {
    const events = record([
      register({ recordedAt: '2025-03-10T09:00:00+08:00' }),
      penalty(9000, { recordedAt: '2025-03-10T10:00:00+08:00', at: '2025-03-10T09:30:00+08:00' }),
      complete('2025-03-12T09:00:00+08:00'),
    ]);
    const first = detectOperationAlerts(events, '2025-03-12T10:00:00+08:00', context);
    expect(first.map((a) => a.alertId)).toEqual([
      'op:OP-1:g1:late-registration',
      'op:OP-1:g1:penalty-without-notice-of-rights',
      'op:OP-1:g5:penalty-outside-band',
      'op:OP-1:g10:committed-deadline-passed',
    ]);
    expect(detectOperationAlerts([...events].reverse(), '2025-03-12T10:00:00+08:00', context)).toEqual(first);
  });

  it('finds nothing without a registration', () => {
    expect(operationRecordOf([])).toBeUndefined();
    expect(detectOperationAlerts([], '2025-03-12T10:00:00+08:00', context)).toEqual([]);
  });
});
