import { officialCalendar } from '../calendar/official-calendar';
import { powerDecider } from '../power/power.decide';
import { PowerCommand } from '../power/power.commands';
import { Actor, Approval } from '../power/power.types';
import { DEFAULT_PUBLICATION_LIMIT_WORKING_DAYS } from '../power/power.view';
import {
  detectPowerPublicationAlerts,
  IdentifiedPowerEvent,
  nextPowerPublicationCheckAt,
} from './power-publication.detector';

const calendar = officialCalendar();
const context = { limitWorkingDays: DEFAULT_PUBLICATION_LIMIT_WORKING_DAYS, calendar };
const CODE = 'CG-XK-0001';
const REVIEWER: Actor = { id: 'u-fzb', role: 'reviewer' };
const APPROVAL: Approval = { authority: '县规范办', documentNo: '宁规范〔2025〕3号', date: '2025-02-20' };

function at(recordedAt: string) {
  return { actor: REVIEWER, recordedAt, today: recordedAt.slice(0, 10) };
}

/** Recorded on Monday 2025-03-03: 20 working days later is Monday 03-31 (no holiday in March 2025). */
const grant: PowerCommand = {
  type: 'GrantPower',
  ...at('2025-03-03T10:00:00+08:00'),
  code: CODE,
  name: '户外广告设置许可',
  category: 'licensing',
  department: 'CG',
  legalBasis: [{ title: '城市市容和环境卫生管理条例', article: '第十一条' }],
  timeLimit: { legalDays: 20, committedDays: 10 },
  approval: APPROVAL,
  effectiveFrom: '2025-03-01',
};

function publish(publishedOn: string): PowerCommand {
  return { type: 'PublishPower', ...at(`${publishedOn}T12:00:00+08:00`), code: CODE, channel: '政府网站', publishedOn };
}

/** Runs commands through the decider and records the events as the store would: versions from 1, ids p1, p2, …. */
function record(commands: PowerCommand[]): IdentifiedPowerEvent[] {
  let state = powerDecider.initialState;
  const events: IdentifiedPowerEvent[] = [];
  for (const command of commands) {
    for (const event of powerDecider.decide(command, state)) {
      const version = events.length + 1;
      events.push({ eventId: `p${version}`, event, recordedAt: command.recordedAt, version });
      state = powerDecider.evolve(state, event);
    }
  }
  return events;
}

