import { PowerCommand } from './power.commands';
import { powerDecider } from './power.decide';
import { RecordedPowerEvent } from './power.events';
import { PowerState } from './power.state';
import { Actor, Approval } from './power.types';
import { DEFAULT_PUBLICATION_LIMIT_WORKING_DAYS, disclosedEvents, powerView, publicationDuty } from './power.view';

const REVIEWER: Actor = { id: 'u-fzb', role: 'reviewer' };
const APPROVAL: Approval = {
  authority: '宁国市城市管理行政执法局',
  documentNo: '宁城监〔2009〕35号',
  date: '2023-12-20',
};
const CODE = 'CG-XK-0001';

/** Runs commands through the decider and records the events as the store would: numbered from 1. */
function record(commands: PowerCommand[]): { events: RecordedPowerEvent[]; state: PowerState } {
  let state = powerDecider.initialState;
  const events: RecordedPowerEvent[] = [];
  for (const command of commands) {
    for (const event of powerDecider.decide(command, state)) {
      events.push({ event, recordedAt: command.recordedAt, version: events.length + 1 });
      state = powerDecider.evolve(state, event);
    }
  }
  return { events, state };
}

function at(recordedAt: string) {
  return { actor: REVIEWER, recordedAt, today: recordedAt.slice(0, 10) };
}

const grant: PowerCommand = {
  type: 'GrantPower',
  ...at('2024-01-02T10:00:00+08:00'),
  code: CODE,
  name: '户外广告设施设置审批',
  category: 'licensing',
  department: 'CG',
  legalBasis: [{ title: '城市市容和环境卫生管理条例', article: '第十一条' }],
  timeLimit: { legalDays: 20, committedDays: 15 },
  approval: APPROVAL,
  effectiveFrom: '2024-01-01',
};
const change: PowerCommand = {
  type: 'ChangePower',
  ...at('2025-04-01T09:30:00+08:00'),
  code: CODE,
  kind: 'amendment',
  changes: { timeLimit: { committedDays: 10 } },
  reason: '压缩承诺时限',
  approval: { ...APPROVAL, documentNo: '宁规范〔2025〕3号', date: '2025-03-28' },
  effectiveFrom: '2025-01-01',
};
const transfer: PowerCommand = {
  type: 'TransferPower',
  ...at('2025-05-20T15:00:00+08:00'),
  code: CODE,
  toDepartment: 'ZF',
  reason: '相对集中行政许可权改革',
  approval: { ...APPROVAL, documentNo: '宁政〔2025〕12号', date: '2025-05-18' },
  effectiveFrom: '2025-06-01',
};
const cancel: PowerCommand = {
  type: 'CancelPower',
  ...at('2025-10-10T11:00:00+08:00'),
  code: CODE,
  reason: '国务院决定取消',
  approval: { ...APPROVAL, documentNo: '宁政〔2025〕40号', date: '2025-10-08' },
  effectiveFrom: '2026-01-01',
};

const ORIGINAL_LIMITS = { legalDays: 20, committedDays: 15, unit: 'working' };
const CHANGED_LIMITS = { legalDays: 20, committedDays: 10, unit: 'working' };

