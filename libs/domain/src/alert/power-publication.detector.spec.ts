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