describe('publication of the power catalogue (grounds 2 and 4)', () => {
  it('raises nothing until the last day of the limit has passed', () => {
    expect(detectPowerPublicationAlerts(record([grant]), '2025-03-31T23:59:59+08:00', context)).toEqual([]);
  });

  it('raises ground 2, red, for a grant not published within 20 working days, citing the grant', () => {
    expect(detectPowerPublicationAlerts(record([grant]), '2025-04-01T00:00:00+08:00', context)).toEqual([
      {
        alertId: 'power:CG-XK-0001:g2:grant-not-published:v1',
        ground: 2,
        level: 'red',
        department: 'CG',
        subject: { kind: 'power', id: CODE },
        cause: 'grant-not-published',
        evidence: ['p1'],
        message: expect.stringContaining('2025-03-31'),
      },
    ]);
  });

  it('raises nothing for a grant published within the limit, even on its last day', () => {
    expect(
      detectPowerPublicationAlerts(record([grant, publish('2025-03-31')]), '2026-01-01T00:00:00+08:00', context),
    ).toEqual([]);
  });

  it('still raises for a grant published late: a late publication does not undo the violation', () => {
    const events = record([grant, publish('2025-04-02')]);
    expect(detectPowerPublicationAlerts(events, '2025-04-03T00:00:00+08:00', context).map((a) => a.alertId)).toEqual([
      'power:CG-XK-0001:g2:grant-not-published:v1',
    ]);
  });

  it('raises ground 4 for a change recorded after the last publication, one alert per fact', () => {
    const events = record([
      grant,
      publish('2025-03-05'),
      {
        type: 'ChangePower',
        ...at('2025-03-10T09:00:00+08:00'),
        code: CODE,
        kind: 'amendment',
        changes: { name: '户外广告设施设置许可' },
        reason: '名称规范',
        approval: APPROVAL,
        effectiveFrom: '2025-03-10',
      },
      {
        type: 'TransferPower',
        ...at('2025-03-12T09:00:00+08:00'),
        code: CODE,
        toDepartment: 'ZF',
        reason: '职能调整',
        approval: APPROVAL,
        effectiveFrom: '2025-03-12',
      },
    ]);
    // The change is due 2025-04-08 (Qingming 04-04 off), the transfer 2025-04-10.
    expect(detectPowerPublicationAlerts(events, '2025-04-08T23:00:00+08:00', context)).toEqual([]);
    expect(detectPowerPublicationAlerts(events, '2025-04-09T00:00:00+08:00', context)).toMatchObject([
      { alertId: 'power:CG-XK-0001:g4:change-not-published:v3', ground: 4, department: 'CG', evidence: ['p3'] },
    ]);
    expect(detectPowerPublicationAlerts(events, '2025-04-11T00:00:00+08:00', context)).toMatchObject([
      { alertId: 'power:CG-XK-0001:g4:change-not-published:v3' },
      // Transferred with effect from the day it was recorded: the new holder answers for publishing it.
      { alertId: 'power:CG-XK-0001:g4:transfer-not-published:v4', ground: 4, department: 'ZF', evidence: ['p4'] },
    ]);
  });

  it('raises ground 4 for a cancellation not published', () => {
    const events = record([
      grant,
      publish('2025-03-03'),
      {
        type: 'CancelPower',
        ...at('2025-06-03T09:00:00+08:00'),
        code: CODE,
        reason: '上级取消',
        approval: APPROVAL,
        effectiveFrom: '2025-07-01',
      },
    ]);
    expect(detectPowerPublicationAlerts(events, '2025-08-01T00:00:00+08:00', context)).toMatchObject([
      { alertId: 'power:CG-XK-0001:g4:cancellation-not-published:v3', ground: 4, cause: 'cancellation-not-published' },
    ]);
  });

  it('counts the recording day in Asia/Shanghai', () => {
    // 2025-03-02T17:00Z is Monday 03-03 01:00 in Shanghai: due 03-31, not 03-28.
    const early = record([{ ...grant, recordedAt: '2025-03-02T17:00:00Z', today: '2025-03-03' }]);
    expect(detectPowerPublicationAlerts(early, '2025-03-31T12:00:00+08:00', context)).toEqual([]);
  });

  it('takes the limit from the context', () => {
    const events = record([grant]);
    const strict = { ...context, limitWorkingDays: 5 };
    expect(detectPowerPublicationAlerts(events, '2025-03-10T12:00:00+08:00', strict)).toEqual([]);
    expect(detectPowerPublicationAlerts(events, '2025-03-11T00:00:00+08:00', strict)).toHaveLength(1);
  });

  it('tells the scheduler when an alert could next become due', () => {
    expect(nextPowerPublicationCheckAt(record([grant]), '2025-03-10T09:00:00+08:00', context)).toBe(
      '2025-04-01T00:00:00.000+08:00',
    );
    expect(nextPowerPublicationCheckAt(record([grant]), '2025-04-01T00:00:00+08:00', context)).toBeNull();
    expect(
      nextPowerPublicationCheckAt(record([grant, publish('2025-03-04')]), '2025-03-10T09:00:00+08:00', context),
    ).toBeNull();
  });
});

describe('judged by the record: publications recorded late', () => {
  /** A publication claiming `publishedOn`, recorded on `recordedOn`. */
  function publishRecorded(publishedOn: string, recordedOn: string): PowerCommand {
    return { ...publish(publishedOn), ...at(`${recordedOn}T12:00:00+08:00`) };
  }

  it('does not clear ground 2 with a publication recorded after the due date, whatever date it claims', () => {
    // Due 03-31; claims 03-20 (in time) but recorded 04-25, 25 working days after what it claims (Qingming 04-04 off).
    const events = record([grant, publishRecorded('2025-03-20', '2025-04-25')]);
    expect(detectPowerPublicationAlerts(events, '2025-04-25T13:00:00+08:00', context)).toEqual([
      expect.objectContaining({ alertId: 'power:CG-XK-0001:g2:grant-not-published:v1', ground: 2, level: 'red' }),
      {
        alertId: 'power:CG-XK-0001:g1:late-record:v2',
        ground: 1,
        level: 'yellow',
        department: 'CG',
        subject: { kind: 'power', id: CODE },
        cause: 'late-record:v2',
        evidence: ['p2'],
        message: expect.stringMatching(/称于2025-03-20发布，第25个工作日后才登记.*25 working days later/),
      },
    ]);
  });

  it('clears the duty with a publication recorded by the due date, late-record alert aside', () => {
    // Claims 03-20, recorded 03-31 (the due date): in time for ground 2, but 7 working days after its claim.
    const events = record([grant, publishRecorded('2025-03-20', '2025-03-31')]);
    expect(detectPowerPublicationAlerts(events, '2026-01-01T00:00:00+08:00', context).map((a) => a.alertId)).toEqual([
      'power:CG-XK-0001:g1:late-record:v2',
    ]);
    const prompt = record([grant, publishRecorded('2025-03-20', '2025-03-25')]);
    expect(detectPowerPublicationAlerts(prompt, '2026-01-01T00:00:00+08:00', context)).toEqual([]);
  });

  it('takes the allowed delay of a record from the context', () => {
    const events = record([grant, publishRecorded('2025-03-20', '2025-03-25')]);
    expect(
      detectPowerPublicationAlerts(events, '2025-03-25T13:00:00+08:00', { ...context, lateRecordWorkingDays: 2 }),
    ).toMatchObject([{ alertId: 'power:CG-XK-0001:g1:late-record:v2' }]);
  });
});