describe('powerView (bitemporal)', () => {
  const { events } = record([grant, change, transfer]);

  it('shows the original attributes and owner before the change took effect', () => {
    expect(powerView(events, { asOf: '2024-06-01' }, '2025-08-01')).toMatchObject({
      code: CODE,
      attributes: { name: '户外广告设施设置审批', timeLimit: ORIGINAL_LIMITS, department: 'CG' },
      department: 'CG',
      status: 'in-force',
      warnings: ['COMMITTED_NOT_ONE_THIRD_SHORTER'],
      version: 3,
      lastPublishedOn: null,
    });
  });

  it('applies a change recorded late from its effective date when everything known counts', () => {
    expect(powerView(events, { asOf: '2025-03-01' }, '2025-08-01')).toMatchObject({
      attributes: { timeLimit: CHANGED_LIMITS },
      department: 'CG',
      status: 'in-force',
      warnings: [],
    });
  });

  it('leaves the change out when asked what was known before it was recorded', () => {
    expect(powerView(events, { asOf: '2025-03-01', knownAt: '2025-03-15T00:00:00+08:00' }, '2025-08-01')).toMatchObject(
      { attributes: { timeLimit: ORIGINAL_LIMITS }, department: 'CG', version: 1 },
    );
  });

  it('moves the power to the new department once the transfer takes effect', () => {
    expect(powerView(events, { asOf: '2025-05-31' }, '2025-08-01')).toMatchObject({ department: 'CG' });
    expect(powerView(events, { asOf: '2025-07-01' }, '2025-08-01')).toMatchObject({
      attributes: { timeLimit: CHANGED_LIMITS, department: 'ZF' },
      department: 'ZF',
    });
  });

  it('is undefined when asked what was known before the grant was recorded', () => {
    expect(powerView(events, { knownAt: '2024-01-02T09:59:59+08:00' }, '2025-08-01')).toBeUndefined();
    expect(powerView(events, { knownAt: '2024-01-02T02:00:00Z' }, '2025-08-01')).toMatchObject({ version: 1 });
    expect(powerView([], {}, '2025-08-01')).toBeUndefined();
  });

  it('defaults asOf to today', () => {
    expect(powerView(events, {}, '2025-07-01')).toMatchObject({ department: 'ZF' });
    expect(powerView(events, {}, '2025-05-01')).toMatchObject({ department: 'CG' });
  });

  it('is not yet in force before the grant takes effect, showing the granted attributes', () => {
    expect(powerView(events, { asOf: '2023-12-31' }, '2025-08-01')).toMatchObject({
      status: 'not-yet-in-force',
      attributes: { timeLimit: ORIGINAL_LIMITS },
      department: 'CG',
      effectiveFrom: '2024-01-01',
    });
  });

  it('is cancelled from the day the cancellation takes effect, not from when it is recorded', () => {
    const withCancel = record([grant, change, transfer, cancel]).events;
    expect(powerView(withCancel, { asOf: '2025-12-31' }, '2026-02-01')).toMatchObject({
      status: 'in-force',
      version: 4,
    });
    expect(powerView(withCancel, { asOf: '2026-01-01' }, '2026-02-01')).toMatchObject({
      status: 'cancelled',
      department: 'ZF',
    });
    expect(
      powerView(withCancel, { asOf: '2026-01-01', knownAt: '2025-10-01T00:00:00+08:00' }, '2026-02-01'),
    ).toMatchObject({ status: 'in-force', version: 3 });
  });

  it('orders facts by effective date, then stream version, whatever the recording order', () => {
    const backdated: PowerCommand = {
      ...change,
      ...at('2025-06-10T09:00:00+08:00'),
      changes: { name: '户外广告设施设置许可' },
      effectiveFrom: '2024-07-01',
    };
    const sameDay: PowerCommand = { ...backdated, changes: { name: '户外广告设置许可' } };
    const { events: facts } = record([grant, change, backdated, sameDay]);
    expect(powerView(facts, { asOf: '2024-06-30' }, '2025-08-01')?.attributes.name).toBe('户外广告设施设置审批');
    expect(powerView(facts, { asOf: '2025-02-01' }, '2025-08-01')).toMatchObject({
      attributes: { name: '户外广告设置许可', timeLimit: CHANGED_LIMITS },
    });
  });

  it('shows the latest publication made on or before the date asked about', () => {
    const publish = (publishedOn: string, recordedAt: string): PowerCommand => ({
      type: 'PublishPower',
      ...at(recordedAt),
      code: CODE,
      channel: '政府门户网站',
      publishedOn,
      url: 'https://example.gov.cn/zqml',
    });
    const { events: withPublications } = record([
      grant,
      publish('2024-01-10', '2024-01-10T16:00:00+08:00'),
      publish('2025-04-08', '2025-04-08T16:00:00+08:00'),
    ]);
    expect(powerView(withPublications, { asOf: '2025-01-01' }, '2025-08-01')).toMatchObject({
      lastPublishedOn: '2024-01-10',
      publication: { channel: '政府门户网站', publishedOn: '2024-01-10', url: 'https://example.gov.cn/zqml' },
    });
    expect(powerView(withPublications, {}, '2025-08-01')).toMatchObject({ lastPublishedOn: '2025-04-08' });
  });

  it('rejects malformed dates and timestamps', () => {
    expect(() => powerView(events, { asOf: '2025-02-30' }, '2025-08-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
    expect(() => powerView(events, { knownAt: 'yesterday' }, '2025-08-01')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIMESTAMP' }),
    );
  });
});

/** Weekends off, nothing else: enough to check the duty's arithmetic. The official calendar lives elsewhere. */
function addWeekdays(date: string, n: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  for (let added = 0; added < n;) {
    day.setUTCDate(day.getUTCDate() + 1);
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) added += 1;
  }
  return day.toISOString().slice(0, 10);
}

describe('powerView of reviewed proposals', () => {
  const CG: Actor = { id: 'u-cg', role: 'department', department: 'CG' };
  const proposal = { ...grant, actor: CG } as PowerCommand;
  const approval: PowerCommand = {
    type: 'ApprovePowerProposal',
    ...at('2024-02-05T11:00:00+08:00'),
    code: CODE,
    proposalId: 1,
    approval: { authority: '宁国市法制办', documentNo: '宁法审〔2024〕2号', date: '2024-02-04' },
  };

  it('shows nothing of a grant still proposed', () => {
    const { events } = record([proposal]);
    expect(powerView(events, { asOf: '2024-06-01' }, '2024-06-01')).toBeUndefined();
  });

  it('shows an approved grant from its proposed effective date, known only from the approval on', () => {
    const { events } = record([proposal, approval]);
    expect(powerView(events, { asOf: '2024-01-01' }, '2024-06-01')).toMatchObject({ status: 'in-force', version: 2 });
    expect(powerView(events, { knownAt: '2024-02-05T10:59:59+08:00' }, '2024-06-01')).toBeUndefined();
    expect(powerView(events, { knownAt: '2024-02-05T11:00:00+08:00' }, '2024-06-01')).toMatchObject({
      status: 'in-force',
      effectiveFrom: '2024-01-01',
    });
  });

  it('leaves the power as it was while a change waits for review', () => {
    const { events } = record([grant, { ...change, actor: CG }]);
    expect(powerView(events, { asOf: '2025-06-01' }, '2025-06-01')).toMatchObject({
      attributes: { timeLimit: { committedDays: 15 } },
      version: 2,
    });
  });
});

describe('disclosedEvents', () => {
  const publish = (publishedOn: string, recordedAt: string): PowerCommand => ({
    type: 'PublishPower',
    ...at(recordedAt),
    code: CODE,
    channel: '政府网站',
    publishedOn,
  });

  it('discloses nothing before the first publication', () => {
    expect(disclosedEvents(record([grant, change]).events)).toEqual([]);
  });

  it('discloses the facts recorded before the latest publication, not those recorded after it', () => {
    const { events } = record([grant, publish('2024-01-02', '2024-01-02T16:00:00+08:00'), change]);
    const disclosed = disclosedEvents(events);
    expect(disclosed.map((e) => e.event.type)).toEqual(['PowerGranted', 'PowerPublished']);
    expect(powerView(disclosed, { asOf: '2025-06-01' }, '2025-06-01')).toMatchObject({
      attributes: { timeLimit: { committedDays: 15 } },
    });
    const republished = record([grant, publish('2024-01-02', '2024-01-02T16:00:00+08:00'), change]).events;
    republished.push({
      event: {
        type: 'PowerPublished',
        data: { code: CODE, channel: '政府网站', publishedOn: '2025-04-01', recordedAt: '2025-04-02T09:00:00+08:00' },
      },
      recordedAt: '2025-04-02T09:00:00+08:00',
      version: 4,
    });
    expect(powerView(disclosedEvents(republished), { asOf: '2025-06-01' }, '2025-06-01')).toMatchObject({
      attributes: { timeLimit: { committedDays: 10 } },
    });
  });
});

describe('publicationDuty', () => {
  const limit = DEFAULT_PUBLICATION_LIMIT_WORKING_DAYS;
  // Tuesday 2025-04-01 + 20 working days = Tuesday 2025-04-29.
  const fact = { recordedAt: '2025-04-01T09:00:00+08:00' };

  it('is due 20 working days after the day a fact is recorded, and overdue only after that day', () => {
    expect(publicationDuty([fact], [], limit, addWeekdays, '2025-04-29')).toEqual({
      lastPublishedOn: null,
      dueBy: '2025-04-29',
      overdue: false,
    });
    expect(publicationDuty([fact], [], limit, addWeekdays, '2025-04-30')).toEqual({
      lastPublishedOn: null,
      dueBy: '2025-04-29',
      overdue: true,
    });
  });

  it('counts the recording day in Asia/Shanghai', () => {
    const lateUtc = { recordedAt: '2025-03-31T17:00:00Z' };
    expect(publicationDuty([lateUtc], [{ publishedOn: '2025-03-31' }], limit, addWeekdays, '2025-04-02')).toEqual({
      lastPublishedOn: '2025-03-31',
      dueBy: '2025-04-29',
      overdue: false,
    });
  });

  it('is fulfilled by a publication on or after the recording day', () => {
    expect(publicationDuty([fact], [{ publishedOn: '2025-04-01' }], limit, addWeekdays, '2025-06-01')).toEqual({
      lastPublishedOn: '2025-04-01',
      dueBy: null,
      overdue: false,
    });
  });

  it('is due for the earliest fact recorded after the last publication', () => {
    const facts = [{ recordedAt: '2024-01-02T10:00:00+08:00' }, fact, { recordedAt: '2025-05-20T15:00:00+08:00' }];
    const publications = [{ publishedOn: '2024-01-10' }, { publishedOn: '2024-01-03' }];
    expect(publicationDuty(facts, publications, limit, addWeekdays, '2025-06-01')).toEqual({
      lastPublishedOn: '2024-01-10',
      dueBy: '2025-04-29',
      overdue: true,
    });
  });

  it("reads the decider's state: lifecycle facts and last publication", () => {
    const { state } = record([
      grant,
      {
        type: 'PublishPower',
        ...at('2024-01-05T10:00:00+08:00'),
        code: CODE,
        channel: '公告栏',
        publishedOn: '2024-01-05',
      },
      change,
    ]);
    if (state.status === 'absent') throw new Error('expected a recorded power');
    const publications = state.lastPublication ? [state.lastPublication] : [];
    expect(publicationDuty(state.facts, publications, limit, addWeekdays, '2025-04-10')).toEqual({
      lastPublishedOn: '2024-01-05',
      dueBy: '2025-04-29',
      overdue: false,
    });
  });
});