describe('classified powers (涉密不宜公开)', () => {
  const classified: PowerCommand = {
    ...grant,
    classification: { classified: true, reason: '涉及国家秘密' },
  };

  it('raises no publication alert for a classified power left unpublished: its duty is the classification review', () => {
    expect(detectPowerPublicationAlerts(record([classified]), '2026-01-01T00:00:00+08:00', context)).toEqual([]);
    expect(nextPowerPublicationCheckAt(record([classified]), '2025-03-10T09:00:00+08:00', context)).toBeNull();
  });
});

describe('the discretion standard of a penalty power (ground 2)', () => {
  const penaltyPower: PowerCommand = { ...grant, code: 'CG-CF-0001', category: 'penalty' };
  const bands = [{ level: 'general' as const, conditions: '一般情节', min: 100, max: 1000 }];
  const addBands = (recordedAt: string): PowerCommand => ({
    type: 'ChangePower',
    ...at(recordedAt),
    code: 'CG-CF-0001',
    kind: 'amendment',
    changes: { discretion: bands },
    reason: '公布裁量基准',
    approval: APPROVAL,
    effectiveFrom: recordedAt.slice(0, 10),
  });
  const published = (recordedOn: string): PowerCommand => ({ ...publish(recordedOn), code: 'CG-CF-0001' });

  it('raises one red alert on the power once the limit passes without bands, citing the grant', () => {
    const events = record([penaltyPower, published('2025-03-04')]);
    expect(detectPowerPublicationAlerts(events, '2025-03-31T23:59:59+08:00', context)).toEqual([]);
    expect(nextPowerPublicationCheckAt(events, '2025-03-10T09:00:00+08:00', context)).toBe(
      '2025-04-01T00:00:00.000+08:00',
    );
    expect(detectPowerPublicationAlerts(events, '2025-04-01T00:00:00+08:00', context)).toEqual([
      {
        alertId: 'power:CG-CF-0001:g2:discretion-standard-not-published',
        ground: 2,
        level: 'red',
        department: 'CG',
        subject: { kind: 'power', id: 'CG-CF-0001' },
        cause: 'discretion-standard-not-published',
        evidence: ['p1'],
        message: expect.stringContaining('未在2025-03-31前公布自由裁量基准'),
      },
    ]);
  });

  it('raises nothing once bands were recorded within the limit, and stays raised when they came late', () => {
    const inTime = record([penaltyPower, addBands('2025-03-20T09:00:00+08:00'), published('2025-03-21')]);
    expect(detectPowerPublicationAlerts(inTime, '2026-01-01T00:00:00+08:00', context)).toEqual([]);
    const late = record([penaltyPower, published('2025-03-04'), addBands('2025-04-02T09:00:00+08:00')]);
    expect(detectPowerPublicationAlerts(late, '2025-04-03T00:00:00+08:00', context).map((a) => a.alertId)).toEqual(
      ['power:CG-CF-0001:g2:discretion-standard-not-published', 'power:CG-CF-0001:g4:change-not-published:v3'].slice(
        0,
        1,
      ),
    );
  });

  it('asks nothing of powers of other categories, nor of penalty powers that declare bands', () => {
    expect(
      detectPowerPublicationAlerts(record([grant, publish('2025-03-04')]), '2026-01-01T00:00:00+08:00', context),
    ).toEqual([]);
    const withBands = { ...penaltyPower, discretion: bands } as PowerCommand;
    expect(
      detectPowerPublicationAlerts(record([withBands, published('2025-03-04')]), '2026-01-01T00:00:00+08:00', context),
    ).toEqual([]);
  });
});
